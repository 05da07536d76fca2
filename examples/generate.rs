//! Writes a synthetic workplan of N activities as .xlsx and .csv, the input of the
//! benchmarks (`scripts/bench.py`, `BENCHMARKS.md`). The generator is
//! `workplan::synth`, behind the `synth` feature so that users' builds do not carry it.
//!
//! ```text
//! cargo run --release --features synth --example generate -- 10000 --out data/workplan_10000
//! cargo run --release --features synth --example generate -- 3000 --schema 2017 --only xlsx
//! ```
//!
//! The same N and seed give the same bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use workplan::synth::{self, Formats, Schema, Spec};

/// Write a synthetic workplan of N activities as .xlsx and .csv (for benchmarks).
#[derive(Debug, Parser)]
#[command(name = "generate")]
struct Args {
    /// Number of activities (record rows).
    activities: usize,
    /// Seed of the random stream: the same seed gives the same files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Column layout: the 2020+ table, or the 2017-2019 one with category headings.
    #[arg(long, default_value = "2020", value_parser = ["2020", "2017"])]
    schema: String,
    /// Output path without extension (default: `workplan_<N>`).
    #[arg(long, value_name = "PREFIX")]
    out: Option<PathBuf>,
    /// Write only one of the two formats.
    #[arg(long, value_parser = ["xlsx", "csv"])]
    only: Option<String>,
}

impl Args {
    /// What to generate.
    fn spec(&self) -> Spec {
        Spec {
            activities: self.activities,
            seed: self.seed,
            schema: if self.schema == "2017" {
                Schema::Workplan2017
            } else {
                Schema::Workplan2020
            },
        }
    }

    /// Which files to write.
    fn formats(&self) -> Formats {
        match self.only.as_deref() {
            Some("xlsx") => Formats::Xlsx,
            Some("csv") => Formats::Csv,
            _ => Formats::Both,
        }
    }

    /// The output path without extension.
    fn prefix(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("workplan_{}", self.activities)))
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match synth::write_files(&args.prefix(), args.spec(), args.formats()) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_a_size_a_schema_and_a_format() {
        let args = Args::parse_from(["generate", "1000", "--schema", "2017"]);
        assert_eq!(args.spec().activities, 1000);
        assert_eq!(args.spec().schema, Schema::Workplan2017);
        assert_eq!(args.prefix(), PathBuf::from("workplan_1000"));
        assert_eq!(args.formats(), Formats::Both);
        let args = Args::parse_from(["generate", "5", "--only", "csv", "--out", "x/y"]);
        assert_eq!(args.spec().schema, Schema::Workplan2020);
        assert_eq!(args.formats(), Formats::Csv);
        assert_eq!(args.prefix(), PathBuf::from("x/y"));
    }
}
