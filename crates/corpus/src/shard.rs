//! Cutting the inputs into shards for array jobs.
//!
//! ```
//! use tonle_corpus::Shard;
//!
//! let shard: Shard = "2/3".parse().unwrap();
//! // Ten units in all: shard 1 reads units 0..3, shard 2 units 3..6, shard 3 units 6..10.
//! assert_eq!(shard.units(10), 3..6);
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Shard `index` of `count` (from 1): a contiguous run of the inputs' units in reading order,
/// so that the outputs of shards 1 to `count`, concatenated in that order, are the output of
/// one run over all the inputs. Which units a shard holds depends only on the inputs (their
/// order and content), never on the machine, the thread count or the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

/// Why a `K/N` shard could not be read.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidShard(String);

impl fmt::Display for InvalidShard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidShard {}

impl Shard {
    /// Shard `index` of `count`, both counted from 1.
    pub fn new(index: u64, count: u64) -> Result<Shard, InvalidShard> {
        if count == 0 {
            return Err(InvalidShard(
                "the number of shards must be at least 1".into(),
            ));
        }
        if index == 0 || index > count {
            return Err(InvalidShard(format!(
                "shard {index} of {count} does not exist: shards are numbered from 1 to {count}"
            )));
        }
        Ok(Shard { index, count })
    }

    /// The shard's number, from 1.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// How many shards there are.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The ordinals of this shard's units when the inputs hold `total` units: the runs of
    /// consecutive shards tile `0..total`, and their sizes differ by at most one.
    pub fn units(&self, total: u64) -> Range<u64> {
        let at = |i: u64| (u128::from(total) * u128::from(i) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

impl FromStr for Shard {
    type Err = InvalidShard;

    fn from_str(s: &str) -> Result<Shard, InvalidShard> {
        let invalid = || {
            InvalidShard(format!(
                "{s:?} is not a shard: write K/N, such as 3/8 for the third of eight shards"
            ))
        };
        let (k, n) = s.split_once('/').ok_or_else(invalid)?;
        let k = k.trim().parse().map_err(|_| invalid())?;
        let n = n.trim().parse().map_err(|_| invalid())?;
        Shard::new(k, n)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_tile_the_units_in_order_and_evenly() {
        for total in [0, 1, 2, 7, 10, 1000, u64::MAX] {
            for count in [1, 2, 3, 8, 13] {
                let mut next = 0;
                for index in 1..=count {
                    let units = Shard::new(index, count).unwrap().units(total);
                    assert_eq!(units.start, next, "{index}/{count} of {total}");
                    let size = units.end - units.start;
                    assert!(size == total / count || size == total / count + 1);
                    next = units.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn shards_are_read_from_k_slash_n_and_bad_ones_say_why() {
        assert_eq!("3/8".parse(), Shard::new(3, 8));
        assert_eq!(" 1 / 1 ".parse::<Shard>().unwrap().to_string(), "1/1");
        let zero = "0/4".parse::<Shard>().unwrap_err().to_string();
        assert!(zero.contains("numbered from 1 to 4"), "{zero}");
        assert!("5/4".parse::<Shard>().is_err());
        assert!("1/0"
            .parse::<Shard>()
            .unwrap_err()
            .to_string()
            .contains("at least 1"));
        for bad in ["", "3", "a/b", "3/8/9", "-1/4"] {
            let message = bad.parse::<Shard>().unwrap_err().to_string();
            assert!(message.contains("write K/N"), "{bad}: {message}");
        }
    }
}
