//! Sentence boundaries over tokens.
//!
//! A sentence ends at `.`, `!`, `?`, `…` or the Khmer khan `។`, followed by any closing quotes
//! or brackets, when the next token is separated by whitespace and does not start with a
//! lower-case letter. A `.` does not end a sentence after a known abbreviation (`Mr.`, `Dec.`,
//! `No.`, `Gov.`), after a single letter (initials, `U.S.`), or before a digit (`No. 3`). A blank
//! line always starts a new sentence, so headlines, bylines and captions without a full stop
//! stay apart from the paragraph that follows. A single line break ends a sentence only when
//! the lines around it are not one wrapped paragraph: the line before ends without
//! punctuation, the next starts with a capital or a digit, and the next line is long enough
//! that its first word would have fitted on the line before (so that line was not cut by a
//! wrap). A headline, a dateline or a caption on its own line before a paragraph is such a
//! line; the lines of a paragraph wrapped at a fixed width are not. Callers that know more
//! (zones of a page: headline, caption, body) pass forced breaks to [`split_sentences_at`].

use crate::token::{Gap, Token, TokenKind};

/// Abbreviations that a full stop follows without ending the sentence (compared in lower
/// case, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "adm", "approx", "apr", "aug", "ave", "blvd", "brig", "capt", "cmdr", "co", "col", "corp",
    "cpl", "dec", "dept", "dr", "e.g", "eng", "esq", "est", "etc", "excl", "feb", "fig", "fr",
    "gen", "gov", "govt", "hon", "i.e", "inc", "incl", "insp", "jan", "jr", "jul", "jun", "km",
    "lt", "ltd", "maj", "mar", "messrs", "min", "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct",
    "op", "pp", "pres", "prof", "pte", "pvt", "rd", "rep", "rev", "sen", "sep", "sept", "sgt",
    "sr", "st", "supt", "tel", "vol", "vs",
];

fn is_abbreviation(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() <= 7
        && PACKED_ABBREVIATIONS
            .binary_search(&pack_lower(bytes))
            .is_ok()
}

/// Up to seven bytes in lower case, packed in one integer (so that a lookup compares
/// integers, not strings: asked of every word before a full stop).
const fn pack_lower(bytes: &[u8]) -> u64 {
    let mut packed = 0;
    let mut i = 0;
    while i < bytes.len() {
        packed |= (bytes[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    packed
}

/// [`ABBREVIATIONS`] packed by [`pack_lower`], sorted.
static PACKED_ABBREVIATIONS: [u64; ABBREVIATIONS.len()] = {
    let mut packed = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < packed.len() {
        packed[i] = pack_lower(ABBREVIATIONS[i].as_bytes());
        // Insertion sort: const code has no `sort`.
        let mut k = i;
        while k > 0 && packed[k - 1] > packed[k] {
            let t = packed[k];
            packed[k] = packed[k - 1];
            packed[k - 1] = t;
            k -= 1;
        }
        i += 1;
    }
    packed
};

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "។" | "\u{17D5}")
}

fn is_closing(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "›" | "»\u{a0}"
    )
}

/// Fills `out` with the index of the first token of every sentence (so `out[0] == 0` for a
/// non-empty token list).
pub fn split_sentences(text: &str, tokens: &[Token], out: &mut Vec<u32>) {
    split_sentences_at(text, tokens, std::iter::empty(), out);
}

/// Like [`split_sentences`], and a sentence also starts at the first token at or after each
/// byte offset of `breaks` (in increasing order): where one zone of a page gives way to
/// another (a caption to the body).
pub fn split_sentences_at(
    text: &str,
    tokens: &[Token],
    breaks: impl IntoIterator<Item = usize>,
    out: &mut Vec<u32>,
) {
    out.clear();
    if tokens.is_empty() {
        return;
    }
    out.push(0);
    let mut breaks = breaks.into_iter();
    let mut next_break = breaks.next().unwrap_or(usize::MAX);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // One comparison per token; the iterator moves only at a break.
        let forced = next_break <= t.start as usize;
        while next_break <= t.start as usize {
            next_break = breaks.next().unwrap_or(usize::MAX);
        }
        let starts = t.gap == Gap::Paragraph
            || forced
            || t.gap == Gap::Newline && i > 0 && line_ends_sentence(text, tokens, i);
        if i > 0 && starts && *out.last().expect("non-empty") != i as u32 {
            out.push(i as u32);
        }
        if t.kind == TokenKind::Punct && is_terminal(t.as_str(text)) {
            let mut next = i + 1;
            // "?!", "...", then closing quotes and brackets glued to them
            while next < tokens.len()
                && tokens[next].gap == Gap::None
                && tokens[next].kind == TokenKind::Punct
                && (is_terminal(tokens[next].as_str(text)) || is_closing(tokens[next].as_str(text)))
            {
                next += 1;
            }
            if next < tokens.len() && ends_sentence(text, tokens, i, next) {
                out.push(next as u32);
            }
            i = next;
            continue;
        }
        i += 1;
    }
}

/// At token `next`, the first of its line: whether the line break before it ends a sentence
/// that no punctuation ended (see the module's documentation).
fn line_ends_sentence(text: &str, tokens: &[Token], next: usize) -> bool {
    let last = &tokens[next - 1];
    let ends_open = match last.kind {
        TokenKind::Punct => {
            is_closing(last.as_str(text)) && {
                // A quote or bracket closing a headline, not a sentence: `... “Kun Khmer”`.
                next < 2 || !is_terminal(tokens[next - 2].as_str(text))
            }
        }
        _ => true,
    };
    let first = &tokens[next];
    let capital = first.as_str(text).chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '\'')
    });
    if !ends_open || !capital {
        return false;
    }
    let line_start = text[..last.end as usize].rfind('\n').map_or(0, |n| n + 1);
    let before = text[line_start..last.end as usize]
        .trim_start()
        .chars()
        .count();
    let rest = &text[first.start as usize..];
    let next_line = rest.find('\n').map_or(rest, |n| &rest[..n]).trim_end();
    let word = first.as_str(text).chars().count();
    // Would the next line's first word have fitted on this line, with some room to spare for
    // a wrapper that does not fill lines to the last column?
    const SLACK: usize = 8;
    before + 1 + word + SLACK <= next_line.chars().count()
}

fn ends_sentence(text: &str, tokens: &[Token], stop: usize, next: usize) -> bool {
    let after = &tokens[next];
    if after.gap == Gap::None {
        return false; // "U.S", "3.5", "file.txt"
    }
    if after.gap == Gap::Paragraph {
        return true;
    }
    let first = after.as_str(text).chars().next().unwrap_or(' ');
    if first.is_lowercase() {
        return false;
    }
    if tokens[stop].as_str(text) == "." && stop > 0 {
        let before = &tokens[stop - 1];
        let glued_word = tokens[stop].gap == Gap::None && before.kind == TokenKind::Word;
        if glued_word {
            let word = before.as_str(text);
            let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            if single_letter || is_abbreviation(word) {
                return false;
            }
        }
        // "No. 3", "Art. 12": a number right after a full stop continues the phrase when the
        // word before was short enough to be an abbreviation of a label.
        if after.kind == TokenKind::Number && glued_word && before.end - before.start <= 3 {
            return false;
        }
    }
    true
}

/// The index of the sentence that token `token` belongs to, given the sentence starts that
/// [`split_sentences`] produced.
pub fn sentence_of(starts: &[u32], token: u32) -> usize {
    starts.partition_point(|&s| s <= token).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let mut starts = Vec::new();
        split_sentences(text, &tokens, &mut starts);
        let mut out = Vec::new();
        for (k, &s) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(tokens.len(), |&e| e as usize);
            let a = tokens[s as usize].start as usize;
            let b = tokens[end - 1].end as usize;
            out.push(text[a..b].to_string());
        }
        out
    }

    #[test]
    fn abbreviations_are_found_in_any_case() {
        assert!(ABBREVIATIONS
            .iter()
            .all(|a| a.len() <= 7 && is_abbreviation(a)));
        assert!(is_abbreviation("Dec") && is_abbreviation("SGT") && is_abbreviation("messrs"));
        assert!(!is_abbreviation("Decs") && !is_abbreviation("") && !is_abbreviation("Né"));
    }

    #[test]
    fn news_abbreviations_do_not_split() {
        assert_eq!(
            sentences("Mr. Kheng met U.S. officials on Dec. 12 at No. 3 Street. They agreed."),
            vec![
                "Mr. Kheng met U.S. officials on Dec. 12 at No. 3 Street.",
                "They agreed."
            ]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(sentences("Donald J. Trump spoke.").len(), 1);
    }

    #[test]
    fn quotes_close_a_sentence() {
        assert_eq!(
            sentences("“It is over,” he said. “We will work harder.” The group left!"),
            vec![
                "“It is over,” he said.",
                "“We will work harder.”",
                "The group left!"
            ]
        );
    }

    #[test]
    fn blank_lines_split_but_wrapped_lines_do_not() {
        // "3 min read" is too short to be a wrapped line before "Interior Minister ...";
        // "spoke." goes on in lower case.
        assert_eq!(
            sentences(
                "Sar Kheng Warns Provinces\n\n3 min read\nInterior Minister Sar Kheng\nspoke."
            ),
            vec![
                "Sar Kheng Warns Provinces",
                "3 min read",
                "Interior Minister Sar Kheng\nspoke."
            ]
        );
        // A paragraph wrapped at a fixed width, with capitals at the start of lines.
        let wrapped = "KAMPOT, March 3 - Officials in the province said on Friday\n\
                       that 40 workers had returned from the Thai border and that\n\
                       Provincial Police would question the brokers who sent them,\n\
                       Deputy Governor Kim Rithy told reporters at the hall.";
        assert_eq!(sentences(wrapped).len(), 1);
    }

    #[test]
    fn a_line_break_after_a_headline_or_a_dateline_ends_a_sentence() {
        assert_eq!(
            sentences(
                "Police Free 40 Workers in Kampot\nKAMPOT, March 3, 2023 – Police in the province \
                 freed 40 workers on Friday, officials said."
            ),
            vec![
                "Police Free 40 Workers in Kampot",
                "KAMPOT, March 3, 2023 – Police in the province freed 40 workers on Friday, \
                 officials said."
            ]
        );
        assert_eq!(
            sentences("3 min read\n“We will go on,” the governor said at the meeting on Friday.")
                .len(),
            2
        );
        // The next line starts in lower case, or the line ends with a comma: one sentence.
        assert_eq!(
            sentences("Officials in Kampot\nsaid on Friday that 40 workers had come home.").len(),
            1
        );
        assert_eq!(
            sentences("Officials in Kampot,\nDeputy Governor Kim Rithy said on Friday, met.").len(),
            1
        );
    }

    #[test]
    fn forced_breaks_start_sentences() {
        let text = "Workers wait at the gate on Monday. Photo: Provincial Police\nPolice said 12 were freed.";
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let mut starts = Vec::new();
        split_sentences_at(
            text,
            &tokens,
            [text.find("Photo").unwrap(), text.find("\n").unwrap()],
            &mut starts,
        );
        let firsts: Vec<&str> = starts
            .iter()
            .map(|&s| tokens[s as usize].as_str(text))
            .collect();
        assert_eq!(firsts, ["Workers", "Photo", "Police"]);
        // A break before the first token, or twice at one token, adds nothing; one inside a
        // token starts the sentence at the next.
        split_sentences_at(text, &tokens, [0, 0], &mut starts);
        assert_eq!(starts, [0, 8]);
        split_sentences_at(text, &tokens, [1, 2], &mut starts);
        assert_eq!(starts, [0, 1, 8]);
    }

    #[test]
    fn lower_case_after_a_stop_continues() {
        assert_eq!(sentences("It cost approx. ten dollars.").len(), 1);
        assert_eq!(
            sentences("The figure was 60.94 per cent. It rose.").len(),
            2
        );
    }

    #[test]
    fn sentence_of_maps_tokens() {
        let starts = [0, 5, 9];
        assert_eq!(sentence_of(&starts, 0), 0);
        assert_eq!(sentence_of(&starts, 4), 0);
        assert_eq!(sentence_of(&starts, 5), 1);
        assert_eq!(sentence_of(&starts, 100), 2);
    }
}
