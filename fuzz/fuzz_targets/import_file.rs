//! A whole file through import, layout and normalisation: never panics; every row is
//! accounted for and every activity comes from rows of its sheet.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use workplan::import;
use workplan::layout;
use workplan::normalise::Normaliser;
use workplan::registry::PartnerRegistry;

static REGISTRY: LazyLock<PartnerRegistry> = LazyLock::new(|| {
    PartnerRegistry::from_toml(include_str!("../../input/partners.toml"), "partners.toml")
        .expect("the shipped registry reads")
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(file) = import::read_bytes("fuzz-input", bytes.to_vec()) else {
        return;
    };
    let mut normaliser = Normaliser::new(&REGISTRY);
    for sheet in &file.sheets {
        let found = layout::tables(sheet);
        assert!(found.counts.balanced(), "{:?}", found.counts);
        assert_eq!(found.counts.rows_read, u64::from(sheet.row_count));
        for record in &found.records {
            let n = normaliser.activity(record);
            for row in &n.activity.source.rows {
                assert!(*row >= 1 && *row <= sheet.row_count, "row {row}");
            }
            for partner in &n.activity.partners {
                assert!(REGISTRY.partner(partner).is_some(), "{partner:?}");
            }
        }
    }
});
