//! The date parser: never panics; the span is ordered and consistent with the warning.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workplan::normalise::dates;

fuzz_target!(|text: &str| {
    let parsed = dates::parse(text);
    let span = &parsed.span;
    assert_eq!(span.text, text, "the text is kept as written");
    if let (Some(start), Some(end)) = (span.start, span.end) {
        assert!(start <= end, "{text:?}: {start} > {end}");
    }
    if parsed.warning.is_some() {
        assert!(span.start.is_none() && span.end.is_none(), "{text:?}");
    }
    if span.start.is_some() || span.end.is_some() {
        assert!(span.precision.is_some(), "{text:?}");
    }
});
