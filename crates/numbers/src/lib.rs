//! Numbers in news text: the value in whatever form it is written, what kind of number it is,
//! and the noun phrase it counts.
//!
//! ```
//! use tonle_numbers::{extract, Category, Qualifier};
//!
//! let text = "Police found 1,122 people, including nearly 900 foreigners, and seized $4.5 million \
//!             on Dec. 12; 60.94 per cent were aged 15-years-old or younger.";
//! let mut tokens = Vec::new();
//! tonle_text::tokenize(text, &mut tokens);
//! let mut numbers = Vec::new();
//! extract(text, &tokens, &mut numbers);
//!
//! let people = &numbers[0];
//! assert_eq!((people.as_str(text), people.value, people.category), ("1,122", 1122.0, Category::Count));
//! assert_eq!(people.counted_str(text).as_deref(), Some("people"));
//! assert_eq!(numbers[1].qualifier, Some(Qualifier::Approximately));
//! assert_eq!((numbers[2].as_str(text), numbers[2].value, numbers[2].currency), ("$4.5 million", 4.5e6, Some("USD")));
//! assert_eq!((numbers[3].as_str(text), numbers[3].category), ("Dec. 12", Category::Date));
//! assert_eq!((numbers[4].as_str(text), numbers[4].category), ("60.94 per cent", Category::Percent));
//! assert_eq!((numbers[5].as_str(text), numbers[5].category), ("15-years-old", Category::Age));
//! ```
//!
//! Extraction reads the tokens of [`tonle_text::tokenize`] left to right. At each token that
//! can begin a number (digits, a currency sign, a number word, a month name) it reads the
//! longest number expression there: currency, value, magnitude ("million"), range ("10-15",
//! "one to three", "between 10 and 15"), and a unit ("per cent", "riel", "years old"). The
//! category follows from what was read and from the word before ("Tier 3" is a label, "in
//! 2022" a year). Only counts get a `counted` noun phrase.

mod counted;
mod digits;
mod extract;
mod iso;
mod lemma;
mod lexicon;
mod link;
mod mention;
mod qualifier;
mod recognize;
mod roles;
mod start;
mod time;
mod tokens;
mod word;

pub use digits::parse_digits;
pub use extract::extract;
pub use iso::Iso;
pub use lemma::{singular, verb_lemma};
pub use link::link;
pub use mention::{Category, DateParts, NumberMention, Qualifier, Relation, UnknownName};
pub use time::{times, DocDate, Time};

#[cfg(test)]
mod testing {
    use crate::{extract, NumberMention};

    /// The tokens, sentence starts and extracted numbers of `text`.
    pub(crate) fn parsed(text: &str) -> (Vec<tonle_text::Token>, Vec<u32>, Vec<NumberMention>) {
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let mut sentences = Vec::new();
        tonle_text::split_sentences(text, &tokens, &mut sentences);
        let mut out = Vec::new();
        extract(text, &tokens, &mut out);
        (tokens, sentences, out)
    }

    /// The numbers of `text`, extracted and linked.
    pub(crate) fn linked(text: &str) -> Vec<NumberMention> {
        let (tokens, sentences, mut out) = parsed(text);
        crate::link(text, &tokens, &sentences, &mut out);
        out
    }
}
