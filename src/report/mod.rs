//! Reports: canonical records become files.
//!
//! [`canonical`] writes the canonical table itself (`activities.json`, `activities.csv`),
//! the rows that could not be placed (`rejects.csv`), the per-field provenance
//! (`provenance.csv`) and the review files.

pub mod canonical;
pub mod pdf;
pub mod slug;
