//! The reports written by `workplan run` on the shipped sample inputs: sector, partner
//! and annual overview reports as CSV and PDF, and `index.csv`. PDFs are checked through
//! their extracted text (`pdftotext`, from poppler-utils).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::sync::LazyLock;

use serde_json::Value;

mod common;

use common::binary::{files_under, run_ok, workplan};

/// One run over the sample inputs, shared by the tests that only read its outputs.
static SAMPLE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    run_ok(dir.path(), &[]);
    dir
});

fn sample() -> &'static Path {
    SAMPLE.path()
}

/// The same run in French.
static FRENCH: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    run_ok(dir.path(), &["--lang", "fr"]);
    dir
});

/// Asserts that the title of every row of the report CSV `csv` is in `text`, in the
/// CSV's order (the print order).
fn titles_in_reading_order(text: &str, csv: &Path) {
    let rows = csv_rows(csv);
    let mut from = 0;
    for t in column(&rows, "activity").iter().filter(|t| !t.is_empty()) {
        let t = collapse(t);
        let at = text[from..]
            .find(&t)
            .unwrap_or_else(|| panic!("{}: {t:?} missing or out of order", csv.display()));
        from += at;
    }
}

/// The text of a PDF in content order, whitespace collapsed.
fn pdf_text(path: &Path) -> String {
    let out = common::tools::program("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    collapse(&String::from_utf8(out.stdout).unwrap())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn activities() -> Vec<Value> {
    let text = fs::read_to_string(sample().join("activities.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Rows of a CSV output (BOM stripped), header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0].iter().position(|h| h == name).expect(name);
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

fn title(a: &Value) -> String {
    collapse(a["activity"].as_str().unwrap_or(""))
}

/// The page count of the last "Page N of M" footer (a running head may follow it).
fn page_count(path: &Path) -> usize {
    let text = pdf_text(path);
    let number = |s: &str| s.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok();
    text.rsplit("Page ")
        .find_map(|s| {
            let (n, rest) = s.split_once(" of ")?;
            number(n)?;
            number(rest)
        })
        .expect("a page footer")
}

fn years_touched(a: &Value) -> Vec<i32> {
    let year = |k: &str| {
        a["date"][k]
            .as_str()
            .map(|d| d[..4].parse::<i32>().unwrap())
    };
    match (year("start"), year("end")) {
        (Some(s), Some(e)) => (s..=e).collect(),
        (Some(s), None) => vec![s],
        (None, Some(e)) => vec![e],
        (None, None) => vec![],
    }
}

#[test]
fn cdppe_sector_report_lists_every_cdppe_activity() {
    let expected: Vec<Value> = activities()
        .into_iter()
        .filter(|a| a["sector"] == "CDPPE")
        .collect();
    // The seeds' 2020+ workplan has three CDPPE activities.
    assert_eq!(expected.len(), 3);

    let text = pdf_text(&sample().join("sectors/cdppe.pdf"));
    assert!(text.starts_with("Sector report: CDPPE"), "{text}");
    assert!(text.contains("Page 1 of 1"), "{text}");
    assert!(text.contains("Sources: input/workplan-2020.xlsx"), "{text}");
    for a in &expected {
        assert!(text.contains(&title(a)), "missing {}", title(a));
        let written = a["date"]["text"].as_str().unwrap();
        assert!(text.contains(written), "missing date {written}");
    }
    assert!(text.contains("2020 – 2021"), "the 2020-21 roadshow's span");
    assert!(text.contains("All partners"));

    let rows = csv_rows(&sample().join("sectors/cdppe.csv"));
    assert_eq!(&rows[0][..3], ["report_sector", "report_year", "id"]);
    let ids: BTreeSet<String> = column(&rows, "id").into_iter().collect();
    let want: BTreeSet<String> = expected
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, want);
    assert!(column(&rows, "report_year").iter().all(|y| y == "2020"));
    assert_eq!(
        column(&rows, "activity"),
        ["Workshop", "Multi-stakeholder consultation", "Roadshow"]
    );
}

#[test]
fn google_partner_report_has_profile_its_activities_and_those_open_to_all() {
    let all = activities();
    let named: Vec<&Value> = all
        .iter()
        .filter(|a| {
            a["partners"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "Google")
        })
        .collect();
    let open: Vec<&Value> = all.iter().filter(|a| a["all_partners"] == true).collect();
    assert_eq!(named.len(), 11, "Google's activities in the seeds");
    assert_eq!(
        open.len(),
        3,
        "activities open to all partners in the seeds"
    );

    let pdf = sample().join("partners/google.pdf");
    let text = pdf_text(&pdf);
    assert!(text.starts_with("Partner report: Google"), "{text}");
    assert!(text.contains("Kind company"));
    assert!(text.contains("Joined 2017-11-08"));
    assert!(text.contains("Also written as Google LLC"));
    assert!(text.contains("Page 1 of 2") && text.contains("Page 2 of 2"));
    for a in named.iter().chain(&open) {
        assert!(text.contains(&title(a)), "missing {}", title(a));
    }
    let open_at = text.find("Activities open to all partners").unwrap();
    for a in &open {
        assert!(text[open_at..].contains(&title(a)));
    }

    let rows = csv_rows(&sample().join("partners/google.csv"));
    let how = column(&rows, "report_participation");
    assert_eq!(how.iter().filter(|h| *h == "named").count(), named.len());
    assert_eq!(
        how.iter().filter(|h| *h == "open to all partners").count(),
        open.len()
    );
    // Grouped by year in order, undated last.
    let years = column(&rows, "report_year");
    let named_years: Vec<&String> = years
        .iter()
        .zip(&how)
        .filter(|(_, h)| *h == "named")
        .map(|(y, _)| y)
        .collect();
    let mut sorted = named_years.clone();
    sorted.sort();
    assert_eq!(named_years, sorted);
}

#[test]
fn overview_2019_has_summary_chart_and_every_activity_touching_2019() {
    let expected: Vec<Value> = activities()
        .into_iter()
        .filter(|a| years_touched(a).contains(&2019))
        .collect();
    assert_eq!(expected.len(), 7);
    let text = pdf_text(&sample().join("overview-2019.pdf"));
    assert!(text.starts_with("Annual overview 2019"), "{text}");
    for heading in [
        "Summary",
        "Activities by sector",
        "Activities per sector",
        "Activities by partner",
        "Participation: partners by sectors",
    ] {
        assert!(text.contains(heading), "missing {heading}");
    }
    assert!(text.contains("Activities 7"), "{text}");
    assert!(text.contains("Telefónica"), "accented partner name");
    for a in &expected {
        assert!(text.contains(&title(a)), "missing {}", title(a));
    }
    let pages = page_count(&sample().join("overview-2019.pdf"));
    assert!(text.contains(&format!("Page 1 of {pages}")));

    let rows = csv_rows(&sample().join("overview-2019.csv"));
    assert_eq!(rows.len() - 1, expected.len());
    assert!(column(&rows, "report_year").iter().all(|y| y == "2019"));
}

#[test]
fn a_multi_year_activity_is_in_the_overview_of_each_year() {
    let spanning: Vec<Value> = activities()
        .into_iter()
        .filter(|a| years_touched(a) == [2020, 2021])
        .collect();
    assert!(!spanning.is_empty(), "the seeds have 2020-2021 activities");
    for year in [2020, 2021] {
        let ids = column(
            &csv_rows(&sample().join(format!("overview-{year}.csv"))),
            "id",
        );
        for a in &spanning {
            assert!(ids.contains(&a["id"].as_str().unwrap().to_owned()));
        }
    }
}

#[test]
fn cancelled_and_tentative_activities_are_marked_and_explained() {
    let all = activities();
    let cancelled: Vec<&Value> = all.iter().filter(|a| a["status"] == "cancelled").collect();
    assert!(!cancelled.is_empty());
    let text = pdf_text(&sample().join("sectors/data-protection.pdf"));
    assert!(
        text.contains("Cancelled activity (the record says CANCELLED)"),
        "legend"
    );
    assert!(
        text.contains("Mobile World Congress 2020 CANCELLED"),
        "{text}"
    );
    let overview = pdf_text(&sample().join("overview-2020.pdf"));
    assert!(overview.contains("Date to be confirmed (tbc)"));
    assert!(overview.contains("(tbc)"));
    assert!(overview.matches("CANCELLED").count() >= cancelled.len());
}

#[test]
fn the_french_edition_prints_every_activity_in_order_in_french_and_the_same_csv() {
    let (en, fr) = (sample(), FRENCH.path());
    for report in [
        "overview-2018",
        "overview-2020",
        "overview-undated",
        "partners/google",
    ] {
        let csv = en.join(format!("{report}.csv"));
        titles_in_reading_order(&pdf_text(&en.join(format!("{report}.pdf"))), &csv);
        titles_in_reading_order(&pdf_text(&fr.join(format!("{report}.pdf"))), &csv);
    }
    let text = pdf_text(&fr.join("overview-2020.pdf"));
    let pages = page_count(&en.join("overview-2020.pdf"));
    for words in [
        "Bilan annuel 2020",
        "Résumé",
        "Activités par secteur",
        "Date telle qu'écrite",
        "à déterminer",
        "ANNULÉE",
        "annulée",
        "2020 (à confirmer)",
        &format!("Page 1 sur {pages}"),
    ] {
        assert!(text.contains(words), "{words}");
    }
    assert!(!text.contains("Page 1 of") && !text.contains("none named"));
    let text = pdf_text(&fr.join("overview-2018.pdf"));
    assert!(text.contains("6-7/03/2018 6-7 mars 2018"), "{text}");
    let text = pdf_text(&fr.join("partners/microsoft.pdf"));
    assert!(text.contains("Adhésion 8 novembre 2017"), "{text}");
    // Every CSV but the index (its titles are the reports') is the same in French.
    for f in files_under(en) {
        if f.ends_with(".csv") && f != "index.csv" {
            assert!(
                fs::read(en.join(&f)).unwrap() == fs::read(fr.join(&f)).unwrap(),
                "{f}"
            );
        }
    }
}

/// The French reconciliation.pdf: French headings and findings, every disagreement's
/// subject, and none of the English edition's fixed phrases.
#[test]
fn the_french_reconciliation_is_worded_in_french() {
    let (en, fr) = (sample(), FRENCH.path());
    let english = pdf_text(&en.join("reconciliation.pdf"));
    let french = pdf_text(&fr.join("reconciliation.pdf"));
    for heading in [
        "Vue d'ensemble",
        "Année par année",
        "Chronologie des partenaires",
        "Désaccords",
        "Chaque désaccord",
        "Faits établis",
        "Nombres annoncés",
        "Listes lues",
        "Page 1 sur",
    ] {
        assert!(french.contains(heading), "{heading}");
    }
    // Findings worded in French: an omission, an activity before joining, a count.
    for words in [
        "n'est pas nommé sur 3 listes",
        "antérieure à son adhésion (23 mai 2018)",
        "mais la liste nomme 8 entreprises et 5 associations",
        "(2020 overview, état au 2017-11-08)",
        "jamais adhéré",
        // Rows and registry lines in the tables.
        "input/partner-lists.csv lignes 3-15",
        "(registre, ligne ",
        "[1] ligne ",
        // Each finding's sources: registry joins, activity rows, list rows.
        " : adhésion ",
        "(source : ",
        "[Workplan 2017-2019] ligne ",
        // The renames without a date, and the timelines' later names.
        "(date non indiquée) ; source : ",
        "écrit ainsi : ",
    ] {
        assert!(french.contains(words), "{words}");
    }
    let rows = csv_rows(&fr.join("disagreements.csv"));
    let subjects = column(&rows, "name");
    assert!(!subjects.is_empty());
    for s in subjects {
        assert!(french.contains(&collapse(&s)), "{s}");
    }
    // Phrases of the English edition, each found there and not in the French one.
    for phrase in [
        "Year by year",
        "Partner timelines",
        "Each disagreement",
        "Settled facts",
        "Counts announced",
        "is not named on",
        "absent from every partner list",
        "is named in",
        "announces",
        ", as of ",
        "never joined",
        "Sources:",
        ": joined ",
        "(source: ",
        "] row ",
        "csv rows ",
        "date not given",
        "written so: ",
        "Page 1 of",
    ] {
        assert!(english.contains(phrase), "English: {phrase}");
        assert!(!french.contains(phrase), "French: {phrase}");
    }
}

/// A Companies cell holding only "TBD" printed "none named"; an empty one still does.
#[test]
fn a_placeholder_prints_to_be_determined_and_an_empty_cell_none_named() {
    let all = activities();
    let tbd = all
        .iter()
        .find(|a| {
            a["partners"].as_array().is_some_and(Vec::is_empty)
                && a["notes"].to_string().contains("placeholder 'TBD'")
        })
        .expect("a TBD activity in the sample");
    let empty = all
        .iter()
        .find(|a| {
            ["partners", "other_organisations", "unmatched"]
                .iter()
                .all(|k| a[k].as_array().is_some_and(Vec::is_empty))
                && !a["notes"].to_string().contains("placeholder")
                && a["all_partners"] == false
                && a["status"] == "planned"
                && a["activity"].is_string()
        })
        .expect("an activity naming nobody in the sample");
    for (a, want) in [(tbd, "to be determined"), (empty, "none named")] {
        let overview = match years_touched(a).first() {
            Some(year) => format!("overview-{year}.pdf"),
            None => "overview-undated.pdf".to_owned(),
        };
        let text = pdf_text(&sample().join(overview));
        let at = text.find(&title(a)).expect("the activity printed");
        let row = &text[at..];
        let row = &row[..row.find(" planned").unwrap_or(row.len())];
        assert!(row.contains(want), "{want}: {row}");
    }
}

/// "Strasbour g" is in the source cell: the PDF prints it joined and says so, the CSV
/// keeps it as written.
#[test]
fn date_as_written_is_printed_with_line_wrap_breaks_joined_and_kept_in_the_csv() {
    let text = pdf_text(&sample().join("overview-2020.pdf"));
    assert!(text.contains("Four meetings in Strasbourg"), "{text}");
    // The legend's note names "Strasbour g" as its example; the column never does.
    assert!(!text.contains("Strasbour g (March") && !text.contains("Septemb er"));
    assert!(text.contains("the CSV files keep it exactly as written"));
    let rows = csv_rows(&sample().join("overview-2020.csv"));
    assert!(column(&rows, "date_text")
        .iter()
        .any(|d| d.contains("Strasbour g")));
    // No word of the column is broken across lines ("17-18/09/2018" is the widest).
    for year in 2018..=2021 {
        let text = pdf_text(&sample().join(format!("overview-{year}.pdf")));
        let rows = csv_rows(&sample().join(format!("overview-{year}.csv")));
        for date in column(&rows, "date_text") {
            for word in date.split_whitespace() {
                assert!(text.contains(word), "{year}: {word:?} broken");
            }
        }
    }
}

#[test]
fn spellings_of_one_sector_make_one_report_named_by_the_most_common() {
    let sectors: Vec<String> = fs::read_dir(sample().join("sectors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(sectors.contains(&"information-society-data-protection.pdf".to_owned()));
    assert!(
        !sectors.iter().any(|s| s.ends_with("-2.pdf")),
        "{sectors:?}"
    );
    let rows = csv_rows(&sample().join("sectors/information-society-data-protection.csv"));
    let written: BTreeSet<String> = column(&rows, "sector").into_iter().collect();
    assert_eq!(
        written,
        BTreeSet::from([
            "Information society / Data protection".to_owned(),
            "Information society / data protection".to_owned()
        ])
    );
    assert_eq!(rows.len() - 1, 2);
}

#[test]
fn index_lists_every_report_with_its_rows_and_pages() {
    let rows = csv_rows(&sample().join("index.csv"));
    assert_eq!(
        rows[0],
        ["kind", "title", "file", "format", "rows", "pages"]
    );
    let mut files = BTreeSet::new();
    for r in &rows[1..] {
        let path = sample().join(&r[2]);
        assert!(path.is_file(), "{} listed but missing", r[2]);
        files.insert(r[2].clone());
        let n: usize = r[4].parse().unwrap();
        match r[3].as_str() {
            "csv" => assert_eq!(csv_rows(&path).len() - 1, n, "{}", r[2]),
            "pdf" => assert_eq!(
                page_count(&path),
                r[5].parse::<usize>().unwrap(),
                "{}",
                r[2]
            ),
            // The canonical table as a workbook: a row per activity.
            "xlsx" => assert_eq!(
                csv_rows(&sample().join("activities.csv")).len() - 1,
                n,
                "{}",
                r[2]
            ),
            other => panic!("format {other}"),
        }
    }
    // Every report file on disk is listed.
    for dir in ["sectors", "partners"] {
        for e in fs::read_dir(sample().join(dir)).unwrap() {
            let name = format!("{dir}/{}", e.unwrap().file_name().to_string_lossy());
            assert!(files.contains(&name), "{name} not in index.csv");
        }
    }
    let kinds: BTreeSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["overview", "partner", "sector", "table"])
    );
    // One partner report per registry partner.
    assert_eq!(
        rows[1..].iter().filter(|r| r[0] == "partner").count(),
        2 * 28
    );
}

#[test]
fn report_rebuilds_the_same_reports_from_the_canonical_table() {
    let out = tempfile::tempdir().unwrap();
    let status = workplan()
        .args(["report", "--no-progress", "--from"])
        .arg(sample().join("activities.json"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    // index.csv: the run's but for activities.xlsx, which `report` does not write and
    // lists only when a run left it in the folder.
    let run_index: Vec<Vec<String>> = csv_rows(&sample().join("index.csv"))
        .into_iter()
        .filter(|r| r[2] != "activities.xlsx")
        .collect();
    assert_eq!(csv_rows(&out.path().join("index.csv")), run_index);
    for file in [
        "sectors/cdppe.pdf",
        "sectors/cdppe.csv",
        "partners/google.pdf",
        "overview-2019.pdf",
        "overview-undated.csv",
    ] {
        assert!(
            fs::read(out.path().join(file)).unwrap() == fs::read(sample().join(file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn no_pdf_writes_every_other_output_the_same_and_lists_no_pdf() {
    let out = tempfile::tempdir().unwrap();
    run_ok(out.path(), &["--no-pdf"]);
    let with: BTreeSet<String> = files_under(sample()).into_iter().collect();
    let without: BTreeSet<String> = files_under(out.path()).into_iter().collect();
    let expected: BTreeSet<String> = with
        .iter()
        .filter(|f| !f.ends_with(".pdf"))
        .cloned()
        .collect();
    assert_eq!(without, expected);
    assert!(with.contains("reconciliation.pdf") && with.contains("sectors/cdppe.pdf"));
    for file in &expected {
        // The list of files written and index.csv name the PDFs too: compared below.
        // The review files (index.html, summary.json) list every file written and
        // count the PDF pages.
        if ["index.csv", ".workplan-files", "index.html", "summary.json"].contains(&file.as_str()) {
            continue;
        }
        assert!(
            fs::read(out.path().join(file)).unwrap() == fs::read(sample().join(file)).unwrap(),
            "{file} differs"
        );
    }
    // index.csv: the CSV lines of the full run, in the same order, and nothing else.
    let index = csv_rows(&out.path().join("index.csv"));
    let full: Vec<Vec<String>> = csv_rows(&sample().join("index.csv"))
        .into_iter()
        .filter(|r| r[3] != "pdf")
        .collect();
    assert_eq!(index, full);
    assert!(index[1..].iter().all(|r| r[3] != "pdf" && r[5].is_empty()));
    let listed = |root: &Path| -> Vec<String> {
        fs::read_to_string(root.join(".workplan-files"))
            .unwrap()
            .lines()
            .filter(|l| !l.ends_with(".pdf"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(listed(out.path()), listed(sample()));
}

#[test]
fn the_template_sets_titles_and_texts_and_accents_print() {
    let templates = tempfile::tempdir().unwrap();
    fs::write(
        templates.path().join("report.toml"),
        "[sector]\ntitle = \"Rapport sectoriel : {sector}\"\n\
         intro = \"Lettres échangées avec Marija Pejčinović Burić et Thorbjørn Jagland – « partenariat ».\"\n\
         [columns]\nstatus = \"Statut\"\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let status = workplan()
        .args(["report", "--no-progress", "--from"])
        .arg(sample().join("activities.json"))
        .arg("--templates")
        .arg(templates.path())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = pdf_text(&out.path().join("sectors/cdppe.pdf"));
    assert!(text.starts_with("Rapport sectoriel : CDPPE"), "{text}");
    assert!(
        text.contains("Pejčinović Burić et Thorbjørn Jagland – « partenariat »"),
        "{text}"
    );
    assert!(text.contains("Statut"));
    // Keys left out keep the shipped wording.
    assert!(pdf_text(&out.path().join("partners/google.pdf")).starts_with("Partner report: Google"));

    fs::write(
        templates.path().join("report.toml"),
        "[sector]\ntitel = \"x\"\n",
    )
    .unwrap();
    let bad = workplan()
        .args(["report", "--no-progress", "--from"])
        .arg(sample().join("activities.json"))
        .arg("--templates")
        .arg(templates.path())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("report.toml line 2") && err.contains("titel"),
        "{err}"
    );
}

#[test]
fn pdf_dates_come_from_source_date_epoch_only() {
    let default = fs::read(sample().join("sectors/cdppe.pdf")).unwrap();
    assert!(
        contains(&default, b"D:20000101000000"),
        "fixed date when unset"
    );
    let out = tempfile::tempdir().unwrap();
    let status = workplan()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["report", "--no-progress", "--from"])
        .arg(sample().join("activities.json"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let dated = fs::read(out.path().join("sectors/cdppe.pdf")).unwrap();
    assert!(
        contains(&dated, b"D:20231114221320"),
        "2023-11-14T22:13:20Z"
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn report_on_a_broken_canonical_table_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("activities.json");
    fs::write(&broken, "[\n  {\"id\": \"a1\",\n  \"workplan\": \n").unwrap();
    let out = workplan()
        .args(["report", "--no-progress", "--from"])
        .arg(&broken)
        .arg("--output")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("activities.json") && err.contains("line 4"),
        "{err}"
    );
    assert!(err.contains("workplan run"), "says what to do: {err}");
    assert!(!dir.path().join("out/index.csv").exists());
}

#[test]
fn a_hostile_sector_name_writes_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = activities();
    all[0]["sector"] = Value::from("../../etc/passwd");
    all[1]["sector"] = Value::from("/tmp/CON");
    let from = dir.path().join("activities.json");
    fs::write(&from, serde_json::to_string(&all).unwrap()).unwrap();
    let out = dir.path().join("a/b/out");
    let status = workplan()
        .args(["report", "--no-progress", "--from"])
        .arg(&from)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(out.join("sectors/etc-passwd.pdf").is_file());
    assert!(out.join("sectors/etc-passwd.csv").is_file());
    assert!(out.join("sectors/tmp-con.pdf").is_file());
    // Nothing escaped: outside `out` only the input file exists.
    assert!(!dir.path().join("a/etc").exists() && !dir.path().join("etc").exists());
    let text = pdf_text(&out.join("sectors/etc-passwd.pdf"));
    assert!(
        text.starts_with("Sector report: ../../etc/passwd"),
        "{text}"
    );
}
