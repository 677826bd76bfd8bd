//! The number parser and the context extractor on arbitrary text: no panic, every mention
//! inside the text and on char boundaries, and its text is what its offsets cut out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut tokens = Vec::new();
    tonle_text::tokenize(&text, &mut tokens);
    let mut sentences = Vec::new();
    tonle_text::split_sentences(&text, &tokens, &mut sentences);
    let mut numbers = Vec::new();
    tonle_numbers::extract(&text, &tokens, &mut numbers);
    tonle_numbers::link(&text, &tokens, &sentences, &mut numbers);
    let times = tonle_numbers::times(&text, &tokens, &sentences, &numbers, Some((2022, 10, 4)));
    assert_eq!(times.len(), numbers.len());
    for m in &numbers {
        assert!(m.start < m.end && m.end as usize <= text.len());
        assert!(text.is_char_boundary(m.start as usize) && text.is_char_boundary(m.end as usize));
        assert!(!m.as_str(&text).is_empty());
        assert!(m.value.is_finite());
        if let Some((a, b)) = m.counted {
            assert!(a <= b && b as usize <= text.len());
        }
        if let Some(p) = m.parent {
            assert!((p as usize) < numbers.len());
        }
    }
    let _ = tonle_numbers::parse_digits(&text, data.first().is_some_and(|b| b & 1 == 1));
});
