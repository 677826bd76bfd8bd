//! Byte offsets to Unicode code-point offsets.

/// Converts byte offsets of one text into code-point offsets (what Python's `str` indexes
/// by). Conversions are cheapest when offsets come in increasing order, as mentions do, since
/// the converter counts only the characters between the previous offset and the next.
///
/// ```
/// let text = "ភ្នំពេញ Phnom Penh";
/// let mut offsets = tonle_text::CharOffsets::new(text);
/// let byte = text.find("Phnom").unwrap();
/// assert_eq!(offsets.char_offset(byte), 8);
/// ```
pub struct CharOffsets<'t> {
    bytes: &'t [u8],
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    pub fn new(text: &'t str) -> Self {
        CharOffsets {
            bytes: text.as_bytes(),
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of byte offset `byte`, which must lie on a char boundary.
    pub fn char_offset(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        if byte >= self.byte {
            self.chars += count_chars(&self.bytes[self.byte..byte]);
        } else {
            self.chars -= count_chars(&self.bytes[byte..self.byte]);
        }
        self.byte = byte;
        self.chars
    }
}

#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::CharOffsets;

    #[test]
    fn matches_char_indices_in_any_order() {
        let text = "a’b ខ្មែរ c — d";
        let expected: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(ci, (bi, _))| (bi, ci))
            .collect();
        let mut conv = CharOffsets::new(text);
        for &(b, c) in expected.iter().rev().chain(expected.iter()) {
            assert_eq!(conv.char_offset(b), c);
        }
        assert_eq!(conv.char_offset(text.len()), text.chars().count());
    }
}
