//! Word tokens with byte offsets.
//!
//! A token is a run of letters and digits (a word or a number), one punctuation character, or
//! a run of a script written without spaces between words (Khmer, Thai, Lao, Myanmar, Chinese,
//! Japanese), which the gazetteer matches by substring instead of by word. Whitespace is not a
//! token; each token records what separated it from the previous one ([`Gap`]), which is what
//! sentence splitting and name matching need to know about it.

/// What kind of text a [`Token`] covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly mixed with digits: `Phnom`, `16th`, `Covid`.
    Word,
    /// Digits only, with `,` or `.` allowed between digits: `1,122`, `60.94`, `២០២២`.
    Number,
    /// A single character that is neither a letter, a digit nor whitespace.
    Punct,
    /// A run of a script written without spaces between words, such as Khmer.
    Continuous,
}

/// What lies between a token and the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gap {
    /// Nothing: the token touches the previous one (`Cambodia` `’` `s`).
    None,
    /// Spaces or tabs on one line.
    Space,
    /// One line break.
    Newline,
    /// A blank line, or the start of the text.
    Paragraph,
}

/// A token: a byte range of the original text, with its kind and the gap before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    pub kind: TokenKind,
    pub gap: Gap,
    /// ASCII without capital letters, so that its matching form ([`crate::fold`]) is its
    /// text as it is: most tokens are, and matching need not fold them.
    pub plain: bool,
}

impl Token {
    /// The token's text, borrowed from the document it was cut from.
    #[inline]
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// The byte range of the token.
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// True for characters of scripts that do not separate words with spaces. Their digits are
/// excluded so that numbers in Khmer text still become [`TokenKind::Number`] tokens.
#[inline]
pub fn is_continuous_script(c: char) -> bool {
    matches!(c as u32,
        0x1780..=0x17D3 | 0x17D7 | 0x17DC..=0x17DD | 0x19E0..=0x19FF // Khmer (no digits, no khan)
        | 0x0E01..=0x0E4E // Thai letters and marks
        | 0x0E81..=0x0ECF // Lao
        | 0x1000..=0x103F | 0x1050..=0x108F // Myanmar letters and marks
        | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // kana, CJK
    )
}

/// Zero-width characters that sit inside words (joiners) or between Khmer words.
#[inline]
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

#[inline]
fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[inline]
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || is_mark(c) || is_zero_width(c)) && !is_continuous_script(c)
}

/// Splits `text` into tokens, replacing the contents of `out` (the buffer is reused so that a
/// worker tokenizing many documents allocates only while its buffer grows).
///
/// Texts longer than `u32::MAX` bytes are tokenized up to that length only; callers reject
/// such documents before they get here.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let len = bytes.len().min(u32::MAX as usize);
    let mut i = 0usize;
    let mut newlines = 2u32; // the start of the text counts as a paragraph break
    let mut spaced = true;
    while i < len {
        let b = bytes[i];
        if b < 0x80 {
            let class = BYTE_CLASS[usize::from(b)];
            if class & ALNUM != 0 {
                let (end, digits, plain) = scan_word(text, i, class & DIGIT != 0);
                push(out, i, end, (digits, plain), &mut newlines, &mut spaced);
                i = end;
            } else if b == b'\n' {
                newlines += 1;
                spaced = true;
                i += 1;
            } else if b.is_ascii_whitespace() || b == 0x0b {
                spaced = true;
                i += 1;
            } else {
                out.push(Token {
                    start: i as u32,
                    end: (i + 1) as u32,
                    kind: TokenKind::Punct,
                    gap: gap(&mut newlines, &mut spaced),
                    plain: !b.is_ascii_uppercase(),
                });
                i += 1;
            }
            continue;
        }
        let c = text[i..].chars().next().expect("i is on a char boundary");
        let clen = c.len_utf8();
        if c.is_whitespace() {
            match c {
                '\u{2029}' => newlines += 2,
                '\u{2028}' | '\u{0085}' => newlines += 1,
                _ => {}
            }
            spaced = true;
            i += clen;
        } else if is_continuous_script(c) {
            let mut end = i + clen;
            while end < len {
                let next = text[end..].chars().next().expect("char boundary");
                if is_continuous_script(next) || is_zero_width(next) || is_mark(next) {
                    end += next.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Token {
                start: i as u32,
                end: end as u32,
                kind: TokenKind::Continuous,
                gap: gap(&mut newlines, &mut spaced),
                plain: false,
            });
            i = end;
        } else if is_word_char(c) {
            let (end, digits, _) = scan_word(text, i, c.is_numeric());
            push(out, i, end, (digits, false), &mut newlines, &mut spaced);
            i = end;
        } else {
            out.push(Token {
                start: i as u32,
                end: (i + clen) as u32,
                kind: TokenKind::Punct,
                gap: gap(&mut newlines, &mut spaced),
                plain: false,
            });
            i += clen;
        }
    }
}

#[inline]
fn gap(newlines: &mut u32, spaced: &mut bool) -> Gap {
    let g = match (*newlines, *spaced) {
        (0, false) => Gap::None,
        (0, true) => Gap::Space,
        (1, _) => Gap::Newline,
        _ => Gap::Paragraph,
    };
    *newlines = 0;
    *spaced = false;
    g
}

#[inline]
fn push(
    out: &mut Vec<Token>,
    start: usize,
    end: usize,
    (all_digits, plain): (bool, bool),
    newlines: &mut u32,
    spaced: &mut bool,
) {
    out.push(Token {
        start: start as u32,
        end: end as u32,
        kind: if all_digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        },
        gap: gap(newlines, spaced),
        plain,
    });
}

/// Classes of bytes for the tokenizer's hot loop: one table load per byte instead of the
/// range tests of `is_ascii_alphanumeric`. Bytes from 0x80 (parts of other characters) have
/// no class here and are looked at as characters.
const ALNUM: u8 = 1;
const DIGIT: u8 = 2;
const UPPER: u8 = 4;
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_digit() {
            table[b] = ALNUM | DIGIT;
        } else if c.is_ascii_uppercase() {
            table[b] = ALNUM | UPPER;
        } else if c.is_ascii_alphabetic() {
            table[b] = ALNUM;
        }
        b += 1;
    }
    table
};

/// Returns the end of the word starting at `start`, whether it holds only digits, and
/// whether it is plain (ASCII without capitals; see [`Token::plain`]). A `,` or `.` between
/// two digits stays inside the token so that `1,122` and `60.94` are one number each.
// Inlined into both callers: the call cost a fifth of the scan on news text.
#[inline(always)]
fn scan_word(text: &str, start: usize, mut digits_only: bool) -> (usize, bool, bool) {
    let bytes = &text.as_bytes()[..text.len().min(u32::MAX as usize)];
    let mut i = start;
    let mut plain = true;
    loop {
        // A run of ASCII letters and digits, the bulk of any Latin text.
        let run = i;
        let mut classes = 0;
        while let Some(class) = bytes
            .get(i)
            .map(|&b| BYTE_CLASS[usize::from(b)])
            .filter(|class| class & ALNUM != 0)
        {
            classes |= class;
            i += 1;
        }
        plain &= classes & UPPER == 0;
        if digits_only {
            digits_only = bytes[run..i].iter().all(u8::is_ascii_digit);
        }
        match bytes.get(i) {
            Some(b',' | b'.')
                if digits_only
                    && i > start
                    && ends_in_digit(&bytes[..i])
                    && starts_with_digit(&bytes[i + 1..]) =>
            {
                i += 1;
            }
            Some(&b) if b >= 0x80 => {
                let c = text[i..].chars().next().expect("char boundary");
                if !is_word_char(c) {
                    break;
                }
                plain = false;
                digits_only &= c.is_numeric();
                i += c.len_utf8();
            }
            _ => break,
        }
    }
    (i, digits_only, plain)
}

/// True when `bytes` end in an ASCII or Khmer digit (U+17E0 to U+17E9, `E1 9F A0..A9`).
fn ends_in_digit(bytes: &[u8]) -> bool {
    match bytes {
        [.., b] if b.is_ascii_digit() => true,
        [.., 0xE1, 0x9F, b] => (0xA0..=0xA9).contains(b),
        _ => false,
    }
}

/// True when `bytes` start with an ASCII or Khmer digit: "៥,០០០,០០០" groups its thousands
/// as "5,000,000" does.
fn starts_with_digit(bytes: &[u8]) -> bool {
    match bytes {
        [b, ..] if b.is_ascii_digit() => true,
        [0xE1, 0x9F, b, ..] => (0xA0..=0xA9).contains(b),
        _ => false,
    }
}

/// True when token `i` is an apostrophe or hyphen glued between two words or numbers:
/// `O’Smach`, `Meanchey’s`, `Anti-human`, `15-years-old`. Matching skips such tokens, so that
/// `O’Smach` = `O Smach`, and number context reads `15-years-old` as `15 years old`.
// Asked of every token by the matcher and the name finder: the first test, which nearly
// every token fails, is inlined where it is asked.
#[inline(always)]
pub fn is_joiner(text: &str, tokens: &[Token], i: usize) -> bool {
    match tokens.get(i) {
        Some(t) if t.kind == TokenKind::Punct && t.gap == Gap::None => {
            is_glued_joiner(text, tokens, i)
        }
        _ => false,
    }
}

/// [`is_joiner`] for a punctuation token that touches the token before it.
fn is_glued_joiner(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if i == 0 || i + 1 >= tokens.len() {
        return false;
    }
    let wordlike = |t: &Token| matches!(t.kind, TokenKind::Word | TokenKind::Number);
    let next = &tokens[i + 1];
    next.gap == Gap::None
        && wordlike(&tokens[i - 1])
        && wordlike(next)
        && matches!(
            t.as_str(text),
            "'" | "’" | "‘" | "ʼ" | "`" | "-" | "‐" | "‑" | "–"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind, Gap)> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out.iter()
            .map(|t| (t.as_str(text), t.kind, t.gap))
            .collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        use Gap::*;
        use TokenKind::*;
        assert_eq!(
            toks("found 1,122 people, of whom 60.94%"),
            vec![
                ("found", Word, Paragraph),
                ("1,122", Number, Space),
                ("people", Word, Space),
                (",", Punct, None),
                ("of", Word, Space),
                ("whom", Word, Space),
                ("60.94", Number, Space),
                ("%", Punct, None),
            ]
        );
    }

    #[test]
    fn trailing_separator_is_not_part_of_a_number() {
        let t = toks("in 2022. Then 1,000,");
        assert_eq!(t[1].0, "2022");
        assert_eq!(t[2].0, ".");
        assert_eq!(t[4].0, "1,000");
        assert_eq!(t[5].0, ",");
    }

    #[test]
    fn apostrophes_and_hyphens_split_words_but_glue() {
        let t = toks("Oddar Meanchey’s O’Smach 15-years-old");
        let words: Vec<_> = t.iter().map(|t| t.0).collect();
        assert_eq!(
            words,
            ["Oddar", "Meanchey", "’", "s", "O", "’", "Smach", "15", "-", "years", "-", "old"]
        );
        assert_eq!(t[2].2, Gap::None);
        assert_eq!(t[7].1, TokenKind::Number);
    }

    #[test]
    fn line_breaks_are_recorded_in_the_gap() {
        let t = toks("Phnom\nPenh\n\nKandal\r\n\r\nTakeo");
        assert_eq!(t[1].2, Gap::Newline);
        assert_eq!(t[2].2, Gap::Paragraph);
        assert_eq!(t[3].2, Gap::Paragraph);
    }

    #[test]
    fn khmer_runs_are_one_token_and_khmer_digits_are_numbers() {
        let t = toks("ខេត្តព្រះសីហនុ ២០២២ Poipet (ប៉ោយប៉ែត)");
        assert_eq!(t[0], ("ខេត្តព្រះសីហនុ", TokenKind::Continuous, Gap::Paragraph));
        assert_eq!(t[1], ("២០២២", TokenKind::Number, Gap::Space));
        assert_eq!(t[2].0, "Poipet");
        assert_eq!(t[4], ("ប៉ោយប៉ែត", TokenKind::Continuous, Gap::None));
        // Thousands and decimals separated as in Latin digits.
        let t = toks("pay ៥,០០០,០០០ riel or ២.៥ million, ៣, ៤");
        assert_eq!(t[1], ("៥,០០០,០០០", TokenKind::Number, Gap::Space));
        assert_eq!(t[4], ("២.៥", TokenKind::Number, Gap::Space));
        assert_eq!((t[7].0, t[8].0), ("៣", ","));
    }

    #[test]
    fn accented_latin_and_combining_marks_stay_in_words() {
        let t = toks("Đà Nẵng cafe\u{301} naïve");
        let words: Vec<_> = t.iter().map(|t| t.0).collect();
        assert_eq!(words, ["Đà", "Nẵng", "cafe\u{301}", "naïve"]);
    }

    #[test]
    fn plain_tokens_are_those_folding_leaves_as_they_are() {
        let text = "Kandal’s 1,122 o'smach PHNOM naïve ខ្មែរ - x.";
        let mut out = Vec::new();
        tokenize(text, &mut out);
        let mut folded = String::new();
        for t in &out {
            crate::fold(t.as_str(text), &mut folded);
            let unchanged = t.as_str(text).is_ascii() && folded == t.as_str(text);
            assert_eq!(t.plain, unchanged, "{:?}", t.as_str(text));
        }
        assert!(out.iter().any(|t| t.plain) && out.iter().any(|t| !t.plain));
    }

    #[test]
    fn offsets_cover_the_text_exactly() {
        let text = "  “Money laundering,” Kheng said — 10 a day…\u{a0}ok";
        let mut out = Vec::new();
        tokenize(text, &mut out);
        for w in out.windows(2) {
            assert!(w[0].end <= w[1].start);
            let between = &text[w[0].end as usize..w[1].start as usize];
            assert!(between.chars().all(char::is_whitespace), "{between:?}");
        }
    }
}
