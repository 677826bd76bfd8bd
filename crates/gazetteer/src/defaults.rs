//! What ships inside the binary: the lists of `gazetteers/`, the common-word list that
//! decides which one-word names need exact case, and the words that end venues' names.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

include!(concat!(env!("OUT_DIR"), "/default_lists.rs"));

static COMMON_WORDS: &str = include_str!("common_words.txt");
static VENUE_WORDS: &str = include_str!("venue_words.txt");

/// The words of a word list: its lines, without comments and blank lines.
fn words_of(list: &'static str) -> FxHashSet<&'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// True when `folded` (a lower-case word) is a common English word, which a one-word name
/// may only match with exact case (a town called "March" must not match "march").
pub fn is_common_word(folded: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| words_of(COMMON_WORDS)).contains(folded)
}

/// True when `folded` (a lower-case word) ends the names of buildings, grounds and
/// businesses and never of towns: "casino", "hotel", "market", "tower", ... (the list is
/// `venue_words.txt`). "Moc Bai" in "the Moc Bai Casino" names the casino, not the town.
pub fn is_venue_word(folded: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| words_of(VENUE_WORDS)).contains(folded)
}
