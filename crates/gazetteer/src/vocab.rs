//! The vocabulary: every word of every name, folded, and its id.
//!
//! Every token of every document is looked up here, a third of them found (mostly "the",
//! "of", "to"), so the lookup is built for that. A word's first eight bytes and its length
//! are kept in the table itself: a word of up to eight bytes (nine words in ten of news text)
//! is compared with one integer compare, without following a pointer to the word's bytes and
//! without `memcmp`, and its hash is two multiplications. Longer words compare their
//! remaining bytes with the word kept by id.

use hashbrown::HashTable;

/// Folded words → ids, the ids numbered in the order the words were first added.
#[derive(Default)]
pub(crate) struct Vocab {
    table: HashTable<Slot>,
    /// Per id: the word.
    words: Vec<Box<str>>,
}

/// One word in the table.
#[derive(Clone, Copy)]
struct Slot {
    /// The word's first eight bytes, little-endian, zero-padded.
    head: u64,
    len: u32,
    id: u32,
}

impl Vocab {
    /// A vocabulary with room for `n` words.
    pub(crate) fn with_capacity(n: usize) -> Vocab {
        Vocab {
            table: HashTable::with_capacity(n),
            words: Vec::with_capacity(n),
        }
    }

    /// The vocabulary of `words`, whose ids are their positions; `None` when a word comes twice.
    pub(crate) fn from_words(words: Vec<Box<str>>) -> Option<Vocab> {
        let mut v = Vocab::with_capacity(words.len());
        for w in words {
            let before = v.len();
            if v.id_or_insert(&w) as usize != before {
                return None;
            }
        }
        Some(v)
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The words, by id.
    pub(crate) fn words(&self) -> &[Box<str>] {
        &self.words
    }

    /// The id of `word`, if it is in the vocabulary.
    // Called on every token of every document, from one loop: inlined there.
    #[inline(always)]
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        let bytes = word.as_bytes();
        let head = head(bytes);
        self.table
            .find(hash(head, bytes), |s| self.is(s, head, bytes))
            .map(|s| s.id)
    }

    /// The id of `word`, added with the next id if it is new.
    pub(crate) fn id_or_insert(&mut self, word: &str) -> u32 {
        if let Some(id) = self.get(word) {
            return id;
        }
        let bytes = word.as_bytes();
        let id = self.words.len() as u32;
        let slot = Slot {
            head: head(bytes),
            len: bytes.len() as u32,
            id,
        };
        self.words.push(Box::from(word));
        let words = &self.words;
        self.table.insert_unique(hash(slot.head, bytes), slot, |s| {
            hash(s.head, words[s.id as usize].as_bytes())
        });
        id
    }

    #[inline(always)]
    fn is(&self, s: &Slot, head: u64, bytes: &[u8]) -> bool {
        s.head == head
            && s.len as usize == bytes.len()
            && (bytes.len() <= 8 || self.words[s.id as usize].as_bytes()[8..] == bytes[8..])
    }
}

impl PartialEq for Vocab {
    fn eq(&self, other: &Vocab) -> bool {
        self.words == other.words
    }
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.words).finish()
    }
}

/// The first eight bytes of `b`, little-endian, zero-padded. Read as two overlapping loads
/// (as rustc-hash reads short strings), with no loop and no call to `memcpy`.
#[inline(always)]
fn head(b: &[u8]) -> u64 {
    let len = b.len();
    if len >= 8 {
        u64::from_le_bytes(b[..8].try_into().expect("eight bytes"))
    } else if len >= 4 {
        let lo = u32::from_le_bytes(b[..4].try_into().expect("four bytes"));
        let hi = u32::from_le_bytes(b[len - 4..len].try_into().expect("four bytes"));
        u64::from(lo) | u64::from(hi) << ((len - 4) * 8)
    } else if len > 0 {
        u64::from(b[0])
            | u64::from(b[len / 2]) << (len / 2 * 8)
            | u64::from(b[len - 1]) << ((len - 1) * 8)
    } else {
        0
    }
}

/// The product of `a` and `b`, its two halves folded together: a fast, well-mixed step.
#[inline(always)]
fn mix(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ (p >> 64) as u64
}

const K1: u64 = 0x243f_6a88_85a3_08d3;
const K2: u64 = 0x1319_8a2e_0370_7344;

/// The hash of a word whose first eight bytes are `head`.
#[inline(always)]
fn hash(head: u64, bytes: &[u8]) -> u64 {
    let mut h = head;
    if bytes.len() > 8 {
        for chunk in bytes[8..].chunks(8) {
            h = mix(h ^ K1, self::head(chunk) ^ K2);
        }
    }
    mix(h ^ K1, bytes.len() as u64 ^ K2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_is_the_zero_padded_prefix() {
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghij",
        ] {
            let mut padded = [0u8; 8];
            let n = s.len().min(8);
            padded[..n].copy_from_slice(&s.as_bytes()[..n]);
            assert_eq!(head(s.as_bytes()), u64::from_le_bytes(padded), "{s:?}");
        }
    }

    #[test]
    fn finds_every_word_it_holds_and_no_other() {
        let words = [
            "the",
            "of",
            "a",
            "phnom",
            "penh",
            "sihanoukville",
            "ministry",
            "interior",
            "o'smach",
            "ព្រះសីហនុ",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh\0",
            "x\0",
            "x",
            "",
        ];
        let mut v = Vocab::default();
        for (k, w) in words.iter().enumerate() {
            assert_eq!(v.id_or_insert(w), k as u32);
        }
        for (k, w) in words.iter().enumerate() {
            assert_eq!(v.get(w), Some(k as u32), "{w:?}");
            assert_eq!(v.id_or_insert(w), k as u32);
        }
        for w in [
            "th",
            "thee",
            "penh ",
            "sihanoukvill",
            "abcdefghij",
            "x\0\0",
            "ministries",
        ] {
            assert_eq!(v.get(w), None, "{w:?}");
        }
        let again = Vocab::from_words(v.words().to_vec()).expect("no word twice");
        assert_eq!(again, v);
        assert!(Vocab::from_words(vec!["a".into(), "b".into(), "a".into()]).is_none());
    }

    #[test]
    fn many_words_all_found() {
        let mut v = Vocab::with_capacity(4);
        let words: Vec<String> = (0..20_000).map(|k| format!("w{k}")).collect();
        for w in &words {
            v.id_or_insert(w);
        }
        for (k, w) in words.iter().enumerate() {
            assert_eq!(v.get(w), Some(k as u32));
            assert_eq!(v.get(&format!("{w}x")), None);
        }
    }
}
