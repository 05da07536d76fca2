//! `workplan reconcile` and `workplan run` on the shipped inputs: the partner lists of
//! both seed documents held against the registry and the seed workplans.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

mod common;

use common::binary::{count, root, stderr, subcommand_ok, workplan};

/// `workplan reconcile` on the shipped inputs plus `args`, into `out`.
fn reconcile(out: &Path, args: &[&str]) -> Output {
    subcommand_ok("reconcile", out, args)
}

/// A CSV output as records of named fields.
fn records(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
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

fn find<'r>(
    rows: &'r [std::collections::HashMap<String, String>],
    list: &str,
    name: &str,
) -> &'r std::collections::HashMap<String, String> {
    rows.iter()
        .find(|r| r["list"] == list && r["name_as_written"] == name)
        .unwrap_or_else(|| panic!("no row {list} / {name}"))
}

/// The PDF's text with whitespace runs collapsed (always `Some`: a missing pdftotext
/// fails the test, naming `scripts/test.sh`).
fn pdf_text(path: &Path) -> Option<String> {
    let out = common::tools::program("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn reconcile_writes_its_four_outputs_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let o = reconcile(tmp.path(), &[]);
    let err = stderr(&o);
    for f in [
        "reconciliation.csv",
        "partners-by-year.csv",
        "disagreements.csv",
        "reconciliation.pdf",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f} missing");
    }
    assert!(!tmp.path().join("activities.json").exists());
    // 9 lists naming 89 names, all matched; the summary says so.
    assert_eq!(count(&err, "partner lists"), 9, "{err}");
    assert!(err.contains("(89 names, 0 unmatched)"), "{err}");
    // The four known non-partners named in activities and Sberbank, a candidate that
    // never joined, are settled by the registry: the documents disagree on five things.
    assert_eq!(count(&err, "disagreements"), 5, "{err}");
    let rows = records(&tmp.path().join("disagreements.csv"));
    let kinds: Vec<&str> = rows.iter().map(|r| r["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "announced-count",
            "list-omits-partner",
            "list-omits-own-joiners",
            "active-before-listed",
            "active-before-joined"
        ]
    );
    let gsma = &rows[3];
    assert_eq!(
        (gsma["name"].as_str(), gsma["year"].as_str()),
        ("GSMA", "2019")
    );
    assert!(
        gsma["sources"].contains("input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 31"),
        "{gsma:?}"
    );
    assert!(gsma["explanation"].starts_with("GSMA takes part in 2 activities in 2019"));
}

#[test]
fn run_includes_the_reconciliation_and_never_reads_the_lists_as_a_workplan() {
    let tmp = tempfile::tempdir().unwrap();
    let o = workplan()
        .args(["run", "--no-progress", "--output"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let err = stderr(&o);
    // input/ holds the lists file: read as a workplan it would be rejected (exit 1).
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("files                  3"), "{err}");
    for f in [
        "activities.json",
        "reconciliation.csv",
        "partners-by-year.csv",
        "reconciliation.pdf",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f} missing");
    }
}

#[test]
fn every_name_of_the_seed_lists_is_reconciled() {
    let tmp = tempfile::tempdir().unwrap();
    reconcile(tmp.path(), &[]);
    let rows = records(&tmp.path().join("reconciliation.csv"));
    assert_eq!(rows.len(), 89);
    let text = fs::read_to_string(tmp.path().join("reconciliation.csv")).unwrap();
    let header = text.lines().next().unwrap().trim_start_matches('\u{feff}');
    let columns: Vec<&str> = header.split(',').collect();
    assert_eq!(
        columns,
        [
            "source",
            "list",
            "as_of",
            "name_as_written",
            "canonical",
            "status",
            "note",
            "place",
            "suggestions"
        ]
    );
    let by_list = |list: &str| rows.iter().filter(|r| r["list"] == list).count();
    assert_eq!(by_list("2017 list"), 13);
    assert_eq!(by_list("2018 list"), 2);
    assert_eq!(by_list("2020 list"), 5);
    assert_eq!(by_list("Full list"), 15);
    assert_eq!(by_list("Ongoing process in 2020"), 1);
    assert_eq!(by_list("Discussions with"), 5);
    assert_eq!(by_list("Participants"), 25);
    assert_eq!(by_list("joined on 28 June 2022"), 3);

    for (list, written, canonical, status) in [
        (
            "2017 list",
            "Computer & Communications industry association (CCIA)",
            "CCIA",
            "joined",
        ),
        ("2020 list", "INTEL", "Intel", "joined"),
        ("Discussions with", "British Telecom", "BT", "candidate"),
        ("Discussions with", "Sberbank", "Sberbank", "candidate"),
        ("Discussions with", "Thalès", "Thales", "candidate"),
        ("Participants", "Kaspersky Lab", "Kaspersky", "partner"),
        (
            "Participants",
            "Element AI (now ServiceNow)",
            "Element AI",
            "renamed",
        ),
        (
            "Participants",
            "The Internet Society (ISOC)",
            "ISOC",
            "partner",
        ),
        ("joined on 28 June 2022", "Thalès", "Thales", "joined"),
    ] {
        let r = find(&rows, list, written);
        assert_eq!(
            (r["canonical"].as_str(), r["status"].as_str()),
            (canonical, status),
            "{list} / {written}"
        );
        assert!(r["place"].starts_with("input/partner-lists.csv row "));
    }
    assert!(find(&rows, "Discussions with", "Sberbank")["note"].contains("never joined"));
}

#[test]
fn partners_by_year_counts_the_members_of_2017_to_2022() {
    let tmp = tempfile::tempdir().unwrap();
    reconcile(tmp.path(), &[]);
    let rows = records(&tmp.path().join("partners-by-year.csv"));
    let members = |year: &str| -> Vec<String> {
        let mut v: Vec<String> = rows
            .iter()
            .filter(|r| r["year"] == year && r["partner"] == "yes")
            .map(|r| r["name"].clone())
            .collect();
        v.sort();
        v
    };
    let counts: Vec<usize> = ["2017", "2018", "2019", "2020", "2021", "2022"]
        .iter()
        .map(|y| members(y).len())
        .collect();
    assert_eq!(counts, [14, 16, 16, 25, 25, 28]);
    assert!(!rows
        .iter()
        .any(|r| r["year"] == "2016" || r["year"] == "2023"));
    let m2017 = members("2017");
    for p in [
        "Apple",
        "GSMA",
        "Telefónica",
        "Kaspersky",
        "European Digital SME Alliance",
    ] {
        assert!(m2017.iter().any(|m| m == p), "{p} in 2017");
    }
    let row = |name: &str, year: &str| {
        rows.iter()
            .find(|r| r["name"] == name && r["year"] == year)
            .unwrap_or_else(|| panic!("{name} {year}"))
    };
    assert_eq!(row("Cloudflare", "2017")["partner"], "no");
    assert_eq!(row("Cloudflare", "2018")["events"], "joined 2018-05-23");
    assert_eq!(row("Thales", "2022")["events"], "joined 2022-06-28");
    assert_eq!(row("Sberbank", "2020")["kind"], "candidate");
    assert_eq!(
        row("Sberbank", "2020")["lists"],
        "2020 overview: Discussions with"
    );
    // Google: named in 8 activities of 2018 and 3 of 2019 (the seed workplan 2017-2019).
    assert_eq!(row("Google", "2018")["activities"], "8");
    assert_eq!(row("Google", "2019")["activities"], "3");
    // GSMA: two 2019 activities, one cancelled in 2020; on no list before the leaflet.
    assert_eq!(row("GSMA", "2019")["activities"], "2");
    assert_eq!(row("GSMA", "2019")["lists"], "");
    assert_eq!(row("GSMA", "2020")["cancelled"], "1");
    // "All" activities: 2020 and 2021 (CAHAI, DCE roadshow, CDPPE consultation).
    assert_eq!(row("Google", "2020")["open_to_all"], "3");
    assert_eq!(row("Google", "2021")["open_to_all"], "2");
    assert_eq!(row("ICC", "2021")["open_to_all"], "0", "not yet a partner");
}

#[test]
fn the_pdf_tells_every_disagreement_with_its_source() {
    let tmp = tempfile::tempdir().unwrap();
    reconcile(tmp.path(), &[]);
    let Some(text) = pdf_text(&tmp.path().join("reconciliation.pdf")) else {
        println!("note: pdftotext not installed, PDF text not checked");
        return;
    };
    for expected in [
        // Per year: who joined, renamed, only in discussion.
        "Partners: 14 (8 companies and 6 associations).",
        "Partners: 28 (16 companies and 12 associations).",
        "only in discussion at the end of the year: Sberbank, Thalès.",
        "Element AI → ServiceNow (date not given)",
        // "6 associations" announced, five named.
        "The 2020 overview announces 8 companies and 6 associations for “2017 list” (2020 \
         overview, as of 2017-11-08), but the list names 8 companies and 5 associations; the \
         associations named: CCIA, DigitalEurope, ETNO, European Digital SME Alliance, GNI.",
        "Sources: input/partner-lists.csv row 2: section 1:",
        "input/partner-lists.csv rows 3-15 (the list)",
        // GSMA in 2019 activities, absent from the 2017 and 2018 lists.
        "GSMA takes part in 2 activities in 2019 but is absent from every partner list \
         speaking for that time or earlier: “2017 list” (2020 overview, as of 2017-11-08); \
         “2018 list” (2020 overview, as of 2018-05-23).",
        "input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 31",
        // The candidate that never joined.
        "Sberbank was in discussion (“Discussions with” (2020 overview, as of 2020)) but never \
         joined",
        "input/partner-lists.csv row 64 (Discussions with: “Sberbank”)",
        // Names in activities that are known non-partners: settled, listed apart.
        "Settled facts",
        "ICANN is named in 1 activity but is not a partner",
        "Symantec is named in 1 activity but is not a partner",
        "Tech Against Terrorism is named in 1 activity but is not a partner",
        "Tech against Trafficking is named in 1 activity but is not a partner",
        "input/workplan-2020.xlsx [Workplan 2020+] rows 35-36",
        // An activity dated before the partner's join date.
        "EuroISPA is named in 1 activity dated before its join date (2018-05-23)",
        "input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 6",
        // The Full list leaves out its own 2020 list.
        "does not name 5 partners that its own “2020 list” (2020 overview, as of 2020-02-06) \
         lists as joined: Element AI, ICCO, IEEE, Intel, RIPE NCC.",
    ] {
        assert!(
            text.contains(expected),
            "not in the PDF: {expected}\n\n{text}"
        );
    }
    // Every disagreement names its sources.
    let items = text.matches("] ").count();
    let sources = text.matches("Sources: ").count();
    assert!(
        items >= 10 && sources >= 10,
        "{items} items, {sources} sources"
    );
}

#[test]
fn an_unknown_spelling_is_unmatched_with_a_suggestion_and_an_alias_fixes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let lists = tmp.path().join("memo.csv");
    fs::write(
        &lists,
        "source,list,as_of,kind,name_as_written\n\
         memo,Partners,2021,members,Microsft\n\
         memo,Partners,2021,members,Orange Polska\n",
    )
    .unwrap();
    let registry = tmp.path().join("partners.toml");
    let shipped = fs::read_to_string(root().join("input/partners.toml")).unwrap();
    fs::write(&registry, &shipped).unwrap();
    let out = tmp.path().join("out");
    let args = [
        "--partner-lists",
        lists.to_str().unwrap(),
        "--registry",
        registry.to_str().unwrap(),
    ];
    let o = reconcile(&out, &args);
    assert!(
        stderr(&o).contains("(2 names, 2 unmatched)"),
        "{}",
        stderr(&o)
    );
    let rows = records(&out.join("reconciliation.csv"));
    let ms = find(&rows, "Partners", "Microsft");
    assert_eq!(
        (ms["status"].as_str(), ms["canonical"].as_str()),
        ("unmatched", "")
    );
    assert!(
        ms["suggestions"].starts_with("Microsoft (0."),
        "{}",
        ms["suggestions"]
    );
    let polska = find(&rows, "Partners", "Orange Polska");
    assert_eq!(polska["status"], "unmatched", "never silently Orange");
    assert!(polska["suggestions"].starts_with("Orange (0."));
    if let Some(text) = pdf_text(&out.join("reconciliation.pdf")) {
        assert!(text.contains("Names to review"), "{text}");
        assert!(text.contains("Microsoft (0."), "{text}");
    }

    // The user adds the spelling as an alias and runs again.
    let edited = shipped.replace(
        "aliases = [\"Microsoft Corporation\"]",
        "aliases = [\"Microsoft Corporation\", \"Microsft\"]",
    );
    assert_ne!(edited, shipped);
    fs::write(&registry, edited).unwrap();
    let o = reconcile(&out, &args);
    assert!(
        stderr(&o).contains("(2 names, 1 unmatched)"),
        "{}",
        stderr(&o)
    );
    let rows = records(&out.join("reconciliation.csv"));
    let ms = find(&rows, "Partners", "Microsft");
    assert_eq!(
        (ms["status"].as_str(), ms["canonical"].as_str()),
        ("partner", "Microsoft")
    );
}

#[test]
fn a_name_settled_as_not_a_partner_stays_settled() {
    let tmp = tempfile::tempdir().unwrap();
    let lists = tmp.path().join("memo.csv");
    fs::write(
        &lists,
        "source,list,as_of,kind,name_as_written\nmemo,Speakers,2021,named,Orange Foundation\n",
    )
    .unwrap();
    let registry = tmp.path().join("partners.toml");
    let mut text = fs::read_to_string(root().join("input/partners.toml")).unwrap();
    let args = [
        "--partner-lists",
        lists.to_str().unwrap(),
        "--registry",
        registry.to_str().unwrap(),
    ];
    let out = tmp.path().join("out");
    fs::write(&registry, &text).unwrap();
    reconcile(&out, &args);
    let rows = records(&out.join("reconciliation.csv"));
    let n = find(&rows, "Speakers", "Orange Foundation");
    assert_eq!(n["status"], "unmatched");
    assert!(
        n["suggestions"].starts_with("Orange (0."),
        "{}",
        n["suggestions"]
    );

    // Settled: a non-partner, on this run and the next, never suggested as Orange.
    text.push_str("\n[[non_partner]]\nname = \"Orange Foundation\"\n");
    fs::write(&registry, &text).unwrap();
    for _ in 0..2 {
        reconcile(&out, &args);
        let rows = records(&out.join("reconciliation.csv"));
        let n = find(&rows, "Speakers", "Orange Foundation");
        assert_eq!(
            (
                n["status"].as_str(),
                n["canonical"].as_str(),
                n["suggestions"].as_str()
            ),
            ("not-a-partner", "Orange Foundation", "")
        );
    }
}

#[test]
fn a_registry_that_renames_facebook_meta_in_2021_is_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let registry = tmp.path().join("partners.toml");
    let shipped = fs::read_to_string(root().join("input/partners.toml")).unwrap();
    let renamed = shipped.replace("# renames = [{ to = \"Meta\"", "renames = [{ to = \"Meta\"");
    assert_ne!(renamed, shipped);
    fs::write(&registry, renamed).unwrap();
    let lists = tmp.path().join("lists.csv");
    let mut text = fs::read_to_string(root().join("input/partner-lists.csv")).unwrap();
    text.push_str("newsletter,Partners,2022,named,Meta,,\r\n");
    fs::write(&lists, text).unwrap();
    let out = tmp.path().join("out");
    let o = reconcile(
        &out,
        &[
            "--partner-lists",
            lists.to_str().unwrap(),
            "--registry",
            registry.to_str().unwrap(),
        ],
    );
    let rows = records(&out.join("reconciliation.csv"));
    let meta = find(&rows, "Partners", "Meta");
    assert_eq!(
        (meta["canonical"].as_str(), meta["status"].as_str()),
        ("Facebook", "renamed")
    );
    // A list that names some partners does not claim the others are absent.
    assert_eq!(count(&stderr(&o), "disagreements"), 5, "{}", stderr(&o));
    let years = records(&out.join("partners-by-year.csv"));
    let fb = years
        .iter()
        .find(|r| r["name"] == "Facebook" && r["year"] == "2021")
        .unwrap();
    assert_eq!(fb["events"], "renamed Meta (2021-10-28)");
    if let Some(text) = pdf_text(&out.join("reconciliation.pdf")) {
        assert!(
            text.contains("Renamed: Facebook → Meta (2021-10-28); source: company announcement, 28 October 2021."),
            "{text}"
        );
    }
}

#[test]
fn an_xlsx_copy_of_the_lists_gives_the_same_reconciliation() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("partner-lists.xlsx");
    let mut reader = csv::Reader::from_path(root().join("input/partner-lists.csv")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Partner lists of the digital partnership")
        .unwrap();
    let headers = reader.headers().unwrap().clone();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(1, c as u16, h.trim_start_matches('\u{feff}'))
            .unwrap();
    }
    for (r, rec) in reader.records().enumerate() {
        for (c, v) in rec.unwrap().iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 2, c as u16, v).unwrap();
            }
        }
    }
    wb.save(&xlsx).unwrap();

    let from_csv = tmp.path().join("csv");
    let from_xlsx = tmp.path().join("xlsx");
    reconcile(&from_csv, &[]);
    reconcile(&from_xlsx, &["--partner-lists", xlsx.to_str().unwrap()]);
    let strip = |rows: Vec<std::collections::HashMap<String, String>>| {
        rows.into_iter()
            .map(|mut r| {
                r.remove("place");
                // Notes cite rows ("also listed at ..."): compare without them.
                r.remove("note");
                let mut v: Vec<(String, String)> = r.into_iter().collect();
                v.sort();
                v
            })
            .collect::<Vec<_>>()
    };
    let a = strip(records(&from_csv.join("reconciliation.csv")));
    let b = strip(records(&from_xlsx.join("reconciliation.csv")));
    assert_eq!(a.len(), 89);
    assert_eq!(a, b);
    // One row further down (the title row): the places say so.
    let rows = records(&from_xlsx.join("reconciliation.csv"));
    assert_eq!(
        rows[0]["place"],
        format!("{} [Sheet1] row 4", xlsx.display())
    );
    assert_eq!(
        fs::read(from_csv.join("partners-by-year.csv")).unwrap(),
        fs::read(from_xlsx.join("partners-by-year.csv")).unwrap()
    );
}

#[test]
fn missing_lists_named_by_the_user_are_an_error_the_default_may_be_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let o = workplan()
        .args([
            "reconcile",
            "--no-progress",
            "--partner-lists",
            "nope.csv",
            "--output",
        ])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nope.csv: partner lists file not found"),
        "{}",
        stderr(&o)
    );

    // Elsewhere, there is no input/partner-lists.csv: registry and activities only.
    let out = tmp.path().join("out");
    let mut cmd = Command::cargo_bin("workplan").unwrap();
    let o = cmd
        .current_dir(tmp.path())
        .args(["reconcile", "--no-progress", "--input"])
        .arg(root().join("input/workplan-2017-2019.xlsx"))
        .arg("--registry")
        .arg(root().join("input/partners.toml"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: input/partner-lists.csv: no partner lists file"),
        "{err}"
    );
    assert_eq!(records(&out.join("reconciliation.csv")).len(), 0);
    if let Some(text) = pdf_text(&out.join("reconciliation.pdf")) {
        assert!(text.contains("No partner lists were read"), "{text}");
        assert!(text.contains("EuroISPA is named in 1 activity dated before its join date"));
    }

    // The French edition says it in French.
    let out_fr = tmp.path().join("out-fr");
    let o = Command::cargo_bin("workplan")
        .unwrap()
        .current_dir(tmp.path())
        .args(["reconcile", "--no-progress", "--lang", "fr", "--input"])
        .arg(root().join("input/workplan-2017-2019.xlsx"))
        .arg("--registry")
        .arg(root().join("input/partners.toml"))
        .arg("--output")
        .arg(&out_fr)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    if let Some(text) = pdf_text(&out_fr.join("reconciliation.pdf")) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("Aucune liste de partenaires n'a été lue"),
            "{text}"
        );
        assert!(!text.contains("No partner lists were read"), "{text}");
    }
}

#[test]
fn two_runs_give_byte_identical_reconciliations() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    reconcile(a.path(), &[]);
    reconcile(b.path(), &[]);
    for f in [
        "reconciliation.csv",
        "partners-by-year.csv",
        "disagreements.csv",
        "reconciliation.pdf",
    ] {
        assert!(
            fs::read(a.path().join(f)).unwrap() == fs::read(b.path().join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn help_explains_reconcile_and_its_lists_option() {
    let o = workplan().args(["reconcile", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    for s in [
        "--partner-lists",
        "reconciliation.csv",
        "partners-by-year.csv",
        "reconciliation.pdf",
    ] {
        assert!(help.contains(s), "{s} not in help:\n{help}");
    }
}
