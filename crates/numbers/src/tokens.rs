//! [`TokenView`]: the tokens of one text, read by index around a number. Every accessor
//! answers for indices past the end (`""`, `None`, `false`), so that the recognizers can look
//! ahead and behind without bounds checks of their own.

use tonle_text::{is_joiner, Gap, Token, TokenKind};

use crate::word::{is_word, lower, Lower};

/// A text and its tokens, as the number recognizers read them.
#[derive(Clone, Copy)]
pub(crate) struct TokenView<'a> {
    pub(crate) text: &'a str,
    pub(crate) toks: &'a [Token],
}

impl<'a> TokenView<'a> {
    pub(crate) fn tok(&self, i: usize) -> Option<&'a Token> {
        self.toks.get(i)
    }

    /// Token `i` as written.
    pub(crate) fn s(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.as_str(self.text))
    }

    /// Token `i` in lower case, without allocating (see [`crate::word::lower`]).
    pub(crate) fn lower(&self, i: usize) -> Lower<'a> {
        lower(self.text, self.toks, i)
    }

    /// True when token `i` is `word` (lower-case ASCII) in any case.
    #[inline]
    pub(crate) fn is(&self, i: usize, word: &str) -> bool {
        is_word(self.text, self.toks, i, word)
    }

    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tok(i).map(|t| t.kind)
    }

    /// True when token `i` follows the one before it without a space.
    pub(crate) fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.gap == Gap::None)
    }

    pub(crate) fn capitalized(&self, i: usize) -> bool {
        self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Two initials with their dots at `j` ("U.S.", "N.Z."), in lower case.
    pub(crate) fn dotted_pair(&self, j: usize) -> Option<[u8; 2]> {
        let letter = |k: usize| {
            let s = self.s(k).as_bytes();
            (s.len() == 1 && s[0].is_ascii_alphabetic()).then(|| s[0].to_ascii_lowercase())
        };
        let dotted = self.s(j + 1) == "." && self.s(j + 3) == ".";
        let glued = (j + 1..=j + 3).all(|k| self.glued(k));
        (dotted && glued).then_some([letter(j)?, letter(j + 2)?])
    }

    /// True when token `i` is a glued hyphen or apostrophe.
    pub(crate) fn is_joiner(&self, i: usize) -> bool {
        is_joiner(self.text, self.toks, i)
    }

    /// Skips a glued hyphen or apostrophe at `i` ("15-years-old" reads as "15 years old").
    pub(crate) fn skip_joiner(&self, i: usize) -> usize {
        if i < self.toks.len() && self.is_joiner(i) {
            i + 1
        } else {
            i
        }
    }

    /// True when one of the `n` tokens before `i`, in lower case, passes `test`.
    pub(crate) fn any_before(&self, i: usize, n: usize, test: impl Fn(&str) -> bool) -> bool {
        (1..=n).any(|back| {
            i.checked_sub(back)
                .is_some_and(|k| test(self.lower(k).as_str()))
        })
    }

    /// True when token `i` is a hyphen joining the token before it to `word` after it
    /// ("10-fold", "3,000-strong").
    pub(crate) fn hyphen_then(&self, i: usize, word: &str) -> bool {
        self.s(i) == "-" && self.is_joiner(i) && self.is(i + 1, word)
    }

    /// Matches `words` at `i` (joiners allowed between them); returns the index after them.
    pub(crate) fn words_at(&self, mut i: usize, words: &[&str]) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                i = self.skip_joiner(i);
            }
            if !self.is(i, w)
                || self
                    .tok(i)
                    .is_some_and(|t| k > 0 && t.gap == Gap::Paragraph)
            {
                return None;
            }
            i += 1;
        }
        Some(i)
    }
}
