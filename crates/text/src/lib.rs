//! Text handling for tonle: word tokens, sentence boundaries and the normalization used for
//! matching, all with byte offsets back into the original text.
//!
//! ```
//! use tonle_text::{tokenize, split_sentences, fold, TokenKind};
//!
//! let text = "Mr. Sar Kheng spoke on Dec. 12. He said 1,122 people asked for help.";
//! let mut tokens = Vec::new();
//! tokenize(text, &mut tokens);
//! assert_eq!(tokens[0].as_str(text), "Mr");
//! let number = tokens.iter().find(|t| t.kind == TokenKind::Number).unwrap();
//! assert_eq!(number.as_str(text), "12");
//!
//! let mut sentences = Vec::new();
//! split_sentences(text, &tokens, &mut sentences);
//! assert_eq!(sentences.len(), 2); // neither "Mr." nor "Dec." ends a sentence
//!
//! let mut folded = String::new();
//! fold("O’Smach", &mut folded);
//! assert_eq!(folded, "o'smach");
//! ```
//!
//! The steps are separate so each can be swapped: [`tokenize`] segments, [`split_sentences`]
//! groups tokens, [`fold`] normalizes one token for lookup, [`CharOffsets`] turns byte offsets
//! into the Unicode code-point offsets that tonle reports. Nothing here copies the document:
//! tokens are byte ranges, and folding writes into a buffer the caller reuses.

mod fold;
mod offsets;
mod sentence;
mod token;

pub use fold::{fold, fold_char_into};
pub use offsets::CharOffsets;
pub use sentence::{sentence_of, split_sentences, split_sentences_at};
pub use token::{is_continuous_script, is_joiner, tokenize, Gap, Token, TokenKind};
