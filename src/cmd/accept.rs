//! `workplan accept`: warnings a person reviewed, accepted in the file beside the
//! registry (`input/accepted-warnings.toml`): later runs list them apart and they no
//! longer make the exit status 1, until their cell changes. The warnings are read from
//! the output folder's `summary.json`, as the last `run` wrote it; the output folder is
//! not changed.

use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::accepted::{self, AcceptedError, AcceptedWarning};

use super::Outcome;

/// Why warnings could not be accepted.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    /// `summary.json` could not be read.
    #[error(
        "{path}: cannot read the warnings of the last run: {reason} (write it with `workplan run`)"
    )]
    Summary {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A fingerprint names no warning of the last run.
    #[error(
        "{fingerprint}: no warning of the last run has this fingerprint (see {path}): copy \
         it from warnings.csv or index.html in the output folder"
    )]
    Unknown {
        /// The fingerprint given.
        fingerprint: String,
        /// `summary.json`.
        path: String,
    },
    /// Neither fingerprints nor `--all` were given.
    #[error("name the warnings to accept by their fingerprints (warnings.csv, index.html), or give --all")]
    Nothing,
    /// The accepted warnings file could not be read or written.
    #[error(transparent)]
    File(#[from] AcceptedError),
}

/// Accepts the warnings of `output`'s `summary.json` with the given fingerprints (every
/// warning when `all`) into the file beside `registry`.
pub fn accept(
    output: &Path,
    registry: &Path,
    fingerprints: &[String],
    all: bool,
) -> Result<Accepted, AcceptError> {
    if fingerprints.is_empty() && !all {
        return Err(AcceptError::Nothing);
    }
    let summary = output.join("summary.json");
    let path = summary.display().to_string();
    let err = |reason: String| AcceptError::Summary {
        path: path.clone(),
        reason,
    };
    let text = std::fs::read_to_string(&summary).map_err(|e| err(e.to_string()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
    let field = |d: &serde_json::Value, key: &str| d[key].as_str().unwrap_or("").to_owned();
    let warnings: Vec<AcceptedWarning> = value["diagnostics"]
        .as_array()
        .ok_or_else(|| err("no `diagnostics` list".into()))?
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| AcceptedWarning {
            fingerprint: field(d, "fingerprint"),
            code: field(d, "code"),
            place: field(d, "place"),
            message: field(d, "message"),
        })
        .collect();
    let chosen: Vec<AcceptedWarning> = if all {
        warnings
    } else {
        let mut chosen = Vec::new();
        for f in fingerprints {
            let found = warnings.iter().find(|w| w.fingerprint == f.trim());
            match found {
                Some(w) => chosen.push(w.clone()),
                None => {
                    return Err(AcceptError::Unknown {
                        fingerprint: f.clone(),
                        path,
                    })
                }
            }
        }
        chosen
    };
    let file = accepted::beside(registry);
    let added = accepted::accept(&file, &chosen)?;
    Ok(Accepted {
        file: file.display().to_string(),
        added,
        already: chosen.len(),
    })
}

/// What `accept` did.
#[derive(Debug)]
pub struct Accepted {
    /// The accepted warnings file.
    pub file: String,
    /// The warnings added to it.
    pub added: Vec<AcceptedWarning>,
    /// How many were chosen (some may have been accepted already).
    pub already: usize,
}

impl Outcome for Accepted {
    fn tell(&self, out: &mut dyn Write, _verbose: bool) -> io::Result<()> {
        let mut text = String::new();
        for w in &self.added {
            text.push_str(&format!(
                "accepted {}: {}: {}\n",
                w.fingerprint, w.place, w.message
            ));
        }
        let before = self.already - self.added.len();
        text.push_str(&format!(
            "{}: {} warning{} added",
            self.file,
            self.added.len(),
            if self.added.len() == 1 { "" } else { "s" }
        ));
        if before > 0 {
            text.push_str(&format!(" ({before} accepted already)"));
        }
        text.push_str("; the next run lists them apart\n");
        out.write_all(text.as_bytes())
    }

    fn exit_code(&self) -> u8 {
        0
    }
}
