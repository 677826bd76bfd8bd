//! Pull one string field out of a JSON object without building the whole value.
//!
//! The field name is chosen at run time (`--text-field`), so instead of a derived struct with a
//! fixed `#[serde(borrow)] text: Cow<str>` field this is a small `DeserializeSeed` that does the
//! same thing: the wanted string is borrowed from the input when it has no escapes (owned
//! otherwise) and every other value is skipped with `IgnoredAny`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// Parse one JSON-lines record and return its `field` string (`None` if absent or `null`).
pub fn text_of<'a>(line: &'a [u8], field: &str) -> serde_json::Result<Option<Cow<'a, str>>> {
    let mut de = serde_json::Deserializer::from_slice(line);
    let text = TextField(field).deserialize(&mut de)?;
    de.end()?;
    Ok(text)
}

struct TextField<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for TextField<'_> {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TextField<'_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut text = None;
        while let Some(CowStr(key)) = map.next_key()? {
            if text.is_none() && key == self.0 {
                text = map.next_value::<Option<CowStr<'de>>>()?.map(|s| s.0);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(text)
    }
}

/// A string that borrows from the input when it can (serde's own `Cow<str>` impl always copies).
struct CowStr<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CowStrVisitor)
    }
}

struct CowStrVisitor;

impl<'de> Visitor<'de> for CowStrVisitor {
    type Value = CowStr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(CowStr(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(CowStr(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(CowStr(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_and_unescapes() {
        let line = br#"{"id":"a","meta":{"text":"no"},"text":"Phnom Penh","x":[1,2]}"#;
        let t = text_of(line, "text").unwrap().unwrap();
        assert!(matches!(t, Cow::Borrowed("Phnom Penh")));

        let line = br#"{"text":"a\n\"b\"","id":1}"#;
        let t = text_of(line, "text").unwrap().unwrap();
        assert_eq!(t, "a\n\"b\"");

        assert_eq!(text_of(br#"{"body":"x"}"#, "text").unwrap(), None);
        assert_eq!(text_of(br#"{"text":null}"#, "text").unwrap(), None);
        assert_eq!(text_of(br#"{"body":"x"}"#, "body").unwrap().unwrap(), "x");
        assert!(text_of(br#"{"text":"x"} junk"#, "text").is_err());
        assert!(text_of(br#"["text"]"#, "text").is_err());
    }
}
