//! Every PDF of the sample run, read from outside the writer (qpdf's JSON of the file,
//! with its streams decoded into files): tagged, with a structure tree of headings and
//! tables, its language, its title shown, the PDF/UA-1 and PDF/A-3 identifications in
//! its metadata, all text inside marked content, fonts embedded, and each report's CSV
//! embedded byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde_json::Value;

mod common;

use common::binary::{files_under, run_ok};

static SAMPLE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    run_ok(dir.path(), &[]);
    dir
});

/// The French edition of the same run.
static FRENCH: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    run_ok(dir.path(), &["--lang", "fr"]);
    dir
});

/// A PDF as qpdf sees it: its objects by id, each stream's decoded bytes.
struct Pdf {
    objects: BTreeMap<String, Value>,
    streams: BTreeMap<String, Vec<u8>>,
    catalog: Value,
}

impl Pdf {
    fn open(path: &Path) -> Pdf {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("pdf.json");
        let prefix = dir.path().join("s");
        let out = common::tools::program("qpdf")
            .args([
                "--json=2",
                "--json-stream-data=file",
                "--decode-level=generalized",
            ])
            .arg(format!("--json-stream-prefix={}", prefix.display()))
            .arg(path)
            .arg(&json)
            .output()
            .expect("qpdf runs");
        assert!(out.status.success(), "qpdf failed on {}", path.display());
        let v: Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
        let mut objects = BTreeMap::new();
        let mut streams = BTreeMap::new();
        for (key, obj) in v["qpdf"][1].as_object().unwrap() {
            let Some(id) = key.strip_prefix("obj:") else {
                continue;
            };
            if let Some(stream) = obj.get("stream") {
                if let Some(file) = stream["datafile"].as_str() {
                    streams.insert(id.to_owned(), fs::read(file).unwrap());
                }
                objects.insert(id.to_owned(), stream["dict"].clone());
            } else {
                objects.insert(id.to_owned(), obj["value"].clone());
            }
        }
        let root = v["qpdf"][1]["trailer"]["value"]["/Root"]
            .as_str()
            .unwrap()
            .to_owned();
        let catalog = objects[&root].clone();
        Pdf {
            objects,
            streams,
            catalog,
        }
    }

    /// `v`, or the object it refers to.
    fn get<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.as_str().and_then(|s| self.objects.get(s)) {
            Some(target) => target,
            None => v,
        }
    }

    fn stream(&self, v: &Value) -> &[u8] {
        &self.streams[v.as_str().expect("a reference")]
    }
}

fn pdfs() -> Vec<PathBuf> {
    pdfs_under(SAMPLE.path())
}

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let pdfs: Vec<PathBuf> = files_under(dir)
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .map(|f| dir.join(f))
        .collect();
    assert!(pdfs.len() > 10, "the sample writes many PDFs");
    pdfs
}

/// The structure types under the structure tree root.
fn roles(pdf: &Pdf) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![pdf.get(&pdf.catalog["/StructTreeRoot"])["/K"].clone()];
    while let Some(v) = todo.pop() {
        let v = pdf.get(&v).clone();
        match v {
            Value::Array(items) => todo.extend(items),
            Value::Object(ref o) => {
                if let Some(s) = o.get("/S").and_then(Value::as_str) {
                    seen.insert(s.trim_start_matches('/').to_owned());
                }
                if let Some(k) = o.get("/K") {
                    todo.push(k.clone());
                }
            }
            _ => {}
        }
    }
    seen
}

/// Text-showing operators outside any marked-content sequence in a content stream.
fn unmarked_text(content: &[u8]) -> usize {
    let (mut depth, mut unmarked, mut i) = (0i32, 0, 0);
    let mut token = Vec::new();
    while i < content.len() {
        let c = content[i];
        match c {
            b'(' => {
                // A literal string: skip it, minding escapes and nested parentheses.
                let mut nest = 0;
                while i < content.len() {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'<' if content.get(i + 1) == Some(&b'<') => i += 1,
            b'<' => {
                while i < content.len() && content[i] != b'>' {
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() || c == b'[' || c == b']' || c == b'/' => {
                match &token[..] {
                    b"BDC" | b"BMC" => depth += 1,
                    b"EMC" => depth -= 1,
                    b"Tj" | b"TJ" | b"'" | b"\"" if depth <= 0 => unmarked += 1,
                    _ => {}
                }
                token.clear();
            }
            _ => token.push(c),
        }
        i += 1;
    }
    assert_eq!(depth, 0, "marked content balanced");
    unmarked
}

#[test]
fn every_pdf_is_tagged_archival_and_accessible() {
    let english = pdfs().into_iter().map(|p| (p, "en"));
    // Every PDF of the French run is French, reconciliation.pdf included.
    let french = pdfs_under(FRENCH.path()).into_iter().map(|p| (p, "fr"));
    for (path, lang) in english.chain(french) {
        let name = path.display().to_string();
        let pdf = Pdf::open(&path);
        let cat = &pdf.catalog;
        assert_eq!(
            cat["/MarkInfo"]["/Marked"],
            Value::Bool(true),
            "{name}: tagged"
        );
        assert_eq!(cat["/Lang"], format!("u:{lang}"), "{name}: language");
        let prefs = pdf.get(&cat["/ViewerPreferences"]);
        assert_eq!(
            prefs["/DisplayDocTitle"],
            Value::Bool(true),
            "{name}: title shown"
        );

        let roles = roles(&pdf);
        for role in ["Document", "H1", "Table", "TR", "TH", "TD"] {
            assert!(roles.contains(role), "{name}: no {role} in {roles:?}");
        }
        assert!(
            roles.contains("H2") || path.ends_with("reconciliation.pdf"),
            "{name}: section headings"
        );

        let xmp = String::from_utf8_lossy(pdf.stream(&cat["/Metadata"])).into_owned();
        for id in [
            "<pdfuaid:part>1</pdfuaid:part>",
            "<pdfaid:part>3</pdfaid:part>",
            "<pdfaid:conformance>U</pdfaid:conformance>",
        ] {
            assert!(xmp.contains(id), "{name}: {id} in the XMP");
        }
        assert_eq!(cat["/OutputIntents"][0]["/S"], "/GTS_PDFA1", "{name}");

        for page in pdf.objects.values().filter(|o| o["/Type"] == "/Page") {
            assert!(
                page["/StructParents"].is_i64(),
                "{name}: page in the parent tree"
            );
            let contents = page["/Contents"].as_array().unwrap();
            for c in contents {
                assert_eq!(
                    unmarked_text(pdf.stream(c)),
                    0,
                    "{name}: text outside marked content"
                );
            }
        }
        let descriptors: Vec<_> = pdf
            .objects
            .values()
            .filter(|o| o["/Type"] == "/FontDescriptor")
            .collect();
        assert!(!descriptors.is_empty(), "{name}: fonts");
        for d in descriptors {
            assert!(d.get("/FontFile2").is_some(), "{name}: font embedded");
        }
    }
}

#[test]
fn every_pdf_carries_its_csv_files_byte_for_byte() {
    for path in pdfs() {
        let name = path.display().to_string();
        let pdf = Pdf::open(&path);
        let mut carried = Vec::new();
        for spec in pdf.get(&pdf.catalog["/AF"]).as_array().unwrap() {
            let spec = pdf.get(spec);
            assert_eq!(spec["/AFRelationship"], "/Data", "{name}");
            let file = pdf.get(&pdf.get(&spec["/EF"])["/F"]);
            // "/text#2Fcsv" in the file.
            assert_eq!(file["/Subtype"], "/text/csv", "{name}");
            let file_name = spec["/UF"].as_str().unwrap().trim_start_matches("u:");
            let beside = fs::read(path.with_file_name(file_name)).unwrap();
            let embedded = pdf.stream(&pdf.get(&spec["/EF"])["/F"]);
            assert!(
                embedded == beside.as_slice(),
                "{name}: {file_name} differs from the file beside it"
            );
            carried.push(file_name.to_owned());
        }
        let own = path.with_extension("csv");
        let own = own.file_name().unwrap().to_str().unwrap();
        let want: Vec<&str> = if own == "reconciliation.csv" {
            vec!["reconciliation.csv", "partners-by-year.csv"]
        } else {
            vec![own]
        };
        assert_eq!(carried, want, "{name}: the files it carries");
    }
}

#[test]
fn two_runs_write_the_same_pdf_bytes() {
    let again = tempfile::tempdir().unwrap();
    run_ok(again.path(), &[]);
    for path in pdfs() {
        let relative = path.strip_prefix(SAMPLE.path()).unwrap();
        assert!(
            fs::read(&path).unwrap() == fs::read(again.path().join(relative)).unwrap(),
            "{} differs between two runs",
            relative.display()
        );
    }
}

#[test]
fn the_french_pdfs_describe_their_data_in_french() {
    let french = [
        "Le tableau du rapport",
        "Chaque nom de chaque liste, rapproché",
        "La situation de chaque organisation, année par année",
    ];
    for path in pdfs_under(FRENCH.path()) {
        let name = path.display().to_string();
        let pdf = Pdf::open(&path);
        for spec in pdf.get(&pdf.catalog["/AF"]).as_array().unwrap() {
            let spec = pdf.get(spec);
            let desc = spec["/Desc"].as_str().unwrap().trim_start_matches("u:");
            assert!(french.contains(&desc), "{name}: {desc:?}");
        }
    }
}
