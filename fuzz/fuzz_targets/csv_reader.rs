//! The CSV reader on any bytes: never panics; rows are numbered in order within the
//! rows read, and the layout stage accounts for every row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workplan::import::csv;
use workplan::layout;

fuzz_target!(|bytes: &[u8]| {
    let Ok(file) = csv::read("fuzz.csv", bytes) else {
        return;
    };
    for sheet in &file.sheets {
        let mut last = 0;
        for row in &sheet.rows {
            assert!(row.number > last, "rows out of order");
            last = row.number;
        }
        assert!(last <= sheet.row_count);
        let found = layout::tables(sheet);
        assert!(found.counts.balanced(), "{:?}", found.counts);
        assert_eq!(found.counts.rows_read, u64::from(sheet.row_count));
    }
});
