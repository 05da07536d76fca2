//! The organisation splitter and matcher: never panics; every partner it names is a
//! canonical name of the shipped registry, once.
#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use workplan::normalise::names;
use workplan::registry::PartnerRegistry;

static REGISTRY: LazyLock<PartnerRegistry> = LazyLock::new(|| {
    PartnerRegistry::from_toml(include_str!("../../input/partners.toml"), "partners.toml")
        .expect("the shipped registry reads")
});

fuzz_target!(|cell: &str| {
    let orgs = names::organisations(cell, &REGISTRY);
    let mut seen = HashSet::new();
    for partner in &orgs.partners {
        assert!(REGISTRY.partner(partner).is_some(), "{cell:?}: {partner:?}");
        assert!(seen.insert(partner), "{cell:?}: {partner:?} twice");
    }
    for name in orgs.unmatched.iter().chain(&orgs.other_organisations) {
        assert!(!name.trim().is_empty(), "{cell:?}: an empty name");
    }
});
