//! `workplan`: circulated workplan tables in, one canonical, auditable table out.
//!
//! The pipeline runs one way, one module per stage:
//!
//! 1. [`import`] reads xlsx/xlsm/xlsb/xls/ods (calamine) and CSV/TSV (csv, encoding_rs)
//!    into raw sheets whose cells keep their row and column;
//! 2. [`import::layout`] finds the tables: header rows by their names, category headings,
//!    repeated headers, "same as above" blanks, continuation rows;
//! 3. [`normalise`] turns raw records into canonical [`model::Activity`] values (dates,
//!    organisation names against the [`registry`], contacts, status), tracing each field;
//! 4. [`report`] writes the canonical table, rejects, provenance and review files;
//! 5. [`reconcile`] holds circulated partner lists against the registry and the
//!    activities: who was a partner when, and where the sources disagree.
//!
//! [`pipeline::run`] wires the stages; the binary only parses the command line.

pub mod cli;
pub mod config;
pub mod import;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod reconcile;
pub mod registry;
pub mod report;
pub mod source;
pub mod synth;
