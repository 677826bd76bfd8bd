//! Problems of an import counted by kind: one summary per kind of problem, with its count,
//! the first line numbers and one example, instead of one message per bad line (a file in
//! the wrong format otherwise gives thousands of identical lines).
//!
//! ```
//! use tonle_tune::tally::Tally;
//!
//! let mut t = Tally::default();
//! for line in 2..=6000 {
//!     t.add("wrong number of columns", line, "expected 19, found 1");
//! }
//! assert_eq!(t.total(), 5999);
//! let summary = t.summaries("cities.json");
//! assert_eq!(summary.len(), 1);
//! assert!(summary[0].starts_with("cities.json: 5999 line(s): wrong number of columns"));
//! assert!(summary[0].contains("lines 2, 3, 4, 5, 6, ..."));
//! ```

/// How many line numbers a summary names.
const FIRST_LINES: usize = 5;

/// One kind of problem seen.
#[derive(Clone, Debug)]
struct Kind {
    what: String,
    count: u64,
    lines: Vec<usize>,
    example: String,
}

/// Problems counted by kind, in the order each kind was first seen.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    kinds: Vec<Kind>,
}

impl Tally {
    /// Counts a problem of kind `what` (the same words for every problem of the kind) at `line` (1-based; 0 for the whole file); `detail`
    /// is kept for the first of each kind.
    pub fn add(&mut self, what: impl AsRef<str>, line: usize, detail: impl Into<String>) {
        let what = what.as_ref();
        match self.kinds.iter_mut().find(|k| k.what == what) {
            Some(k) => {
                k.count += 1;
                if k.lines.len() < FIRST_LINES {
                    k.lines.push(line);
                }
            }
            None => self.kinds.push(Kind {
                what: what.to_string(),
                count: 1,
                lines: vec![line],
                example: detail.into(),
            }),
        }
    }

    /// Adds the problems of `other`, kind by kind.
    pub fn merge(&mut self, other: Tally) {
        for k in other.kinds {
            match self.kinds.iter_mut().find(|m| m.what == k.what) {
                Some(m) => {
                    m.count += k.count;
                    let room = FIRST_LINES.saturating_sub(m.lines.len());
                    m.lines.extend(k.lines.into_iter().take(room));
                }
                None => self.kinds.push(k),
            }
        }
    }

    /// The number of problems of every kind.
    pub fn total(&self) -> u64 {
        self.kinds.iter().map(|k| k.count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// One sentence per kind: `FILE: N line(s): WHAT (lines 2, 3, ...); e.g. line 2: DETAIL`.
    pub fn summaries(&self, file: &str) -> Vec<String> {
        self.kinds
            .iter()
            .map(|k| {
                let mut lines: Vec<String> = k.lines.iter().map(usize::to_string).collect();
                if k.count > k.lines.len() as u64 {
                    lines.push("...".into());
                }
                if k.lines == [0] {
                    return format!("{file}: {}: {}", k.what, k.example);
                }
                format!(
                    "{file}: {} line(s): {} ({} {}); e.g. line {}: {}",
                    k.count,
                    k.what,
                    if k.count == 1 { "line" } else { "lines" },
                    lines.join(", "),
                    k.lines[0],
                    k.example
                )
            })
            .collect()
    }
}
