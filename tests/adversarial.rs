//! Hostile and broken inputs, made at test time in a temporary folder, through the
//! binary under a time and a memory limit: each run finishes, says what was wrong and
//! where, accounts for every row, and writes only inside its output folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use common::binary::count;
use common::limited::{self, Outcome};

const REGISTRY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input/partners.toml");

const HEADER: &str =
    "Topic,Sector,Domain,Activity,Date,Companies/associations involved,Description,Contact point";

/// A record of the 2020+ table, distinct for each `i`.
fn record(i: usize) -> String {
    format!(
        "Cybercrime,T-CY,Cybercrime,Activity number {i},March 2020,Google,Workshop on evidence number {i},someone{i}@coe.int"
    )
}

/// A temporary folder holding the inputs, and the run's output folder.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        Case {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Case {
        let path = self.path("in").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    /// `workplan run` over `in/` into `out/`, checked for a clean finish (no panic, no
    /// limit hit, exit 0, 1 or 2) and for balanced row accounting.
    fn run(&self) -> Run {
        let outcome = limited::workplan(
            self.dir.path(),
            [
                "run",
                "--no-progress",
                "--registry",
                REGISTRY,
                "--input",
                "in",
                "--output",
                "out",
            ],
        );
        let problems = outcome.problems("run");
        assert!(problems.is_empty(), "{problems:#?}");
        if outcome.code != Some(2) {
            assert_balanced(&outcome.stderr);
        }
        Run {
            outcome,
            out: self.path("out"),
        }
    }
}

struct Run {
    outcome: Outcome,
    out: PathBuf,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.outcome.code
    }

    fn stderr(&self) -> &str {
        &self.outcome.stderr
    }

    fn activities(&self) -> Vec<Value> {
        let bytes = fs::read(self.out.join("activities.json")).unwrap();
        let json: Value = serde_json::from_slice(&bytes).unwrap();
        json.as_array().unwrap().clone()
    }

    /// A field of every activity, as text.
    fn field(&self, name: &str) -> Vec<String> {
        self.activities()
            .iter()
            .map(|a| a[name].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    fn count(&self, label: &str) -> u64 {
        count(self.stderr(), label)
    }
}

/// Rows read = records + joined + headers + headings + blank + rejected.
fn assert_balanced(summary: &str) {
    let parts: u64 = [
        "records", "joined", "headers", "headings", "blank", "rejected",
    ]
    .iter()
    .map(|l| count(summary, l))
    .sum();
    assert_eq!(count(summary, "rows read"), parts, "{summary}");
    assert!(!summary.contains("does not balance"), "{summary}");
}

fn csv(records: impl IntoIterator<Item = String>) -> String {
    let mut text = format!("{HEADER}\n");
    for r in records {
        text.push_str(&r);
        text.push('\n');
    }
    text
}

#[test]
fn empty_files_are_reported_by_name() {
    let case = Case::new();
    case.file("empty.csv", b"").file("empty.xlsx", b"");
    let run = case.run();
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    for name in ["empty.csv", "empty.xlsx"] {
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.contains(name) && l.contains("empty")),
            "{name}: {}",
            run.stderr()
        );
    }
    assert_eq!(run.count("rows read"), 0);
    assert!(run.activities().is_empty());
}

#[test]
fn a_header_with_no_rows_reads_as_no_activity_and_says_so() {
    let case = Case::new();
    case.file("header.csv", format!("{HEADER}\n"));
    let run = case.run();
    assert_eq!(run.count("rows read"), 1);
    assert_eq!(run.count("headers"), 1);
    assert!(run.activities().is_empty());
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert!(
        run.stderr()
            .lines()
            .any(|l| l.contains("header.csv") && l.contains("no record")),
        "{}",
        run.stderr()
    );
}

#[test]
fn ten_thousand_columns_are_read_and_kept() {
    let case = Case::new();
    let extra: Vec<String> = (0..9_992).map(|i| format!("Extra {i}")).collect();
    let mut text = format!("{HEADER},{}\n", extra.join(","));
    for i in 0..3 {
        let values: Vec<String> = (0..9_992).map(|c| format!("v{i}.{c}")).collect();
        text.push_str(&format!("{},{}\n", record(i), values.join(",")));
    }
    case.file("wide.csv", text);
    let run = case.run();
    let activities = run.activities();
    assert_eq!(activities.len(), 3, "{}", run.stderr());
    let extra = activities[2]["extra"].as_object().unwrap();
    assert_eq!(extra.len(), 9_992);
    assert_eq!(extra["Extra 9991"], "v2.9991");
}

#[test]
fn a_hundred_megabyte_cell_does_not_sink_the_run_or_other_rows() {
    let case = Case::new();
    let huge = "lorem ipsum ".repeat((100 << 20) / 12 + 1);
    let mut text = csv((0..2).map(record));
    text.push_str(&format!(
        "Topic,Sector,Domain,Huge,2020,Google,{huge},x@coe.int\n"
    ));
    text.push_str(&record(3));
    text.push('\n');
    assert!(text.len() > 100_000_000);
    case.file("huge.csv", text);
    let run = case.run();
    assert_eq!(run.count("rows read"), 5, "{}", run.stderr());
    let activities = run.field("activity");
    for i in [0, 1, 3] {
        assert!(
            activities.contains(&format!("Activity number {i}")),
            "{activities:?}"
        );
    }
    // The huge row is rejected, said where, and kept in rejects.csv, cut short.
    assert_eq!(run.count("records"), 3, "{}", run.stderr());
    assert_eq!(run.count("rejected"), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .lines()
            .any(|l| l.starts_with("warning: in/huge.csv row 4: cell G4 holds")),
        "{}",
        run.stderr()
    );
    let rejects = fs::read_to_string(run.out.join("rejects.csv")).unwrap();
    assert!(rejects.contains("in/huge.csv,,4,"), "{}", &rejects[..500]);
    assert!(
        rejects.len() < 10_000,
        "the cell is cut short in rejects.csv"
    );
}

#[test]
fn invalid_utf8_in_one_row_is_decoded_with_a_warning_naming_it() {
    let case = Case::new();
    let mut bytes = csv((0..3).map(record)).into_bytes();
    // A UTF-8 row, then a Windows-1252 row pasted in: "Télécoms" as 0xE9.
    bytes.extend_from_slice("Télé,Sector é,D,Activity UTF-8,2020,Google,x,a@coe.int\n".as_bytes());
    bytes.extend_from_slice(b"T\xe9l\xe9,Sector e,D,Activity 1252,2020,Google,x,b@coe.int\n");
    bytes.extend_from_slice(record(5).as_bytes());
    bytes.push(b'\n');
    case.file("mixed.csv", bytes);
    let run = case.run();
    let activities = run.field("activity");
    assert_eq!(activities.len(), 6, "{activities:?}\n{}", run.stderr());
    assert_eq!(run.field("topic")[3], "Télé");
    assert_eq!(run.field("topic")[4], "Télé", "the odd row decoded");
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr()
            .lines()
            .any(|l| l.starts_with("warning: in/mixed.csv!A6") && l.contains("UTF-8")),
        "{}",
        run.stderr()
    );
}

#[test]
fn mixed_line_endings_lose_no_row() {
    let case = Case::new();
    let text = format!(
        "{HEADER}\r\n{}\n{}\r{}\r\n\r\n{}",
        record(0),
        record(1),
        record(2),
        record(3)
    );
    case.file("endings.csv", text);
    let run = case.run();
    assert_eq!(run.activities().len(), 4, "{}", run.stderr());
    assert_eq!(run.count("rows read"), 6);
    assert_eq!(run.count("blank"), 1);
    let rows: Vec<u64> = run
        .activities()
        .iter()
        .map(|a| a["source"]["rows"][0].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [2, 3, 4, 6]);
}

#[test]
fn a_nul_byte_loses_no_row_and_stays_out_of_the_outputs() {
    let case = Case::new();
    let text = format!(
        "{HEADER}\n{}\nTopic\0x,Sector x,D,Activity with \0 NUL,2020,Google,x,c@coe.int\n\0\n{}\n",
        record(0),
        record(2)
    );
    case.file("nul.csv", text);
    let run = case.run();
    assert_eq!(run.count("rows read"), 5, "{}", run.stderr());
    // A line holding only a NUL is blank; the row with NULs in its text is a record.
    assert_eq!(run.count("blank"), 1, "{}", run.stderr());
    assert_eq!(run.count("records"), 3, "{}", run.stderr());
    let activities = run.field("activity");
    assert!(activities.contains(&"Activity number 0".to_owned()));
    assert!(activities.contains(&"Activity number 2".to_owned()));
    assert!(
        activities.iter().any(|a| a.starts_with("Activity with")),
        "{activities:?}"
    );
    for f in ["activities.csv", "activities.json"] {
        let bytes = fs::read(run.out.join(f)).unwrap();
        assert!(!bytes.contains(&0), "{f} holds a NUL byte");
    }
}

#[test]
fn a_csv_named_xlsx_and_a_workbook_named_csv_are_read_by_content() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let case = Case::new();
    case.file("really-csv.xlsx", csv((0..2).map(record)));
    case.file(
        "really-xlsx.csv",
        fs::read(fixtures.join("reordered-2020.xlsx")).unwrap(),
    );
    let run = case.run();
    let files: Vec<String> = run
        .activities()
        .iter()
        .map(|a| a["source"]["file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        files
            .iter()
            .filter(|f| f.ends_with("really-csv.xlsx"))
            .count(),
        2
    );
    assert!(
        files
            .iter()
            .filter(|f| f.ends_with("really-xlsx.csv"))
            .count()
            > 10,
        "{files:?}"
    );
    assert!(run
        .activities()
        .iter()
        .any(|a| a["source"]["sheet"].is_string()));
}

#[test]
fn a_truncated_workbook_is_refused_by_name_and_the_others_still_read() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bytes = fs::read(fixtures.join("reordered-2020.xlsx")).unwrap();
    let case = Case::new();
    case.file("cut.xlsx", &bytes[..bytes.len() / 2]);
    case.file("good.csv", csv((0..2).map(record)));
    let run = case.run();
    assert_eq!(run.code(), Some(1));
    let error = run
        .stderr()
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("{}", run.stderr()));
    assert!(error.contains("cut.xlsx"), "{error}");
    assert_eq!(run.activities().len(), 2);
}

#[test]
fn formulas_are_neutralised_in_csv_outputs_and_kept_in_json() {
    let case = Case::new();
    let text = csv([
        record(0),
        "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",@SUM(A1),-1+2,Activity f,2020,Google,+cmd,a@coe.int".to_owned(),
    ]);
    case.file("formulas.csv", text);
    let run = case.run();
    let json = run.activities();
    assert_eq!(json.len(), 2, "{}", run.stderr());
    assert!(json[1]["topic"].as_str().unwrap().starts_with("=HYPERLINK"));
    let bytes = fs::read(run.out.join("activities.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let headers = rdr.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = rdr.records().nth(1).unwrap().unwrap();
    assert!(row[at("topic")].starts_with("'=HYPERLINK"), "{row:?}");
    assert_eq!(&row[at("sector")], "'@SUM(A1)");
    assert_eq!(&row[at("domain")], "'-1+2");
    assert_eq!(&row[at("description")], "'+cmd");
    for f in ["activities.csv", "provenance.csv", "rejects.csv"] {
        let text = String::from_utf8_lossy(&fs::read(run.out.join(f)).unwrap()).into_owned();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        for record in rdr.records() {
            for cell in record.unwrap().iter() {
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{f}: {cell:?}"
                );
            }
        }
    }
}

#[test]
fn names_from_data_never_write_outside_the_output_folder() {
    let case = Case::new();
    let text = csv([
        "Topic,../../etc/passwd,D,Activity a,2020,../../../evil,x,a@coe.int".to_owned(),
        "Topic,..\\..\\windows,D,Activity b,2020,/tmp/abs,x,b@coe.int".to_owned(),
        "Topic,CON,D,Activity c,2020,NUL,x,c@coe.int".to_owned(),
    ]);
    case.file("paths.csv", text);
    let before = listing(case.dir.path());
    let run = case.run();
    assert_eq!(run.activities().len(), 3, "{}", run.stderr());
    let after = listing(case.dir.path());
    let new: Vec<&String> = after.iter().filter(|p| !before.contains(p)).collect();
    assert!(!new.is_empty());
    for path in new {
        assert!(path.starts_with("out/") || path == "out", "{path}");
    }
}

/// Every path under `dir`, relative, with forward slashes.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn regression_inputs_are_read_or_refused_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut problems = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run = limited::workplan(
            &dir,
            [
                "check",
                "--no-progress",
                "--registry",
                REGISTRY,
                "--input",
                &name,
            ],
        );
        problems.extend(run.problems(&name));
        for line in run.stderr.lines().filter(|l| l.starts_with("error: ")) {
            if !line.contains(&name) {
                problems.push(format!("{name}: the error does not name it: {line}"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
