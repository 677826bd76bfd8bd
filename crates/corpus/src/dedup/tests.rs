//! Texts written for these tests, in the shape of scraped pages (URL line, title, byline,
//! read time, body, related links, copyright notice).

use super::*;

const BODY: &str = "\
Authorities in Banteay Meanchey province rescued 63 people, among them 11 women and four \
teenagers, from a walled compound on the outskirts of Poipet town late on Tuesday night, \
provincial police chief Sok Vannak told reporters on Wednesday morning.
The raid followed a complaint filed two weeks earlier by the mother of a 19-year-old from \
Kampong Cham, who said her son had messaged her from inside the compound after being \
promised a job as a hotel receptionist with a monthly salary of $900.
Officers found the workers sleeping in crowded dormitories above offices filled with \
hundreds of mobile phones and laptops, which police believe were used to run romance and \
investment scams aimed at victims in Europe and North America.
Seven suspected managers, including two foreign nationals, were detained at the scene, and \
a further three were arrested at a checkpoint on National Road 5 as they tried to leave the \
province by car on Wednesday afternoon.
The rescued workers told investigators that they had been beaten when they failed to meet \
daily targets and that their passports had been taken away on arrival, according to a \
statement from the provincial administration.
Most of them are Cambodian, but the group also includes citizens of Vietnam, Laos and \
Indonesia, who are being cared for at a shelter run by the social affairs department \
until their embassies can arrange for them to return home.
The National Committee for Counter Trafficking said in a separate statement that it would \
work with the provincial court to make sure that those responsible are prosecuted, and \
urged job seekers to check offers through the labour ministry before travelling.";

fn wire_page() -> String {
    format!(
        "https://dailynews.example.com/national/2026/11/18/poipet-raid\n\
         Police free 63 from Poipet scam compound\n\
         By Chea Dara\n\
         3 min read\n\
         {BODY}\n\
         Related Articles\n\
         Floods cut roads in three northern provinces\n\
         Rice exporters expect record year despite drought\n\
         © 2026 Daily News. All rights reserved.\n"
    )
}

/// The same story reposted: another site's headline, byline, furniture and footer.
fn repost_page() -> String {
    format!(
        "https://mekong-voice.example.org/poipet-scam-compound-63-rescued-11234\n\
         Sixty-three rescued as police raid scam compound in Poipet\n\
         Mekong Voice staff\n\
         Nov 18, 2026\n\
         [share_buttons]\n\
         {BODY}\n\
         This story first appeared in the Daily News and is republished with permission.\n\
         Follow us on social media for more stories.\n"
    )
}

/// The same event, written independently by another outlet.
const OTHER_OUTLET: &str = "\
POIPET — Sixty-three people held in a scam compound near the Thai border were freed by \
police on Tuesday night, in what officials called one of the largest rescues in Banteay \
Meanchey this year.
Police chief Sok Vannak said the operation began after a woman from Kampong Cham reported \
that her son, who had answered an online advertisement for hotel work, was being kept \
against his will and made to defraud people overseas.
Inside the building officers discovered cramped sleeping quarters and rooms packed with \
computers and phones. Ten suspects were arrested, seven on the spot and three more as they \
drove towards the provincial border.
Workers described beatings for missing quotas and said their passports were confiscated. \
Those from Vietnam, Laos and Indonesia are staying at a government shelter while their \
embassies prepare travel documents.
The anti-trafficking committee promised prosecutions and warned people looking for work \
to confirm offers with the labour ministry.";

/// A long notice two unrelated articles of one site both end with.
const FOOTER: &str = "\
This article is the property of the Daily News and may not be reproduced, copied, \
redistributed or broadcast in whole or in part without the written permission of the \
editor. Readers who wish to share it may link to this page and quote up to two sentences \
with credit. For licensing and syndication requests, please write to our partnerships \
desk, and include the name of your publication and the articles you would like to use.";

const ARTICLE_A: &str = "\
The Ministry of Agriculture said on Monday that rice exports rose by almost a fifth in the \
first ten months of the year, helped by new buyers in the Middle East and lower freight \
costs through the port of Sihanoukville.
Officials expect shipments to pass 700,000 tonnes by December, though farmers in Battambang \
warned that late rains had damaged part of the second harvest.";

const ARTICLE_B: &str = "\
A new bridge across the Tonle Sap river opened to traffic on Saturday, cutting the drive \
between the capital's northern districts and the airport by about twenty minutes at peak \
hours, according to the public works department.
The structure took three years to build and was paid for with a concessional loan; \
engineers said it was designed to withstand the highest floods recorded since 2000.";

fn fingerprint(text: &str) -> Fingerprint {
    Fingerprint::of(text).expect("long enough to fingerprint")
}

fn exact_jaccard(a: &str, b: &str) -> f64 {
    let set = |t: &str| {
        let mut s = std::collections::HashSet::new();
        for_each_shingle(t, |h| {
            s.insert(h);
        });
        s
    };
    let (a, b) = (set(a), set(b));
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

#[test]
fn a_repost_with_another_headline_byline_and_footer_is_a_duplicate() {
    let (wire, repost) = (wire_page(), repost_page());
    let exact = exact_jaccard(&wire, &repost);
    let estimate = fingerprint(&wire).similarity(&fingerprint(&repost));
    // The furniture is a sixth of each page: the pair is well above the threshold, not at 1.
    assert!(exact > 0.75 && exact < 0.9, "exact Jaccard {exact}");
    assert!(
        (estimate - exact).abs() < 0.1,
        "estimate {estimate}, exact {exact}"
    );

    let mut index = DuplicateIndex::new();
    assert_eq!(index.insert("wire", &fingerprint(&wire)), None);
    let original = index.insert("repost", &fingerprint(&repost)).unwrap();
    assert_eq!(original.id, "wire");
    assert!(original.similarity >= 0.7);
    assert_eq!(index.len(), 1, "a duplicate is not kept as an original");
}

#[test]
fn the_same_event_in_other_words_is_not_a_duplicate() {
    let estimate = fingerprint(BODY).similarity(&fingerprint(OTHER_OUTLET));
    assert!(estimate < 0.1, "{estimate}");
    let mut index = DuplicateIndex::new();
    assert_eq!(index.insert(1, &fingerprint(&wire_page())), None);
    assert_eq!(index.insert(2, &fingerprint(OTHER_OUTLET)), None);
    assert_eq!(index.len(), 2);
}

#[test]
fn different_articles_sharing_a_long_footer_are_not_duplicates() {
    let a = format!("Rice exports up by a fifth\n{ARTICLE_A}\n{FOOTER}\n");
    let b = format!("New bridge opens\n{ARTICLE_B}\n{FOOTER}\n");
    // The footer (75 words) is more than half of each text (about 60 words of article), yet
    // a third of the pair's shingles (0.34): the union counts both articles.
    let exact = exact_jaccard(&a, &b);
    assert!(exact > 0.2 && exact < 0.6, "{exact}");
    let mut index = DuplicateIndex::new();
    assert_eq!(index.insert("a", &fingerprint(&a)), None);
    assert_eq!(index.insert("b", &fingerprint(&b)), None);
}

#[test]
fn the_first_in_input_order_is_the_original_whichever_it_is() {
    let (wire, repost) = (fingerprint(&wire_page()), fingerprint(&repost_page()));
    let other = fingerprint(OTHER_OUTLET);
    for (first, second) in [
        (("wire", wire), ("repost", repost)),
        (("repost", repost), ("wire", wire)),
    ] {
        let mut index = DuplicateIndex::new();
        assert_eq!(index.insert("other", &other), None);
        assert_eq!(index.insert(first.0, &first.1), None);
        let original = index.insert(second.0, &second.1).unwrap();
        assert_eq!(original.id, first.0);
        // A third copy still names the first, not the second.
        assert_eq!(index.insert("third", &second.1).unwrap().id, first.0);
        assert_eq!(index.find(&first.1).unwrap().id, &first.0);
    }
}

#[test]
fn case_punctuation_wrapping_and_short_lines_do_not_matter() {
    let rewrapped = BODY.to_uppercase().replace(", ", " , ").replace('\n', " ");
    let curly = BODY.replace('\'', "’");
    let with_furniture = format!("Share\nAdvertisement\n{BODY}\nRead more\n");
    for text in [rewrapped, curly, with_furniture] {
        assert_eq!(fingerprint(&text), fingerprint(BODY), "{}", &text[..60]);
    }
}

#[test]
fn short_texts_get_no_fingerprint() {
    assert_eq!(Fingerprint::of(""), None);
    assert_eq!(Fingerprint::of("Sixty-three rescued in Poipet."), None);
    // Many words, but each line too short to count: a list of links.
    let links = "Floods cut roads\nRice exports rise\nNew bridge opens\n".repeat(20);
    assert_eq!(Fingerprint::of(&links), None);
    let words: Vec<String> = (0..MIN_WORDS).map(|i| format!("w{i}")).collect();
    assert!(Fingerprint::of(&words[..MIN_WORDS - 1].join(" ")).is_none());
    assert!(Fingerprint::of(&words.join(" ")).is_some());
}

/// The same bytes on every machine and run: a change of hash, seed or word rule shows here.
#[test]
fn fingerprints_are_fixed_bytes() {
    let bytes = fingerprint(BODY).to_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, EXPECTED_BODY_SIGNATURE);
    assert_eq!(Fingerprint::from_bytes(&bytes), fingerprint(BODY));
}

const EXPECTED_BODY_SIGNATURE: &str = "b37caaca59be5c398039a443dd5d34d0d8aed9cca5bc8e0c2e5b92d7bb7454a7e6c843ea502fdfc3ecef73f58e716def899fa2e403bb9d806c8975c3ad9c4939f4199a572626e343872e36ca4da689be892f1dc96cbdc02662e364a2cbad1fca7d7e40ff0ccb64b889bebdb053fa9d4d13133ddb45019fe204eb423a4a5b45ebd9cc62313a9830455bfe6d231d9dd32a00bc942fb1b4e42241a9046597415c0eb42e8e0cb56888e1bfa9a10e56c01f0c47b0540197e10fa65755f2d68f7c5811899f0b4218dd04eb7fff54a5450104650d37ff680231f0760b421dd429a24054771ef1d0ff719cc258b4a02d89be6def50939d80f5861f5fca6eeccbc33aafda";

#[test]
fn options_are_checked() {
    let default = DedupOptions::default;
    let cases = [
        (
            DedupOptions {
                threshold: 0.0,
                ..default()
            },
            InvalidDedupOptions::Threshold(0.0),
        ),
        (
            DedupOptions {
                threshold: 1.5,
                ..default()
            },
            InvalidDedupOptions::Threshold(1.5),
        ),
        (
            DedupOptions {
                bands: 30,
                rows: 5,
                ..default()
            },
            InvalidDedupOptions::Bands { bands: 30, rows: 5 },
        ),
        (
            DedupOptions {
                rows: 0,
                ..default()
            },
            InvalidDedupOptions::Bands { bands: 25, rows: 0 },
        ),
        (
            DedupOptions {
                bands: usize::MAX,
                rows: 2,
                ..default()
            },
            InvalidDedupOptions::Bands {
                bands: usize::MAX,
                rows: 2,
            },
        ),
        (
            DedupOptions {
                max_chain: 0,
                ..default()
            },
            InvalidDedupOptions::MaxChain,
        ),
        (
            DedupOptions {
                max_documents: Some(0),
                ..default()
            },
            InvalidDedupOptions::MaxDocuments,
        ),
    ];
    for (options, expected) in cases {
        let error = DuplicateIndex::<u32>::with_options(options).err();
        assert_eq!(error, Some(expected));
    }
    let nan = DuplicateIndex::<u32>::with_options(DedupOptions {
        threshold: f64::NAN,
        ..default()
    });
    assert!(nan.err().unwrap().to_string().contains("threshold"));
    let fine = DedupOptions {
        threshold: 1.0,
        bands: 32,
        rows: 4,
        ..default()
    };
    assert!(DuplicateIndex::<u32>::with_options(fine).is_ok());
}

#[test]
fn a_capped_index_forgets_the_oldest_originals() {
    let options = DedupOptions {
        max_documents: Some(2),
        ..DedupOptions::default()
    };
    let mut index = DuplicateIndex::with_options(options).unwrap();
    let wire = fingerprint(&wire_page());
    assert_eq!(index.insert("wire", &wire), None);
    assert_eq!(index.insert("other", &fingerprint(OTHER_OUTLET)), None);
    assert_eq!(
        index
            .insert("repost", &fingerprint(&repost_page()))
            .unwrap()
            .id,
        "wire"
    );
    assert_eq!(
        index.insert("a", &fingerprint(&format!("{ARTICLE_A}\n{ARTICLE_B}"))),
        None
    );
    assert_eq!(index.len(), 2);
    // "wire" was the oldest of three originals: forgotten, so its copy is now an original.
    assert_eq!(
        index.insert("late copy", &fingerprint(&repost_page())),
        None
    );
    assert_eq!(index.len(), 2);
    assert_eq!(index.insert("later copy", &wire).unwrap().id, "late copy");
}

/// A stream of originals and edited copies, checked against a brute-force scan of the same
/// fingerprints, with the index capped so that forgetting runs too.
#[test]
fn the_index_agrees_with_a_brute_force_scan() {
    let mut rng = Rng(0x5eed);
    let sentences: Vec<&str> = BODY.split(". ").chain(OTHER_OUTLET.split(". ")).collect();
    let mut texts: Vec<String> = Vec::new();
    for _ in 0..300 {
        let text = if !texts.is_empty() && rng.next().is_multiple_of(3) {
            // An edited copy of an earlier text: a few words dropped or changed.
            let source = &texts[(rng.next() % texts.len() as u64) as usize];
            let mut words: Vec<&str> = source.split(' ').collect();
            for _ in 0..rng.next() % 6 {
                let at = (rng.next() % words.len() as u64) as usize;
                words[at] = "edited";
            }
            words.join(" ")
        } else {
            (0..8)
                .map(|_| sentences[(rng.next() % sentences.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(". ")
        };
        texts.push(text);
    }
    let cap = 100;
    let options = DedupOptions {
        max_documents: Some(cap),
        ..DedupOptions::default()
    };
    let mut index = DuplicateIndex::with_options(options).unwrap();
    let threshold = index.options().threshold;
    let mut originals: Vec<(usize, Fingerprint)> = Vec::new();
    let (mut agreed, mut duplicates) = (0, 0);
    for (i, text) in texts.iter().enumerate() {
        let fp = fingerprint(text);
        let kept = &originals[originals.len().saturating_sub(cap)..];
        let brute = kept
            .iter()
            .find(|(_, o)| o.similarity(&fp) >= threshold)
            .map(|(id, _)| *id);
        let found = index.insert(i, &fp).map(|o| o.id);
        agreed += usize::from(found == brute);
        duplicates += usize::from(brute.is_some());
        if brute.is_none() {
            originals.push((i, fp));
        }
        // LSH may miss a pair the scan finds (rarely, near the threshold), never the reverse.
        if let Some(found) = found {
            assert_eq!(Some(found), brute, "text {i}");
        } else if brute.is_some() {
            // Keep the two in step: the index now holds this text as an original.
            originals.push((i, fp));
        }
    }
    assert!(duplicates > 50, "{duplicates}");
    assert!(agreed >= texts.len() - 3, "{agreed} of {}", texts.len());
}

/// xorshift64*: deterministic, so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn arbitrary_text_never_panics() {
    const PIECES: &[&str] = &[
        "a",
        "Poipet",
        "63",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\n\n",
        "’",
        "-",
        "É",
        "ß",
        "İ",
        "ﬁ",
        "ព្រះសីហនុ",
        "\u{0}",
        "\u{feff}",
        "\u{fffd}",
        "🦀",
        "\u{301}",
        ".",
        "'",
        "ǅ",
        "Σ",
    ];
    let mut rng = Rng(42);
    let mut index = DuplicateIndex::with_options(DedupOptions {
        max_documents: Some(50),
        ..DedupOptions::default()
    })
    .unwrap();
    for round in 0..3000 {
        let len = rng.next() % 400;
        let mut text = String::new();
        for _ in 0..len {
            if rng.next().is_multiple_of(4) {
                // Any scalar value, not only the pieces.
                let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('x');
                text.push(c);
            } else {
                text.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
            }
        }
        let mut shingles = 0;
        for_each_shingle(&text, |_| shingles += 1);
        if let Some(fp) = Fingerprint::of(&text) {
            assert!(shingles > 0);
            assert_eq!(fp.similarity(&fp), 1.0);
            index.insert(round, &fp);
        }
    }
}

#[test]
fn the_ascii_fast_path_hashes_as_byte_by_byte() {
    let line = b"Transnational crime syndicates x ab abcdefgh abcdefghi ABCDEFGHIJKLMNOPQ9";
    for start in 0..line.len() {
        for end in start + 1..=line.len() {
            let run = &line[start..end];
            if !run.iter().all(u8::is_ascii_alphanumeric) {
                continue;
            }
            let mut fast = WordHash::default();
            fast.push_ascii(line, start, end);
            let mut slow = WordHash::default();
            run.iter().for_each(|&b| slow.push(b.to_ascii_lowercase()));
            assert_eq!(
                fast.finish(),
                slow.finish(),
                "{:?}",
                std::str::from_utf8(run)
            );
        }
    }
}

#[test]
fn other_scripts_are_words_and_fold_case() {
    let text = "Ông Nguyễn Văn Ánh và bà Đặng Thị Ñúñez đã đến Phnôm Pênh hôm thứ Hai để gặp \
        các quan chức của Bộ Lao động về việc hồi hương những người lao động bị lừa đảo \
        sang làm việc tại các khu phức hợp ở Sihanoukville trong năm qua, ĐIỀU NÀY RẤT QUAN TRỌNG";
    let upper = fingerprint(&text.to_uppercase());
    assert_eq!(fingerprint(text), upper);
    assert_eq!(fingerprint(&text.to_lowercase()), upper);
    let mut words = 0;
    for_each_word(text, |_| words += 1);
    assert_eq!(words, 54);
}

/// Khmer puts spaces between phrases, not words: its sentences are long lines of few tokens.
const KHMER_BODY: &str = "\
ប៉ូលិសខេត្តបន្ទាយមានជ័យបានជួយសង្គ្រោះពលករចំនួន៦៣នាក់ ពីអគារមួយនៅក្រុងប៉ោយប៉ែត កាលពីយប់ថ្ងៃអង្គារ។
ក្នុងចំណោមជនរងគ្រោះ មានស្ត្រី១១នាក់ និងក្មេងជំទង់៤នាក់ ដែលត្រូវបានបោកបញ្ឆោតឱ្យមកធ្វើការនៅទីនោះ។
មន្ត្រីបានចាប់ខ្លួនជនសង្ស័យប្រាំពីរនាក់ ហើយបានដកហូតទូរស័ព្ទដៃ និងកុំព្យូទ័រជាច្រើនគ្រឿង។
ជនរងគ្រោះបានប្រាប់អ្នកស៊ើបអង្កេតថា ពួកគេត្រូវបានវាយដំ នៅពេលដែលមិនបានសម្រេចគោលដៅប្រចាំថ្ងៃ។
គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស បានអំពាវនាវឱ្យអ្នកស្វែងរកការងារ ពិនិត្យការផ្តល់ជូនការងារជាមុនសិន។";

#[test]
fn khmer_prose_counts_and_its_reposts_are_found() {
    let page = format!("https://km.example.com/news/63\nពលករ៦៣នាក់ត្រូវបានជួយសង្គ្រោះ\n{KHMER_BODY}\n");
    let repost = format!("ដោយ សុខ ចាន់\n{KHMER_BODY}\nចែករំលែក\n");
    let mut index = DuplicateIndex::new();
    assert_eq!(index.insert("page", &fingerprint(&page)), None);
    assert_eq!(
        index.insert("repost", &fingerprint(&repost)).unwrap().id,
        "page"
    );
    assert_eq!(index.insert("english", &fingerprint(BODY)), None);
    // The byline (three short tokens) and the share button do not count; the body does.
    assert_eq!(fingerprint(&repost), fingerprint(KHMER_BODY));
}

/// A copy close to two earlier originals (which are not close to each other: 0.63) names
/// the earlier of them, whichever band finds it first.
#[test]
fn a_copy_of_two_originals_names_the_earlier() {
    let first = format!("{ARTICLE_A}\n{BODY}");
    let second = format!("{BODY}\n{ARTICLE_B}");
    let (f1, f2, copy) = (fingerprint(&first), fingerprint(&second), fingerprint(BODY));
    assert!(f1.similarity(&f2) < 0.7, "{}", f1.similarity(&f2));
    assert!(copy.similarity(&f1) >= 0.7 && copy.similarity(&f2) >= 0.7);
    let mut index = DuplicateIndex::new();
    assert_eq!(index.insert("first", &f1), None);
    assert_eq!(index.insert("second", &f2), None);
    assert_eq!(index.insert("copy", &copy).unwrap().id, "first");
}
