//! Writes a large generated gazetteer in the tonle list format, for benchmarks: villages,
//! communes, districts and towns with romanized (and some Khmer-script) names, people, and
//! companies and other bodies with acronyms. The same `N` and seed always give the same bytes.
//!
//! ```sh
//! cargo run --release -p tonle-gazetteer --example gen_large_gazetteer -- 1000000 target/bench/1m.tsv
//! ```
//!
//! Arguments: the number of entries (default 1,000,000), the output file (default standard
//! output) and the seed (default 1). The list is generated, never committed: it is fiction,
//! built from pools of syllables and words, with the shape of a real national gazetteer
//! (about 1.6 names per entry, one to five words each, many names shared by several entries,
//! as village names are).

use std::io::Write;

/// SplitMix64: small, fast and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// In `0..n`, small indices more often: Zipf-like (P(i) ∝ 1/(i + 200)), as words in
    /// place names are, so that some names are shared by a few hundred entries.
    pub fn skewed(&mut self, n: usize) -> usize {
        const C: f64 = 200.0;
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let x = C * ((n as f64 + C) / C).powf(u) - C;
        (x as usize).min(n - 1)
    }

    pub fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool[self.below(pool.len())]
    }
}

const PLACE_PREFIXES: &[&str] = &[
    "Kampong", "Prey", "Phum", "Boeung", "Toul", "Trapeang", "Chrey", "Prek", "Svay", "Sre", "Ou",
    "Kaoh", "Phnom", "Ta", "Kouk", "Banteay", "Veal", "Kbal", "Chong", "Ang", "Stueng", "Damnak",
    "Krang", "Tuol", "Roluos", "Spean", "Thnal", "Ampil", "Khnar", "Samraong",
];

const PLACE_SUFFIXES: &[&str] = &[
    "Leu",
    "Kraom",
    "Thmei",
    "Chas",
    "Kandal",
    "Tboung",
    "Cheung",
    "Lech",
    "Kaeut",
    "Muoy",
    "Pir",
    "Bei",
    "Thom",
    "Touch",
    "Khang Tboung",
    "Khang Cheung",
];

const ONSETS: &[&str] = &[
    "b", "ch", "d", "k", "kh", "l", "m", "n", "ng", "p", "ph", "r", "s", "t", "th", "tr", "v", "y",
    "pr", "kr", "sr", "st", "sn", "chh", "h", "", "bh", "sv", "tb", "kn",
];
const VOWELS: &[&str] = &[
    "a", "ae", "ai", "ao", "e", "ea", "ei", "eu", "i", "o", "oa", "oe", "ou", "u", "uo", "ie",
    "aa", "or", "ay", "oy",
];
const CODAS: &[&str] = &[
    "", "", "", "ng", "n", "m", "k", "t", "p", "ch", "l", "h", "r", "s", "nh", "ng",
];

const KINDS: &[(&str, f64)] = &[
    ("village", 0.62),
    ("commune", 0.18),
    ("district", 0.08),
    ("town", 0.06),
    ("island", 0.02),
    ("mountain", 0.02),
    ("river", 0.015),
    ("border crossing", 0.005),
];

const FAMILY_NAMES: &[&str] = &[
    "Sok",
    "Chea",
    "Chan",
    "Heng",
    "Kim",
    "Ly",
    "Lim",
    "Meas",
    "Nhem",
    "Ouk",
    "Pen",
    "Prak",
    "Sam",
    "Seng",
    "Sim",
    "Sun",
    "Tep",
    "Touch",
    "Un",
    "Vong",
    "Yim",
    "Keo",
    "Hun",
    "Hor",
    "Mao",
    "Nget",
    "Pich",
    "Ros",
    "Soeung",
    "Thach",
    "Chhim",
    "Khim",
    "Long",
    "Mam",
    "Nuon",
    "Phan",
    "Srey",
    "Tith",
    "Ung",
    "Yos",
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Hoang",
    "Vu",
    "Dang",
    "Bui",
    "Do",
    "Ngo",
    "Wong",
    "Chen",
    "Zhang",
    "Wang",
    "Liu",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "Lin",
    "He",
    "Gao",
    "Luo",
    "Somchai",
    "Srisuk",
    "Boonmee",
    "Chaiyaporn",
    "Kittisak",
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "Wilson",
    "Johnson",
    "Williams",
    "Miller",
    "Davis",
    "Garcia",
    "Martin",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Torres",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
];

const GIVEN_NAMES: &[&str] = &[
    "Dara",
    "Sophal",
    "Vannak",
    "Bopha",
    "Sokha",
    "Chenda",
    "Rithy",
    "Sovann",
    "Piseth",
    "Kosal",
    "Sreymom",
    "Channary",
    "Veasna",
    "Vibol",
    "Sothea",
    "Kanha",
    "Rotha",
    "Samnang",
    "Sopheak",
    "Bunthoeun",
    "Narith",
    "Phalla",
    "Sambath",
    "Thida",
    "Visal",
    "Malis",
    "Kunthea",
    "Sreypov",
    "Davy",
    "Sokhom",
    "Minh",
    "Anh",
    "Hoa",
    "Lan",
    "Tuan",
    "Hung",
    "Wei",
    "Jun",
    "Ming",
    "Hui",
    "Li",
    "Somsak",
    "Nattapong",
    "Ploy",
    "John",
    "Mary",
    "David",
    "Sarah",
    "Michael",
    "Anna",
    "James",
    "Laura",
    "Peter",
    "Emma",
    "Robert",
    "Lucy",
    "Daniel",
    "Grace",
    "Thomas",
    "Helen",
    "Mark",
    "Julia",
    "Paul",
    "Alice",
    "George",
    "Rachel",
    "Andrew",
    "Kate",
];

const ORG_ADJECTIVES: &[&str] = &[
    "Golden",
    "New",
    "Green",
    "Royal",
    "United",
    "Great",
    "Asia",
    "Pacific",
    "Star",
    "Lucky",
    "Mekong",
    "Angkor",
    "Diamond",
    "Silver",
    "Eastern",
    "Western",
    "Northern",
    "Southern",
    "Global",
    "First",
    "Grand",
    "Happy",
    "Prosperity",
    "Union",
    "Ocean",
    "Sun",
    "Moon",
    "River",
    "Lotus",
    "Dragon",
    "Phoenix",
    "Tiger",
    "Elephant",
    "Crystal",
    "Jade",
    "Pearl",
    "Victory",
    "Heritage",
    "Future",
    "Hope",
    "Bright",
    "Smart",
    "Modern",
    "Central",
    "Capital",
    "National",
    "International",
    "Mega",
    "Prime",
    "Kingdom",
    "Harmony",
    "Unity",
    "Blue",
    "Red",
    "White",
    "Black",
    "Rising",
    "Gateway",
    "Summit",
    "Horizon",
    "Evergreen",
    "Sunrise",
];

const ORG_NOUNS: &[&str] = &[
    "Trading",
    "Investment",
    "Construction",
    "Development",
    "Holdings",
    "Resources",
    "Logistics",
    "Property",
    "Agriculture",
    "Rice",
    "Rubber",
    "Garment",
    "Textile",
    "Import",
    "Export",
    "Energy",
    "Mining",
    "Timber",
    "Fishery",
    "Tourism",
    "Hotel",
    "Casino",
    "Resort",
    "Entertainment",
    "Technology",
    "Media",
    "Security",
    "Transport",
    "Finance",
    "Microfinance",
    "Insurance",
    "Education",
    "Health",
    "Water",
    "Cement",
    "Steel",
    "Sugar",
    "Cassava",
    "Pepper",
    "Cashew",
    "Palm Oil",
    "Real Estate",
    "Recruitment",
    "Manpower",
    "Travel",
    "Shipping",
    "Fishing",
    "Apparel",
    "Footwear",
    "Electronics",
    "Pharmacy",
    "Clinic",
];

const ORG_FORMS: &[&str] = &[
    "Co., Ltd.",
    "Company",
    "Group",
    "Corporation",
    "Foundation",
    "Association",
    "Co-operative",
    "Organization",
    "Network",
    "Institute",
    "Center",
    "Club",
    "Union",
    "Federation",
    "Alliance",
    "Partners",
    "Enterprise",
    "Agency",
    "Services",
    "Industries",
    "Bank",
    "Plc",
];

const PUBLIC_BODIES: &[&str] = &[
    "Provincial Court",
    "Provincial Police",
    "Provincial Hall",
    "Referral Hospital",
    "Health Centre",
    "Primary School",
    "High School",
    "Pagoda",
    "Market",
    "Commune Council",
    "District Office",
    "Border Police",
    "Military Police",
    "Fisheries Administration",
    "Department of Labour",
    "Department of Tourism",
    "Teacher Training Centre",
];

const KHMER_CONSONANTS: &[&str] = &[
    "ក", "ខ", "គ", "ឃ", "ង", "ច", "ឆ", "ជ", "ញ", "ដ", "ត", "ថ", "ទ", "ធ", "ន", "ប", "ផ", "ព", "ភ",
    "ម", "យ", "រ", "ល", "វ", "ស", "ហ", "អ",
];
const KHMER_VOWELS: &[&str] = &[
    "ា", "ិ", "ី", "ឹ", "ឺ", "ុ", "ូ", "ួ", "ើ", "ឿ", "ៀ", "េ", "ែ", "ៃ", "ោ", "ៅ", "", "",
];

/// Generates the syllables and words names are made of, and the names themselves.
pub struct Generator {
    rng: Rng,
    words: Vec<String>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        // A vocabulary of romanized words, most frequent first (`skewed` favours the start).
        let mut words = Vec::with_capacity(60_000);
        let mut seen = std::collections::HashSet::new();
        while words.len() < 60_000 {
            let syllables = 1 + rng.below(2) + usize::from(rng.chance(0.15));
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(rng.pick(ONSETS));
                w.push_str(rng.pick(VOWELS));
                w.push_str(rng.pick(CODAS));
            }
            // No everyday English words ("The", "May"): a real list would not have them bare.
            if w.len() < 3 || tonle_gazetteer::is_common_word(&w) {
                continue;
            }
            let mut c = w.chars();
            let first = c.next().unwrap().to_ascii_uppercase();
            let w = std::iter::once(first).chain(c).collect::<String>();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        Generator { rng, words }
    }

    fn word(&mut self) -> &str {
        let i = self.rng.skewed(self.words.len());
        &self.words[i]
    }

    fn place_name(&mut self) -> String {
        let mut name = String::new();
        if self.rng.chance(0.35) {
            name.push_str(self.rng.pick(PLACE_PREFIXES));
            name.push(' ');
        }
        let w = self.word().to_string();
        name.push_str(&w);
        if self.rng.chance(0.3) {
            name.push(' ');
            let w = self.word().to_string();
            name.push_str(&w);
        }
        if self.rng.chance(0.15) {
            name.push(' ');
            name.push_str(self.rng.pick(PLACE_SUFFIXES));
        }
        name
    }

    fn khmer_name(&mut self) -> String {
        let mut name = String::new();
        for _ in 0..2 + self.rng.below(3) {
            name.push_str(self.rng.pick(KHMER_CONSONANTS));
            name.push_str(self.rng.pick(KHMER_VOWELS));
            if self.rng.chance(0.4) {
                name.push_str(self.rng.pick(KHMER_CONSONANTS));
            }
        }
        name
    }

    /// A spelling variant, as romanizations vary: `ou`/`u`, `ae`/`e`, `k`/`c`, or the words
    /// written together.
    fn variant(&mut self, name: &str) -> Option<String> {
        let v = match self.rng.below(4) {
            0 => name.replace("ou", "u"),
            1 => name.replace("ae", "e").replace("ea", "ia"),
            2 => name.replace('K', "C").replace("k ", "c "),
            _ => {
                let mut words = name.split(' ');
                let first = words.next()?.to_string();
                let rest: String = words.map(str::to_lowercase).collect();
                first + &rest
            }
        };
        let common = !v.contains(' ') && tonle_gazetteer::is_common_word(&v.to_lowercase());
        (v != name && !common).then_some(v)
    }

    fn acronym(name: &str) -> Option<String> {
        let a: String = name
            .split(' ')
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_ascii_uppercase())
            .collect();
        (a.len() >= 3).then_some(a)
    }

    /// One row of the list, without the line break.
    pub fn row(&mut self, i: usize, out: &mut String) {
        let r = self.rng.below(100);
        let mut aliases: Vec<String> = Vec::new();
        let (id, typ, name, kind);
        if r < 55 {
            let mut x = self.rng.below(1000) as f64 / 1000.0;
            kind = KINDS
                .iter()
                .find(|(_, p)| {
                    x -= p;
                    x < 0.0
                })
                .map_or("village", |k| k.0);
            name = self.place_name();
            if self.rng.chance(0.45) {
                aliases.push(format!("{name} {kind}"));
            }
            if self.rng.chance(0.4) {
                if let Some(v) = self.variant(&name) {
                    aliases.push(v);
                }
            }
            if self.rng.chance(0.08) {
                aliases.push(self.khmer_name());
            }
            id = format!("gen:place:{i}");
            typ = "PLACE";
        } else if r < 85 {
            let family = self.rng.pick(FAMILY_NAMES);
            let given = if self.rng.chance(0.6) {
                self.rng.pick(GIVEN_NAMES).to_string()
            } else {
                self.word().to_string()
            };
            let second = self.rng.chance(0.3).then(|| self.word().to_string());
            name = match &second {
                Some(s) => format!("{family} {given} {s}"),
                None => format!("{family} {given}"),
            };
            if self.rng.chance(0.5) {
                aliases.push(format!("{given} {family}"));
            }
            if self.rng.chance(0.2) {
                if let Some(v) = self.variant(&name) {
                    aliases.push(v);
                }
            }
            kind = "person";
            id = format!("gen:person:{i}");
            typ = "PERSON";
        } else {
            let public = self.rng.below(3) == 2;
            name = match self.rng.below(2) + 2 * usize::from(public) {
                0 => format!(
                    "{} {} {}",
                    self.rng.pick(ORG_ADJECTIVES),
                    self.rng.pick(ORG_NOUNS),
                    self.rng.pick(ORG_FORMS)
                ),
                1 => {
                    let w = self.word().to_string();
                    format!(
                        "{w} {} {}",
                        self.rng.pick(ORG_NOUNS),
                        self.rng.pick(ORG_FORMS)
                    )
                }
                _ => format!("{} {}", self.place_name(), self.rng.pick(PUBLIC_BODIES)),
            };
            if self.rng.chance(0.5) {
                if let Some(a) = Self::acronym(&name) {
                    aliases.push(a);
                }
            }
            if !public && self.rng.chance(0.3) {
                // The short form without "Co., Ltd.", "Group", ...
                let short = name
                    .rsplit_once(' ')
                    .map(|(s, _)| s.trim_end_matches(" Co.,"));
                if let Some(short) = short {
                    aliases.push(short.to_string());
                }
            }
            kind = if public { "public body" } else { "company" };
            id = format!("gen:org:{i}");
            typ = "ORG";
        }
        aliases.dedup();
        out.push_str(&id);
        out.push('\t');
        out.push_str(typ);
        out.push('\t');
        out.push_str(&name);
        out.push('\t');
        out.push_str(&aliases.join("|"));
        out.push('\t');
        out.push_str(kind);
    }
}

/// The whole list: comments, header and `n` rows.
pub fn generate(n: usize, seed: u64) -> String {
    let mut g = Generator::new(seed);
    let mut out = String::with_capacity(n * 72);
    out.push_str(&format!(
        "# Generated by the gen_large_gazetteer example ({n} entries, seed {seed}): fiction, for benchmarks.\n"
    ));
    out.push_str("id\ttype\tname\taliases\tkind\n");
    for i in 0..n {
        g.row(i, &mut out);
        out.push('\n');
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map(|a| {
            a.replace(['_', ','], "")
                .parse()
                .expect("N: a number of entries")
        })
        .unwrap_or(1_000_000);
    let path = args.next();
    let seed: u64 = args
        .next()
        .map(|a| a.parse().expect("SEED: a number"))
        .unwrap_or(1);
    let list = generate(n, seed);
    match path.as_deref() {
        None | Some("-") => std::io::stdout()
            .lock()
            .write_all(list.as_bytes())
            .expect("write the list"),
        Some(p) => {
            if let Some(dir) = std::path::Path::new(p).parent() {
                std::fs::create_dir_all(dir).expect("create the output directory");
            }
            std::fs::write(p, list).expect("write the list");
            eprintln!("gen_large_gazetteer: wrote {n} entries to {p}");
        }
    }
}
