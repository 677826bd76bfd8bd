//! Read a file in batches of whole lines.

use std::io::{self, Read};

/// Yields buffers of roughly `size` bytes that end just after a `\n` (the last one may not).
/// A line longer than `size` makes its batch longer; no line is ever split.
pub struct Batches<R> {
    reader: R,
    size: usize,
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Batches<R> {
    pub fn new(reader: R, size: usize) -> Self {
        Batches {
            reader,
            size: size.max(1),
            carry: Vec::new(),
            eof: false,
        }
    }
}

impl<R: Read> Iterator for Batches<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut buf = std::mem::take(&mut self.carry);
        loop {
            if self.eof {
                return (!buf.is_empty()).then_some(Ok(buf));
            }
            buf.reserve(self.size);
            let n = match (&mut self.reader)
                .take(self.size as u64)
                .read_to_end(&mut buf)
            {
                Ok(n) => n,
                Err(e) => {
                    self.eof = true;
                    return Some(Err(e));
                }
            };
            if n < self.size {
                self.eof = true;
                continue;
            }
            // `carry` never holds a newline, so the last one is in what was just read.
            if let Some(i) = memchr::memrchr(b'\n', &buf) {
                self.carry = buf.split_off(i + 1);
                return Some(Ok(buf));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_lines_whole() {
        let text = b"aaaa\nbb\n\nccccccccccc\nd\ne";
        for size in 1..=30 {
            let batches: Vec<Vec<u8>> = Batches::new(&text[..], size).map(Result::unwrap).collect();
            assert_eq!(batches.concat(), text.to_vec(), "size {size}");
            for b in &batches[..batches.len() - 1] {
                assert_eq!(b.last(), Some(&b'\n'), "size {size}");
            }
        }
        assert_eq!(Batches::new(&b""[..], 4).count(), 0);
    }
}
