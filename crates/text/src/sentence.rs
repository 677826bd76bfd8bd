//! Sentence boundaries over tokens.
//!
//! A sentence ends at `.`, `!`, `?`, `…` or the Khmer khan `។`, followed by any closing quotes
//! or brackets, when the next token is separated by whitespace and does not start with a
//! lower-case letter. A `.` does not end a sentence after a known abbreviation (`Mr.`, `Dec.`,
//! `No.`, `Gov.`), after a single letter (initials, `U.S.`), or before a digit (`No. 3`). A blank
//! line always starts a new sentence, so headlines, bylines and captions without a full stop
//! stay apart from the paragraph that follows; single line breaks do not, because many
//! archives wrap lines inside sentences.

use crate::token::{Gap, Token, TokenKind};

/// Abbreviations that a full stop follows without ending the sentence (compared in lower
/// case, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "approx", "aug", "brig", "capt", "cmdr", "co", "col", "corp", "cpl", "dec",
    "dept", "dr", "e.g", "eng", "esq", "est", "etc", "excl", "feb", "fig", "fr", "gen", "gov",
    "govt", "hon", "i.e", "inc", "incl", "insp", "jan", "jr", "jul", "jun", "lt", "ltd", "maj",
    "mar", "messrs", "min", "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "pp", "pres",
    "prof", "pte", "pvt", "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st", "supt", "vs",
    "approx", "ave", "blvd", "rd", "km", "tel", "vol",
];

fn is_abbreviation(word: &str) -> bool {
    word.len() <= 7
        && ABBREVIATIONS
            .iter()
            .any(|a| a.len() == word.len() && a.eq_ignore_ascii_case(word))
}

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
    out.clear();
    if tokens.is_empty() {
        return;
    }
    out.push(0);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if i > 0 && t.gap == Gap::Paragraph && *out.last().expect("non-empty") != i as u32 {
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
        assert_eq!(
            sentences(
                "Sar Kheng Warns Provinces\n\n3 min read\nInterior Minister Sar Kheng\nspoke."
            ),
            vec![
                "Sar Kheng Warns Provinces",
                "3 min read\nInterior Minister Sar Kheng\nspoke."
            ]
        );
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
