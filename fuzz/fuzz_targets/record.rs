//! Any bytes as a JSON line of records: reading never panics, and a record that reads writes
//! JSON that reads back as the same record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tonle::Record;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<Record>(data) else { return };
    let json = record.to_json();
    let again: Record = serde_json::from_str(&json).expect("a written record reads back");
    assert_eq!(again.to_json(), json);
});
