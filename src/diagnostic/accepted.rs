//! Accepted warnings: the warnings a person has reviewed and accepted, kept in a TOML
//! file beside the registry (`input/accepted-warnings.toml` by default).
//!
//! `workplan accept` writes the file; a person can read it, and edit or empty it. Each
//! entry names one warning by its [fingerprint](super::Diagnostic::fingerprint) and
//! keeps its code, place and message, so that a reader sees what was accepted:
//!
//! ```toml
//! [[accepted]]
//! fingerprint = "6f0c2b1e9a4d3c57"
//! code = "date-unreadable"
//! place = "input/workplan-2023.xlsx [Workplan]!E14 (Date)"
//! message = 'cannot read "Spring-ish 2023" as a date; the activity is kept with no date span'
//! ```
//!
//! An accepted warning is listed apart and no longer makes the exit status 1. The
//! fingerprint holds the cell's text, so a changed cell is warned about again. The file
//! is edited with `toml_edit`: the comments and entries a person wrote stay as they were.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Severity};

/// Where the accepted warnings are kept unless told otherwise.
pub const DEFAULT_FILE: &str = "input/accepted-warnings.toml";

/// The accepted warnings file that goes with the registry at `registry`: beside it, so
/// that `input/partners.toml` goes with `input/accepted-warnings.toml`.
pub fn beside(registry: &Path) -> PathBuf {
    let name = Path::new(DEFAULT_FILE).file_name().unwrap_or_default();
    registry.with_file_name(name)
}

/// What a new file starts with.
const HEADER: &str = "\
# Warnings reviewed and accepted: they are listed apart and no longer make the exit
# status 1. `workplan accept` adds to this file; remove an entry to see its warning again.
# A warning is named by its fingerprint: its code, its place and the text of its cell, so
# a cell that changes is warned about again. The other fields say what was accepted.
";

/// One accepted warning, as the file keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedWarning {
    /// [`Diagnostic::fingerprint`].
    pub fingerprint: String,
    /// The warning's code ([`Kind::code`](super::Kind::code)).
    pub code: String,
    /// Its place, as displayed.
    pub place: String,
    /// Its message, as displayed.
    pub message: String,
}

impl AcceptedWarning {
    /// The entry that accepts `d`.
    pub fn of(d: &Diagnostic) -> Self {
        AcceptedWarning {
            fingerprint: d.fingerprint(),
            code: d.kind.code().to_owned(),
            place: d.place.to_string(),
            message: d.message(),
        }
    }
}

/// Why the accepted warnings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum AcceptedError {
    /// The file exists but could not be read, or could not be written.
    #[error("{path}: cannot {action} the accepted warnings: {source}")]
    Io {
        /// The file.
        path: String,
        /// "read" or "write".
        action: &'static str,
        /// What the system said.
        source: io::Error,
    },
    /// The file is not TOML of the expected shape.
    #[error("{path}: {reason}: fix or remove the file (`workplan accept` writes it)")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, with the line where known.
        reason: String,
    },
}

/// The accepted warnings read from a file.
#[derive(Debug, Clone, Default)]
pub struct AcceptedWarnings {
    entries: Vec<AcceptedWarning>,
    fingerprints: HashSet<String>,
}

impl AcceptedWarnings {
    /// Reads `path`; a file that does not exist accepts nothing.
    pub fn load(path: &Path) -> Result<Self, AcceptedError> {
        let Some(text) = read_if_exists(path)? else {
            return Ok(AcceptedWarnings::default());
        };
        let doc = parse(&text, path)?;
        let entries = entries(&doc, path)?;
        let fingerprints = entries.iter().map(|e| e.fingerprint.clone()).collect();
        Ok(AcceptedWarnings {
            entries,
            fingerprints,
        })
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[AcceptedWarning] {
        &self.entries
    }

    /// Whether `d` is a warning that was accepted (notes and errors never are).
    pub fn accepts(&self, d: &Diagnostic) -> bool {
        d.severity == Severity::Warning && self.fingerprints.contains(&d.fingerprint())
    }

    /// `diagnostics` split in two, each in its order: those still to tell, and the
    /// accepted warnings.
    pub fn split(&self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        if self.fingerprints.is_empty() {
            return (diagnostics, Vec::new());
        }
        diagnostics.into_iter().partition(|d| !self.accepts(d))
    }
}

/// Adds `warnings` to the file at `path` (created with a header comment when absent),
/// keeping what is in it, comments included. Returns the entries added: a warning
/// accepted already is not added twice.
pub fn accept(
    path: &Path,
    warnings: &[AcceptedWarning],
) -> Result<Vec<AcceptedWarning>, AcceptedError> {
    let existing = read_if_exists(path)?;
    let mut doc = parse(existing.as_deref().unwrap_or(""), path)?;
    let mut known: HashSet<String> = entries(&doc, path)?
        .into_iter()
        .map(|e| e.fingerprint)
        .collect();
    let mut added = Vec::new();
    for w in warnings {
        if !known.insert(w.fingerprint.clone()) {
            continue;
        }
        let tables = doc
            .entry("accepted")
            .or_insert_with(|| toml_edit::ArrayOfTables::new().into())
            .as_array_of_tables_mut()
            .ok_or_else(|| invalid(path, "`accepted` is not a list of [[accepted]] tables"))?;
        let mut table = toml_edit::Table::new();
        table["fingerprint"] = toml_edit::value(&w.fingerprint);
        table["code"] = toml_edit::value(&w.code);
        table["place"] = toml_edit::value(&w.place);
        table["message"] = toml_edit::value(&w.message);
        tables.push(table);
        added.push(w.clone());
    }
    if !added.is_empty() {
        // toml_edit keeps a comment-only document's comments after its tables: a new
        // file's header is put in front.
        let text = match existing {
            Some(_) => doc.to_string(),
            None => format!("{HEADER}\n{doc}"),
        };
        write_replacing(path, text.as_bytes())?;
    }
    Ok(added)
}

fn read_if_exists(path: &Path) -> Result<Option<String>, AcceptedError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(AcceptedError::Io {
            path: path.display().to_string(),
            action: "read",
            source,
        }),
    }
}

fn invalid(path: &Path, reason: impl Into<String>) -> AcceptedError {
    AcceptedError::Invalid {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

fn parse(text: &str, path: &Path) -> Result<toml_edit::DocumentMut, AcceptedError> {
    text.parse::<toml_edit::DocumentMut>().map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        let message = e.message().trim_end().to_owned();
        match line {
            Some(line) => invalid(path, format!("line {line}: {message}")),
            None => invalid(path, message),
        }
    })
}

/// The `[[accepted]]` entries of `doc`; each needs a `fingerprint`.
fn entries(
    doc: &toml_edit::DocumentMut,
    path: &Path,
) -> Result<Vec<AcceptedWarning>, AcceptedError> {
    let Some(item) = doc.get("accepted") else {
        return Ok(Vec::new());
    };
    let tables = item
        .as_array_of_tables()
        .ok_or_else(|| invalid(path, "`accepted` is not a list of [[accepted]] tables"))?;
    let field = |t: &toml_edit::Table, key: &str| {
        t.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let fingerprint = field(t, "fingerprint");
            if fingerprint.is_empty() {
                return Err(invalid(
                    path,
                    format!("accepted warning {} has no fingerprint", i + 1),
                ));
            }
            Ok(AcceptedWarning {
                fingerprint,
                code: field(t, "code"),
                place: field(t, "place"),
                message: field(t, "message"),
            })
        })
        .collect()
}

/// Writes `bytes` to a file beside `path`, then renames it over `path`: a reader sees
/// the old file or the new one, never half of one.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), AcceptedError> {
    let err = |source| AcceptedError::Io {
        path: path.display().to_string(),
        action: "write",
        source,
    };
    let mut temp = PathBuf::from(path);
    temp.as_mut_os_string().push(".new");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(err)?;
    }
    fs::write(&temp, bytes).map_err(err)?;
    fs::rename(&temp, path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Kind;
    use crate::model::{Location, SourceCell};

    fn date_warning(written: &str, row: u32) -> Diagnostic {
        let place = Location::file("input/plan.xlsx")
            .with_sheet(Some("Workplan"))
            .with_cell(SourceCell { row, col: 4 }, Some("Date"));
        Diagnostic::new(
            place,
            Kind::DateUnreadable {
                written: written.to_owned(),
            },
        )
    }

    #[test]
    fn a_fingerprint_is_stable_and_changes_with_the_cell_place_or_code() {
        let d = date_warning("Spring-ish 2023", 14);
        assert_eq!(
            d.fingerprint(),
            date_warning("Spring-ish 2023", 14).fingerprint()
        );
        assert_eq!(d.fingerprint().len(), 16);
        assert!(d.fingerprint().bytes().all(|b| b.is_ascii_hexdigit()));
        // The same text of the same cell, hashed by a fixed specification.
        assert_eq!(d.fingerprint(), "f1ac49b707f4e589");
        for other in [
            date_warning("Spring 2023", 14),
            date_warning("Spring-ish 2023", 15),
        ] {
            assert_ne!(d.fingerprint(), other.fingerprint(), "{other}");
        }
        let other_code = Diagnostic::new(d.place.clone(), Kind::CellNotUtf8);
        assert_ne!(d.fingerprint(), other_code.fingerprint());
    }

    #[test]
    fn accepting_writes_a_readable_file_and_keeps_what_a_person_wrote() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("input/accepted-warnings.toml");
        let a = date_warning("Spring-ish 2023", 14);
        let b = date_warning("sometime", 20);
        // Absent: nothing accepted.
        assert!(AcceptedWarnings::load(&path)
            .expect("loads")
            .entries()
            .is_empty());

        let added = accept(&path, &[AcceptedWarning::of(&a)]).expect("accepts");
        assert_eq!(added.len(), 1);
        let text = fs::read_to_string(&path).expect("written");
        assert!(
            text.starts_with("# Warnings reviewed and accepted"),
            "{text}"
        );
        assert!(text.contains("[[accepted]]"), "{text}");
        assert!(
            text.contains(r#"message = 'cannot read "Spring-ish 2023" as a date"#),
            "{text}"
        );
        assert!(text.contains("place = \"input/plan.xlsx [Workplan]!E14 (Date)\""));

        // A person's comment and reason stay; the same warning is not added twice.
        let edited = text.replace(
            "[[accepted]]",
            "# checked with the secretariat\n[[accepted]]\nreason = \"undated on purpose\"",
        );
        fs::write(&path, &edited).expect("edited");
        let added =
            accept(&path, &[AcceptedWarning::of(&a), AcceptedWarning::of(&b)]).expect("accepts");
        assert_eq!(added, [AcceptedWarning::of(&b)]);
        let text = fs::read_to_string(&path).expect("written");
        assert!(text.starts_with(&edited), "{text}");

        let accepted = AcceptedWarnings::load(&path).expect("loads");
        assert_eq!(accepted.entries().len(), 2);
        let changed = date_warning("Spring 2023", 14);
        let note = Diagnostic::new(Location::file("x.csv"), Kind::Windows1252File);
        let (told, apart) = accepted.split(vec![a.clone(), changed.clone(), b.clone(), note]);
        assert_eq!(apart, [a, b]);
        assert_eq!(told.len(), 2);
        assert_eq!(told[0], changed);
    }

    #[test]
    fn a_broken_file_is_an_error_naming_it_and_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("accepted.toml");
        fs::write(
            &path,
            "[[accepted]]\nfingerprint = \"ab\"\n\n[[accepted]]\ncode = \n",
        )
        .unwrap();
        let err = AcceptedWarnings::load(&path).unwrap_err().to_string();
        assert!(err.contains("accepted.toml: line 5"), "{err}");
        fs::write(&path, "[[accepted]]\ncode = \"date-unreadable\"\n").unwrap();
        let err = AcceptedWarnings::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("accepted warning 1 has no fingerprint"),
            "{err}"
        );
        // Nothing is written over a file that cannot be read.
        let before = fs::read(&path).unwrap();
        let w = AcceptedWarning::of(&date_warning("x", 2));
        assert!(accept(&path, &[w]).is_err());
        assert_eq!(fs::read(&path).unwrap(), before);
    }
}
