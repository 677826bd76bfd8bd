//! What ships inside the binary: the lists of `gazetteers/` and the common-word list that
//! decides which one-word names need exact case.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

include!(concat!(env!("OUT_DIR"), "/default_lists.rs"));

static COMMON_WORDS: &str = include_str!("common_words.txt");

/// True when `folded` (a lower-case word) is a common English word, which a one-word name
/// may only match with exact case (a town called "March" must not match "march").
pub fn is_common_word(folded: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
    .contains(folded)
}
