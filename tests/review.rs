//! The review loop through the binary: a new workplan (a 2023 one the tests write, with
//! unknown and qualified names and a date nobody can read) gives the review files
//! (`summary.json`, `warnings.csv`, `disagreements.csv`, `index.html`); they agree
//! with the printed summary; an accepted warning stops counting until its cell
//! changes; `index.html` loads in a headless Chromium with every link resolving.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::binary::{count, root, stderr, workplan};

/// The 2023 workplan: a partner and an unknown organisation in one cell, a qualified
/// partner name, a misspelt partner, a date nobody can read.
const WORKPLAN_2023: &str = "\
Workplan 2023;;;;;;;
Topic;Sector;Domain;Activity;Date;Companies/associations involved;Description;Contact point
Artificial intelligence;CAHAI;Transversal;Expert hearing on AI and elections;12/03/2023;Microsoft, Acme Widgets GmbH;Hearing of experts;someone@coe.int
Data protection;T-PD;Privacy;Round table on age verification;Spring-ish 2023;Google Ireland Operations;Round table;someone@coe.int
Data protection;T-PD;Privacy;Workshop on consent;05/2023;Gogle, Acme Widgets GmbH;Workshop;someone@coe.int
";

/// A folder holding the 2023 workplan and a copy of the shipped registry.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join("input")).unwrap();
        fs::write(dir.path().join("input/workplan-2023.csv"), WORKPLAN_2023).unwrap();
        fs::copy(
            root().join("input/partners.toml"),
            dir.path().join("input/partners.toml"),
        )
        .unwrap();
        Fixture { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `workplan run` on the fixture (no PDF: the page is the subject), into `output/`.
    fn run(&self) -> Output {
        workplan()
            .args(["run", "--no-progress", "--no-pdf", "--input"])
            .arg(self.path("input/workplan-2023.csv"))
            .arg("--registry")
            .arg(self.path("input/partners.toml"))
            .arg("--output")
            .arg(self.path("output"))
            .output()
            .expect("runs")
    }

    fn summary(&self) -> serde_json::Value {
        let text = fs::read_to_string(self.path("output/summary.json")).expect("summary.json");
        serde_json::from_str(&text).expect("summary.json is JSON")
    }
}

/// A CSV output as records of named fields.
fn records(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv opens");
    let headers: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn summary_json_and_warnings_csv_agree_with_the_printed_summary() {
    let f = Fixture::new();
    let o = f.run();
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let v = f.summary();
    assert_eq!(v["command"], "run");
    assert_eq!(v["exit_status"], 1);
    for (label, key) in [
        ("files", "files"),
        ("sheets", "sheets"),
        ("activities", "activities"),
        ("warnings", "warnings"),
    ] {
        assert_eq!(v[key], count(&text, label), "{key} in {text}");
    }
    assert_eq!(v["rows"]["read"], count(&text, "rows read"));
    assert_eq!(v["rows"]["rejected"], count(&text, "rejected"));
    assert_eq!(v["unmatched_names"], count(&text, "to review"));
    assert!(v["unmatched_names"].as_u64().unwrap() >= 1, "{v}");
    assert_eq!(
        v["reconciliation"]["disagreements"],
        count(&text, "disagreements")
    );

    // Every warning is in both files, place first as printed.
    let warnings = records(&f.path("output/warnings.csv"));
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert_eq!(warnings.len(), diagnostics.len());
    let told: Vec<_> = warnings
        .iter()
        .filter(|w| w["severity"] == "warning")
        .collect();
    assert_eq!(told.len() as u64, count(&text, "warnings"), "{text}");
    let date = told
        .iter()
        .find(|w| w["code"] == "date-unreadable")
        .expect("the unreadable date is warned about");
    assert_eq!(
        date["file"],
        f.path("input/workplan-2023.csv").display().to_string()
    );
    assert_eq!(date["cell"], "E4 (Date)");
    assert!(
        text.contains(&format!("E4 (Date): {}", date["message"])),
        "{text}"
    );
    for (w, d) in warnings.iter().zip(diagnostics) {
        for key in [
            "file", "sheet", "cell", "code", "severity", "message", "hint",
        ] {
            assert_eq!(d[key], w[key].as_str(), "{key}");
        }
    }

    // One row per disagreement, as many as the summary says.
    let disagreements = records(&f.path("output/disagreements.csv"));
    assert_eq!(
        disagreements.len() as u64,
        count(&text, "disagreements"),
        "{text}"
    );

    // Every file written is listed, the review files too, and is there.
    let outputs: Vec<&str> = v["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    for name in [
        "activities.json",
        "review/unmatched-names.csv",
        "disagreements.csv",
        "warnings.csv",
        "summary.json",
        "index.html",
    ] {
        assert!(outputs.contains(&name), "{name} not in {outputs:?}");
    }
    for name in &outputs {
        assert!(
            f.path("output").join(name).is_file(),
            "{name} listed, absent"
        );
    }
}

#[test]
fn an_accepted_warning_stops_counting_and_comes_back_when_its_cell_changes() {
    let f = Fixture::new();
    let o = f.run();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let warnings = records(&f.path("output/warnings.csv"));
    let told: Vec<_> = warnings
        .iter()
        .filter(|w| w["severity"] == "warning")
        .collect();
    let date = told
        .iter()
        .find(|w| w["code"] == "date-unreadable")
        .expect("date warning");

    // A person accepts the warning: the file beside the registry names it.
    let accepted = f.path("input/accepted-warnings.toml");
    fs::write(
        &accepted,
        format!(
            "# reviewed: the round table has no date yet\n[[accepted]]\nfingerprint = \"{}\"\n",
            date["fingerprint"]
        ),
    )
    .unwrap();
    let o = f.run();
    let text = stderr(&o);
    let v = f.summary();
    assert_eq!(v["accepted_warnings"], 1, "{v}");
    assert_eq!(v["warnings"], told.len() as u64 - 1, "{v}");
    assert_eq!(count(&text, "warnings"), told.len() as u64 - 1, "{text}");
    let again = records(&f.path("output/warnings.csv"));
    let row = again
        .iter()
        .find(|w| w["fingerprint"] == date["fingerprint"])
        .expect("accepted warning still listed");
    assert_eq!(row["accepted"], "yes");
    if told.len() == 1 {
        assert_eq!(o.status.code(), Some(0), "{text}");
    }
    let page = fs::read_to_string(f.path("output/index.html")).unwrap();
    assert!(
        page.contains("id=\"accepted-table\""),
        "accepted listed apart"
    );

    // The cell changes: warned about again.
    let changed = WORKPLAN_2023.replace("Spring-ish 2023", "Spring-ish 2023 or later");
    fs::write(f.path("input/workplan-2023.csv"), changed).unwrap();
    let o = f.run();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = f.summary();
    assert_eq!(v["accepted_warnings"], 0, "{v}");
    assert_eq!(v["warnings"], told.len() as u64, "{v}");
}

/// Chromium's arguments for a quiet, offline, throw-away headless session.
fn chromium(profile: &Path) -> std::process::Command {
    let mut c = common::tools::program("chromium");
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Every `href` value of `html`, as written.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// `%XX` sequences decoded.
fn percent_decoded(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn index_html_loads_in_chromium_every_link_resolves_and_the_items_to_review_are_on_it() {
    let f = Fixture::new();
    let o = f.run();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let index = f.path("output/index.html");
    let url = format!("file://{}", index.display());
    let profile = f.path("chromium-profile");
    let dump = chromium(&profile)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(dump.status.success(), "{}", stderr(&dump));
    let dom = String::from_utf8_lossy(&dump.stdout);
    // Loaded and parsed: the DOM Chromium built holds the page's parts.
    assert!(dom.contains("<h1>workplan run</h1>"), "{dom}");
    for id in [
        "summary",
        "attention",
        "names-table",
        "warnings-table",
        "files",
    ] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "no #{id} in {dom}");
    }
    // The items to review: the unknown name with its place, the unreadable date.
    assert!(dom.contains("Acme Widgets"), "{dom}");
    assert!(dom.contains("workplan-2023.csv"), "{dom}");
    assert!(dom.contains("E4 (Date)"), "{dom}");
    // Every link is relative and resolves to a file in the folder, or to the page.
    let links = hrefs(&dom);
    assert!(links.len() > 10, "{links:?}");
    let folder = f.path("output");
    for href in &links {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(dom.contains(&format!("id=\"{anchor}\"")), "#{anchor}");
            continue;
        }
        assert!(!href.contains(':'), "{href} is not relative");
        let target = folder.join(percent_decoded(href));
        assert!(target.is_file(), "{href} does not resolve");
    }
    // Every output is linked.
    let summary = f.summary();
    for output in summary["outputs"].as_array().unwrap() {
        let output = output.as_str().unwrap();
        assert!(
            links.iter().any(|l| percent_decoded(l) == output),
            "{output} not linked"
        );
    }

    let png = f.path("index.png");
    let shot = chromium(&profile)
        .arg("--window-size=1280,1600")
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(shot.status.success(), "{}", stderr(&shot));
    let bytes = fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    if let Some(keep) = std::env::var_os("WORKPLAN_SCREENSHOTS") {
        fs::copy(&png, Path::new(&keep).join("index-2023.png")).unwrap();
    }
}

/// `workplan registry apply FILE --registry` the fixture's registry.
fn apply(f: &Fixture, decisions: &Path) -> Output {
    workplan()
        .args(["registry", "apply"])
        .arg(decisions)
        .arg("--registry")
        .arg(f.path("input/partners.toml"))
        .output()
        .expect("runs")
}

/// The review file with `decide` filling each row's decision and canonical name.
fn decided(f: &Fixture, decide: impl Fn(&str) -> (&'static str, &'static str)) -> PathBuf {
    let rows = records(&f.path("output/review/unmatched-names.csv"));
    let path = f.path("decisions.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    let columns = [
        "name",
        "cell",
        "places",
        "suggestion",
        "decision",
        "canonical",
    ];
    w.write_record(columns).unwrap();
    for r in &rows {
        let (decision, canonical) = decide(&r["name"]);
        w.write_record([
            &r["name"],
            &r["cell"],
            &r["places"],
            &r["suggestion"],
            decision,
            canonical,
        ])
        .unwrap();
    }
    w.flush().unwrap();
    path
}

#[test]
fn the_review_rows_give_whole_cells_and_places_and_applied_decisions_resolve_every_name() {
    let f = Fixture::new();
    f.run();
    let rows = records(&f.path("output/review/unmatched-names.csv"));
    let file = f.path("input/workplan-2023.csv").display().to_string();
    let acme = rows
        .iter()
        .find(|r| r["name"] == "Acme Widgets GmbH")
        .expect("unknown name listed");
    assert_eq!(acme["cell"], "Microsoft, Acme Widgets GmbH");
    assert_eq!(
        acme["places"],
        format!(
            "{file}!F3 (Companies/associations involved); {file}!F5 (Companies/associations \
             involved)"
        )
    );
    assert_eq!(
        (acme["decision"].as_str(), acme["canonical"].as_str()),
        ("", "")
    );
    let gogle = rows
        .iter()
        .find(|r| r["name"] == "Gogle")
        .expect("typo listed");
    assert_eq!(gogle["cell"], "Gogle, Acme Widgets GmbH");
    assert!(
        gogle["suggestion"].starts_with("Google (similarity 0."),
        "{gogle:?}"
    );
    // The qualified name is reviewed with its whole cell, however it is cut.
    assert!(
        rows.iter()
            .any(|r| r["cell"] == "Google Ireland Operations"),
        "{rows:?}"
    );

    // Every row decided: the misspelling an alias, the rest not partners.
    let registry_before = fs::read_to_string(f.path("input/partners.toml")).unwrap();
    let decisions = decided(&f, |name| match name {
        "Gogle" => ("alias", "Google"),
        _ => ("non-partner", ""),
    });
    let o = apply(&f, &decisions);
    let told = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{told}");
    assert!(
        told.contains("alias \"Gogle\" of partner \"Google\""),
        "{told}"
    );
    assert!(
        told.contains("new non-partner \"Acme Widgets GmbH\""),
        "{told}"
    );
    // Comments, order and layout kept: the old text is all there, in order.
    let registry = fs::read_to_string(f.path("input/partners.toml")).unwrap();
    let mut rest = registry.as_str();
    for line in registry_before.lines() {
        let at = rest
            .find(line.trim_end_matches(']'))
            .unwrap_or_else(|| panic!("{line:?} lost or moved"));
        rest = &rest[at..];
    }
    assert!(registry.contains("# The partner registry"), "comments kept");
    assert!(
        registry.contains("aliases = [\"Google LLC\", \"Gogle\"]"),
        "{registry}"
    );

    let o = f.run();
    let text = stderr(&o);
    assert_eq!(count(&text, "to review"), 0, "{text}");
    assert_eq!(f.summary()["unmatched_names"], 0);
    let v = f.summary();
    assert_eq!(v["activities"], 3);

    // Applying the same file again changes nothing.
    let o = apply(&f, &decisions);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(f.path("input/partners.toml")).unwrap(),
        registry
    );
}

#[test]
fn a_refused_apply_names_each_row_and_leaves_the_registry_byte_identical() {
    let f = Fixture::new();
    f.run();
    let before = fs::read(f.path("input/partners.toml")).unwrap();
    for (decide, says) in [
        (
            (|name: &str| match name {
                "Gogle" => ("alias", "Gooogle"),
                _ => ("", ""),
            }) as fn(&str) -> (&'static str, &'static str),
            "no partner named \"Gooogle\"",
        ),
        (
            |name: &str| match name {
                "Acme Widgets GmbH" => ("non partner please", ""),
                _ => ("placeholder", ""),
            },
            "unknown decision \"non partner please\"",
        ),
        (
            // A spelling another entry holds: Microsoft's own name, as a new partner.
            |name: &str| match name {
                "Acme Widgets GmbH" => ("partner", "Microsoft"),
                _ => ("", ""),
            },
            "\"Microsoft\" is already held by partner \"Microsoft\"",
        ),
    ] {
        let decisions = decided(&f, decide);
        let o = apply(&f, &decisions);
        let told = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{told}");
        assert!(told.contains(says), "{told}");
        assert!(told.contains("nothing was changed"), "{told}");
        assert!(told.contains("row "), "the row is named: {told}");
        assert_eq!(fs::read(f.path("input/partners.toml")).unwrap(), before);
    }
}

#[test]
fn accept_keeps_the_warning_in_a_readable_file_and_the_next_run_sets_it_apart() {
    let f = Fixture::new();
    f.run();
    let warnings = records(&f.path("output/warnings.csv"));
    let date = warnings
        .iter()
        .find(|w| w["code"] == "date-unreadable")
        .expect("date warning");
    let o = workplan()
        .arg("accept")
        .arg(&date["fingerprint"])
        .arg("--output")
        .arg(f.path("output"))
        .arg("--registry")
        .arg(f.path("input/partners.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = fs::read_to_string(f.path("input/accepted-warnings.toml")).unwrap();
    assert!(file.contains(&format!("fingerprint = \"{}\"", date["fingerprint"])));
    assert!(
        file.contains("Spring-ish 2023"),
        "the message is kept: {file}"
    );
    assert!(file.contains("E4 (Date)"), "the place is kept: {file}");
    f.run();
    assert_eq!(f.summary()["accepted_warnings"], 1);

    // A fingerprint of no warning is refused, naming where to find them.
    let o = workplan()
        .args(["accept", "0123456789abcdef", "--output"])
        .arg(f.path("output"))
        .arg("--registry")
        .arg(f.path("input/partners.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("warnings.csv"), "{}", stderr(&o));
}

#[test]
fn check_lists_each_unmatched_name_with_its_cell_places_and_suggestion() {
    let f = Fixture::new();
    let o = workplan()
        .args(["check", "--no-progress", "--input"])
        .arg(f.path("input/workplan-2023.csv"))
        .arg("--registry")
        .arg(f.path("input/partners.toml"))
        .output()
        .unwrap();
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let file = f.path("input/workplan-2023.csv").display().to_string();
    assert!(
        text.contains("\"Acme Widgets GmbH\" in \"Microsoft, Acme Widgets GmbH\""),
        "{text}"
    );
    assert!(
        text.contains(&format!("at {file}!F5 (Companies/associations involved)")),
        "{text}"
    );
    assert!(text.contains("suggestion: Google (similarity 0."), "{text}");
    // It writes nothing, so it points at no file it did not write.
    assert!(!f.path("output").exists());
    for pointer in ["see rejects.csv", "see reconciliation", "outputs in"] {
        assert!(!text.contains(pointer), "{pointer}: {text}");
    }
}
