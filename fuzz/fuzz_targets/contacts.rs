//! Contact repair: never panics; a confident address is one lower-case address.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workplan::normalise::contacts;

fuzz_target!(|cell: &str| {
    for c in contacts::extract(cell) {
        if c.confident {
            let a = &c.address;
            assert_eq!(a.matches('@').count(), 1, "{cell:?}: {a:?}");
            assert!(!a.chars().any(char::is_whitespace), "{cell:?}: {a:?}");
            assert_eq!(a, &a.to_lowercase(), "{cell:?}: {a:?}");
        }
    }
    let _ = contacts::unit(cell);
});
