//! `workplan`: circulated workplan tables in, one canonical, auditable table out.
//!
//! The pipeline runs one way, one module per stage, on a foundation that imports none:
//!
//! - foundation: [`text`] (cleaning, whitespace, comparison keys), [`model`] (raw
//!   sheets and records, activities, places), [`diagnostic`] (warnings and notes as
//!   data), [`config`] (resolved settings);
//! 1. [`import`] reads xlsx/xlsm/xlsb/xls/ods (calamine) and CSV/TSV (csv, encoding_rs)
//!    into raw sheets whose cells keep their row and column;
//! 2. [`layout`] finds the tables: header rows by their names, category headings,
//!    repeated headers, "same as above" blanks, continuation rows;
//! 3. [`normalise`] turns raw records into canonical [`model::Activity`] values (dates,
//!    organisation names against the [`registry`], contacts, status), tracing each field;
//! 4. [`report`] writes the canonical table, rejects, provenance, review files (with
//!    the [`duplicates`] possible across workplans) and the reports, printed by [`pdf`];
//! 5. [`reconcile`] holds circulated partner lists against the registry and the
//!    activities: who was a partner when, and where the sources disagree;
//! 6. [`output`] stages every file a command writes and commits them together.
//!
//! The [`pipeline`] runs the stages on several cores, with progress and counts; each
//! command of [`cmd`] (run, check, report, reconcile) wires the stages it needs and
//! owns its part of the output folder; [`cli`] is what the user typed; the binary only
//! parses the command line, runs the command and prints what it did.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostic;
pub mod duplicates;
pub mod import;
pub mod layout;
pub mod model;
pub mod normalise;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod reconcile;
pub mod registry;
pub mod report;
pub mod review;
// The generator of synthetic workplans for the benchmarks: outside users' builds (the
// `synth` feature; always in the unit tests).
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod text;
