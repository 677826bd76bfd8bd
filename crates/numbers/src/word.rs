//! A token's word in lower case without allocating: most words already are, and the rest
//! are short enough to copy to the stack; and a word of up to sixteen bytes packed in one
//! integer, which the verb tests hash and compare. Number extraction and linking look at
//! many words around every number, so this runs often.

use tonle_text::{Token, TokenKind};

/// Words longer than this never match any word list of this crate; they read as "".
const MAX: usize = 24;

/// A word in lower case: borrowed when the text already is, else copied to the stack.
#[derive(Clone, Copy)]
pub(crate) struct Lower<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    Borrowed(&'a str),
    /// ASCII bytes only: only [`lower`] and [`copied_lower`] make one, from bytes they
    /// checked.
    Inline {
        buf: [u8; MAX],
        len: u8,
    },
}

impl Lower<'_> {
    const EMPTY: Lower<'static> = Lower(Repr::Borrowed(""));

    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(s) => s,
            Repr::Inline { buf, len } => {
                let bytes = &buf[..*len as usize];
                debug_assert!(bytes.is_ascii());
                // SAFETY: the bytes are ASCII (see `Repr::Inline`), and ASCII is UTF-8.
                // Checking them again on every read cost 3 % of number extraction's time:
                // each word is read several times.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
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
        return Lower::EMPTY;
    };
    let (start, len) = (t.start as usize, (t.end - t.start) as usize);
    // Most tokens are plain (ASCII without capitals): their own lower case, no byte read.
    if t.plain && len <= MAX {
        return Lower(Repr::Borrowed(t.as_str(text)));
    }
    // Most other words are short: their bytes are tested and lowered sixteen at a time, in
    // one register.
    if let Some(v) = packed(text.as_bytes(), start, len).filter(|_| t.kind != TokenKind::Continuous)
    {
        if v & (ONES * 0x80) != 0 {
            return Lower::EMPTY; // not ASCII
        }
        // Bit 7 of each byte: at least 'A' (b + 0x3F), and not past 'Z' (b + 0x25).
        // ASCII bytes cannot carry into their neighbours.
        let capitals = (v + ONES * 0x3F) & !(v + ONES * 0x25) & (ONES * 0x80);
        if capitals == 0 {
            return Lower(Repr::Borrowed(t.as_str(text)));
        }
        let mut buf = [0; MAX];
        buf[..16].copy_from_slice(&(v | capitals >> 2).to_le_bytes());
        return Lower(Repr::Inline {
            buf,
            len: len as u8,
        });
    }
    let s = t.as_str(text);
    // One pass decides the common case: lower-case ASCII, borrowed as it is.
    let mut plain = t.kind != TokenKind::Continuous && s.len() <= MAX;
    for b in s.bytes() {
        plain &= b.is_ascii() && !b.is_ascii_uppercase();
    }
    if plain {
        return Lower(Repr::Borrowed(s));
    }
    copied_lower(s, t.kind)
}

/// True when token `i` is `word` (a word of this crate's lists, ASCII) in any case, compared
/// in place: no lower-case copy, no char-boundary checks.
#[inline]
pub(crate) fn is_word(text: &str, tokens: &[Token], i: usize, word: &str) -> bool {
    tokens.get(i).is_some_and(|t| {
        t.kind != TokenKind::Continuous
            && (t.end - t.start) as usize == word.len()
            && text.as_bytes()[t.range()].eq_ignore_ascii_case(word.as_bytes())
    })
}

/// `0x01` in every byte.
pub(crate) const ONES: u128 = u128::MAX / 255;

/// The `len` bytes of `text` from `start`, at most sixteen, as an integer with byte `k` in
/// bits `8k..8k + 8` and zeros past the end: one load when the text goes on for sixteen
/// bytes from `start`. Words hold no zero byte, so the integer stands for the word.
#[inline]
pub(crate) fn packed(text: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    if let Some(chunk) = text.get(start..start + 16) {
        let mask = u128::MAX.checked_shr(8 * (16 - len) as u32).unwrap_or(0);
        return Some(u128::from_le_bytes(chunk.try_into().unwrap_or_default()) & mask);
    }
    packed_slice(text.get(start..start + len)?)
}

/// [`packed`] of a whole slice, such as a word already lowered or a word at the end of the
/// text: two loads that overlap, the second shifted past the bytes the first holds (a copy
/// into a buffer would call `memcpy` for a few bytes).
pub(crate) fn packed_slice(b: &[u8]) -> Option<u128> {
    let len = b.len();
    let load4 = |k: usize| u64::from(u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]));
    let load8 = |k: usize| {
        u128::from(u64::from_le_bytes(
            b[k..k + 8].try_into().unwrap_or_default(),
        ))
    };
    Some(match len {
        0 => 0,
        1..=3 => b.iter().rev().fold(0, |v, &byte| v << 8 | u128::from(byte)),
        4..=7 => u128::from(load4(0) | load4(len - 4) >> (8 * (8 - len)) << 32),
        8..=16 => load8(0) | load8(len - 8) >> (8 * (16 - len)) << 64,
        _ => return None,
    })
}

fn copied_lower(s: &str, kind: TokenKind) -> Lower<'_> {
    if kind == TokenKind::Continuous || s.len() > MAX {
        return Lower::EMPTY;
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
        return Lower::EMPTY;
    }
    Lower(Repr::Inline {
        buf,
        len: s.len() as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::{lower, packed, packed_slice};

    /// A word packs the same alone, at the end of the text and before more text.
    #[test]
    fn packs_alone_as_in_the_text() {
        let word = "abcdefghijklmnopq";
        for len in 0..=17 {
            let alone = &word[..len];
            let mut expected = [0u8; 16];
            if len <= 16 {
                expected[..len].copy_from_slice(alone.as_bytes());
            }
            let expected = (len <= 16).then(|| u128::from_le_bytes(expected));
            assert_eq!(packed_slice(alone.as_bytes()), expected, "{len}");
            assert_eq!(packed(alone.as_bytes(), 0, len), expected, "{len}");
            assert_eq!(packed(word.repeat(2).as_bytes(), 0, len), expected, "{len}");
        }
    }

    /// The sixteen-at-a-time path and the byte-by-byte one agree on every word: short and
    /// long, at the end of the text and not, in every case, with non-ASCII letters.
    #[test]
    fn lowers_like_the_standard_library() {
        let text = "Police RESCUED 153 People in Preah Sihanouk's O’Smach; \
                    Telecommunications-Companies AbCdEfGhIjKlMnOpQr São Paulo ZZ z Z@[`{ Ünited";
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let mut padded = text.to_string();
        padded.push_str(&" ".repeat(20));
        let mut padded_tokens = Vec::new();
        tonle_text::tokenize(&padded, &mut padded_tokens);
        assert_eq!(tokens.len(), padded_tokens.len());
        for i in 0..=tokens.len() {
            let word = tokens.get(i).map_or("", |t| t.as_str(text));
            let expected = if word.is_ascii() && word.len() <= 24 {
                word.to_ascii_lowercase()
            } else {
                String::new()
            };
            assert_eq!(lower(text, &tokens, i).as_str(), expected, "{word:?}");
            assert_eq!(
                lower(&padded, &padded_tokens, i).as_str(),
                expected,
                "{word:?}"
            );
        }
    }
}
