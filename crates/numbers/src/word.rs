//! A token's word in lower case without allocating: most words already are, and the rest
//! are short enough to copy to the stack. Number extraction and linking look at many words
//! around every number, so this runs often.

use tonle_text::{Token, TokenKind};

/// Words longer than this never match any word list of this crate; they read as "".
const MAX: usize = 24;

/// A word in lower case: borrowed when the text already is, else copied to the stack.
#[derive(Clone, Copy)]
pub(crate) enum Lower<'a> {
    Borrowed(&'a str),
    Inline { buf: [u8; MAX], len: u8 },
}

impl Lower<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Lower::Borrowed(s) => s,
            Lower::Inline { buf, len } => std::str::from_utf8(&buf[..*len as usize]).unwrap_or(""),
        }
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Token `i` of `tokens` in lower case; "" past the end, for unspaced-script runs, non-ASCII
/// words and words longer than 24 bytes (none of which any word list here contains).
#[inline]
pub(crate) fn lower<'a>(text: &'a str, tokens: &[Token], i: usize) -> Lower<'a> {
    let Some(t) = tokens.get(i) else {
        return Lower::Borrowed("");
    };
    let s = t.as_str(text);
    // One pass decides the common case: lower-case ASCII, borrowed as it is.
    let mut plain = t.kind != TokenKind::Continuous && s.len() <= MAX;
    for b in s.bytes() {
        plain &= b.is_ascii() && !b.is_ascii_uppercase();
    }
    if plain {
        return Lower::Borrowed(s);
    }
    copied_lower(s, t.kind)
}

fn copied_lower(s: &str, kind: TokenKind) -> Lower<'_> {
    if kind == TokenKind::Continuous || s.len() > MAX {
        return Lower::Borrowed("");
    }
    // One pass copies, lowers and checks: capitalized words (names, sentence openings) are
    // common in news, so this is not a rare path.
    let mut buf = [0; MAX];
    let mut ascii = true;
    for (slot, b) in buf.iter_mut().zip(s.bytes()) {
        ascii &= b.is_ascii();
        *slot = b.to_ascii_lowercase();
    }
    if !ascii {
        return Lower::Borrowed("");
    }
    Lower::Inline {
        buf,
        len: s.len() as u8,
    }
}
