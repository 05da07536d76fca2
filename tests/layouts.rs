//! Workplans laid out as they really circulate, through the binary: a Word table
//! pasted into Excel (merged cells), headers over two rows repeated at page breaks, a
//! French-locale CSV with a totals row and a source line, hidden rows and sheets; and an
//! activity carried from one workplan to the next, listed as a possible duplicate. Each
//! fixture is made here, and its outputs checked value by value; the row accounting of
//! the summary balances on each.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use common::binary::{count, stderr, workplan};

/// A worksheet to write: its name, rows (`""` an empty cell), merged ranges (0-based
/// first row, first column, last row, last column), hidden rows (1-based) and whether
/// it is hidden.
struct SheetSpec<'a> {
    name: &'a str,
    rows: &'a [&'a [&'a str]],
    merged: &'a [(u32, u16, u32, u16)],
    hidden_rows: &'a [u32],
    hidden: bool,
}

impl<'a> SheetSpec<'a> {
    fn new(name: &'a str, rows: &'a [&'a [&'a str]]) -> Self {
        SheetSpec {
            name,
            rows,
            merged: &[],
            hidden_rows: &[],
            hidden: false,
        }
    }
}

fn write_xlsx(path: &Path, sheets: &[SheetSpec<'_>]) {
    let mut book = Workbook::new();
    let format = Format::new();
    for spec in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(spec.name).unwrap();
        for (r, cells) in spec.rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        }
        for &(r0, c0, r1, c1) in spec.merged {
            let text = spec.rows[r0 as usize]
                .get(c0 as usize)
                .copied()
                .unwrap_or("");
            sheet.merge_range(r0, c0, r1, c1, text, &format).unwrap();
        }
        for &row in spec.hidden_rows {
            sheet.set_row_hidden(row - 1).unwrap();
        }
        sheet.set_hidden(spec.hidden);
    }
    book.save(path).unwrap();
}

/// A run on `input` into a folder of its own: its output, activities and rejects.
struct Run {
    output: Output,
    err: String,
    activities: Vec<Value>,
    rejects: Vec<Vec<String>>,
}

fn run(input: &Path) -> Run {
    let out = input.with_extension("out");
    let output = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(input)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{err}");
    let json = fs::read(out.join("activities.json")).unwrap();
    let activities = serde_json::from_slice::<Value>(&json).unwrap();
    let rejects_csv = fs::read(out.join("rejects.csv")).unwrap();
    let rejects = csv::Reader::from_reader(rejects_csv.strip_prefix(b"\xEF\xBB\xBF").unwrap())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    // Rows read = records + joined + headers + headings + blank + rejected.
    let parts: u64 = [
        "records", "joined", "headers", "headings", "blank", "rejected",
    ]
    .iter()
    .map(|l| count(&err, l))
    .sum();
    assert_eq!(count(&err, "rows read"), parts, "{err}");
    Run {
        output,
        err,
        activities: activities.as_array().unwrap().clone(),
        rejects,
    }
}

fn text<'v>(a: &'v Value, field: &str) -> &'v str {
    a[field].as_str().unwrap_or("")
}

fn list(a: &Value, field: &str) -> Vec<String> {
    a[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn source_rows(a: &Value) -> Vec<u64> {
    a["source"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

const H2017: &[&str] = &[
    "Sector",
    "Activity",
    "Date",
    "Companies/association",
    "Description",
];

#[test]
fn a_word_table_pasted_into_excel_keeps_its_records_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workplan-2017-2019.xlsx");
    let rows: &[&[&str]] = &[
        &["Workplan 2017-2019"],
        &["Studies"],
        H2017,
        // Rows 4-6: one record, its Companies cell in three paragraphs, the other
        // cells merged over them.
        &[
            "CDCT",
            "Thematic Session on Terrorism and the Internet",
            "14/11/2018",
            "Google",
            "Experts met.",
        ],
        &["", "", "", "Microsoft", ""],
        &[
            "",
            "",
            "",
            "Non-partner: Tech Against Terrorism Initiative (TAT)",
            "",
        ],
        // Rows 7-8: two meetings, one Date cell merged over both.
        &["T-CY", "1st meeting", "6-7/03/2018", "Google", "First"],
        &["T-CY", "2nd meeting", "", "Apple", "Second"],
    ];
    write_xlsx(
        &path,
        &[SheetSpec {
            merged: &[
                (3, 0, 5, 0),
                (3, 1, 5, 1),
                (3, 2, 5, 2),
                (3, 4, 5, 4),
                (6, 2, 7, 2),
            ],
            ..SheetSpec::new("Workplan", rows)
        }],
    );
    let run = run(&path);
    assert_eq!(run.activities.len(), 3, "{}", run.err);
    let session = &run.activities[0];
    assert_eq!(
        text(session, "activity"),
        "Thematic Session on Terrorism and the Internet"
    );
    assert_eq!(source_rows(session), [4, 5, 6]);
    assert_eq!(list(session, "partners"), ["Google", "Microsoft"]);
    assert_eq!(
        list(session, "other_organisations"),
        ["Tech Against Terrorism"]
    );
    assert_eq!(text(session, "description"), "Experts met.");
    assert_eq!(text(session, "category"), "Studies");
    let (first, second) = (&run.activities[1], &run.activities[2]);
    assert_eq!(text(first, "activity"), "1st meeting");
    assert_eq!(text(second, "activity"), "2nd meeting");
    for meeting in [first, second] {
        assert_eq!(meeting["date"]["text"], "6-7/03/2018");
        assert_eq!(meeting["date"]["start"], "2018-03-06");
        assert_eq!(meeting["date"]["end"], "2018-03-07");
        assert_eq!(text(meeting, "sector"), "T-CY");
    }
    assert_eq!(list(second, "partners"), ["Apple"]);
    assert_eq!(source_rows(second), [8]);
    assert!(
        run.err.contains(
            "workplan-2017-2019.xlsx [Workplan]!C7: C7:C8 is one merged cell over the \
             records of rows 7 and 8; each is given its value"
        ),
        "{}",
        run.err
    );
    assert_eq!(count(&run.err, "joined"), 2);
    assert_eq!(count(&run.err, "warnings"), 0);
    assert_eq!(run.output.status.code(), Some(0), "{}", run.err);
}

#[test]
fn headers_over_two_rows_are_joined_also_where_they_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workplan-2020.xlsx");
    let top: &[&str] = &[
        "Topic",
        "Sector",
        "Domain",
        "Activity",
        "Date",
        "Companies/",
        "Description",
        "Contact",
    ];
    let under: &[&str] = &["", "", "", "", "", "associations involved", "", "point(s)"];
    let rows: &[&[&str]] = &[
        &["Workplan 2020+"],
        top,
        under,
        &[
            "Artificial Intelligence",
            "PACE",
            "Political Affairs",
            "Hearing on AI",
            "January 2020 (tbc)",
            "TBD",
            "Experts",
            "Secretariat Pavel.Chevtchenko@coe.int",
        ],
        // A page break: the header again, then the rest of the record above.
        top,
        under,
        &["", "", "", "", "", "", "", "Vasileios.Giannias@coe.int"],
        &[
            "Children with disabilities and their rights in the",
            "CDENF",
            "Children's rights",
            "Hearing",
            "2020-2021",
            "Google",
            "Rights",
            "x@coe.int",
        ],
        top,
        under,
        &["digital environment"],
    ];
    write_xlsx(&path, &[SheetSpec::new("Workplan 2020+", rows)]);
    let run = run(&path);
    assert_eq!(run.activities.len(), 2, "{}", run.err);
    let hearing = &run.activities[0];
    assert_eq!(text(hearing, "activity"), "Hearing on AI");
    assert_eq!(text(hearing, "workplan"), "2020+");
    assert_eq!(
        list(hearing, "contacts"),
        ["pavel.chevtchenko@coe.int", "vasileios.giannias@coe.int"]
    );
    assert_eq!(source_rows(hearing), [4, 7]);
    let children = &run.activities[1];
    assert_eq!(
        text(children, "topic"),
        "Children with disabilities and their rights in the digital environment"
    );
    assert_eq!(list(children, "partners"), ["Google"]);
    assert_eq!(source_rows(children), [8, 11]);
    assert_eq!(count(&run.err, "headers"), 6);
    assert_eq!(count(&run.err, "joined"), 2);
    assert_eq!(count(&run.err, "rejected"), 0);
    assert_eq!(count(&run.err, "warnings"), 0);
    // The joined header names the column in provenance.
    let provenance = fs::read_to_string(path.with_extension("out").join("provenance.csv")).unwrap();
    assert!(
        provenance.contains("F4,Companies/associations involved,TBD"),
        "{provenance}"
    );
}

#[test]
fn a_french_csv_s_totals_and_source_rows_are_rejected_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan-de-travail-2017-2019.csv");
    let csv = "\u{FEFF}Plan de travail 2017-2019;;;;;\r\n\
               Secteur;Activité;Date;Entreprises/associations;Description;Budget (€)\r\n\
               CDCT;Session thématique;14/11/2018;Google, Microsoft;Échange d'expériences;12 500,50\r\n\
               ECRI;Étude sur l'IA;2019;Facebook;Consultation;25 000,50\r\n\
               Total;;;;;37 501,00\r\n\
               Source : Secrétariat du Conseil de l'Europe, mars 2019;;;;;\r\n";
    fs::write(&path, csv).unwrap();
    let run = run(&path);
    assert_eq!(run.activities.len(), 2, "{}", run.err);
    let session = &run.activities[0];
    assert_eq!(text(session, "activity"), "Session thématique");
    assert_eq!(text(session, "workplan"), "2017-2019");
    assert_eq!(list(session, "partners"), ["Google", "Microsoft"]);
    assert_eq!(session["date"]["start"], "2018-11-14");
    assert_eq!(session["extra"]["Budget (€)"], "12 500,50");
    assert_eq!(run.activities[1]["extra"]["Budget (€)"], "25 000,50");
    let reasons: Vec<(&str, &str, &str)> = run
        .rejects
        .iter()
        .map(|r| (r[2].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "5",
                "a totals row, not an activity",
                r#"["Total","","","","","37 501,00"]"#
            ),
            (
                "6",
                "a source line, not an activity",
                r#"["Source : Secrétariat du Conseil de l'Europe, mars 2019"]"#
            ),
        ]
    );
    assert_eq!(count(&run.err, "rejected"), 2);
    assert_eq!(run.output.status.code(), Some(1));
}

#[test]
fn hidden_rows_and_sheets_are_read_and_said_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workplan-2017-2019.xlsx");
    let current: &[&[&str]] = &[
        H2017,
        &[
            "CDCT",
            "Thematic session",
            "14/11/2018",
            "Google",
            "Current",
        ],
        &[
            "CDCT",
            "Thematic session",
            "14/10/2018",
            "Google",
            "Outdated",
        ],
        &["ECRI", "Study", "2019", "Facebook", "Current"],
    ];
    let old: &[&[&str]] = &[H2017, &["GRETA", "Old study", "2017", "Apple", "Old"]];
    write_xlsx(
        &path,
        &[
            SheetSpec {
                hidden_rows: &[3],
                ..SheetSpec::new("Current", current)
            },
            SheetSpec {
                hidden: true,
                ..SheetSpec::new("Old", old)
            },
        ],
    );
    let run = run(&path);
    let titles: Vec<&str> = run.activities.iter().map(|a| text(a, "activity")).collect();
    assert_eq!(
        titles,
        ["Thematic session", "Thematic session", "Study", "Old study"]
    );
    assert_eq!(text(&run.activities[1], "description"), "Outdated");
    for line in [
        "workplan-2017-2019.xlsx [Current] row 3: the row is hidden in the workbook; read like \
         the others: check whether what is hidden is outdated",
        "workplan-2017-2019.xlsx [Old]: the sheet is hidden in the workbook; it is read like the \
         others: check whether what is hidden is outdated",
    ] {
        assert!(run.err.contains(line), "{line}\n{}", run.err);
    }
    assert_eq!(count(&run.err, "warnings"), 2);
    assert_eq!(run.output.status.code(), Some(1));
}

/// An ODS of one sheet ("Plan"): each row's cells as `(text, rows spanned)`, a span of
/// 0 a covered cell; and the rows (1-based) hidden.
fn write_ods(path: &Path, rows: &[&[(&str, u32)]], hidden_rows: &[u32]) {
    let mut table = String::new();
    for (r, cells) in rows.iter().enumerate() {
        let hidden = hidden_rows.contains(&(r as u32 + 1));
        let visibility = if hidden {
            r#" table:visibility="collapse""#
        } else {
            ""
        };
        table += &format!("<table:table-row{visibility}>");
        for &(text, span) in *cells {
            table += &match span {
                0 => "<table:covered-table-cell/>".to_owned(),
                _ if text.is_empty() => "<table:table-cell/>".to_owned(),
                _ => format!(
                    r#"<table:table-cell office:value-type="string" table:number-rows-spanned="{span}"><text:p>{text}</text:p></table:table-cell>"#
                ),
            };
        }
        table += "</table:table-row>";
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Plan">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn an_ods_s_merged_cells_and_hidden_rows_are_read_like_an_xlsx_s() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workplan-2017-2019.ods");
    let header: Vec<(&str, u32)> = H2017.iter().map(|h| (*h, 1)).collect();
    let rows: &[&[(&str, u32)]] = &[
        &header,
        // Rows 2-3: two meetings, one Date cell merged over both.
        &[
            ("T-CY", 1),
            ("1st meeting", 1),
            ("6-7/03/2018", 2),
            ("Google", 1),
            ("First", 1),
        ],
        &[
            ("T-CY", 1),
            ("2nd meeting", 1),
            ("", 0),
            ("Apple", 1),
            ("Second", 1),
        ],
        // Row 4: hidden.
        &[
            ("ECRI", 1),
            ("Old study", 1),
            ("2017", 1),
            ("Facebook", 1),
            ("Outdated", 1),
        ],
    ];
    write_ods(&path, rows, &[4]);
    let run = run(&path);
    let titles: Vec<&str> = run.activities.iter().map(|a| text(a, "activity")).collect();
    assert_eq!(
        titles,
        ["1st meeting", "2nd meeting", "Old study"],
        "{}",
        run.err
    );
    for meeting in &run.activities[..2] {
        assert_eq!(meeting["date"]["text"], "6-7/03/2018");
        assert_eq!(meeting["date"]["start"], "2018-03-06");
        assert_eq!(meeting["date"]["end"], "2018-03-07");
    }
    assert_eq!(source_rows(&run.activities[1]), [3]);
    for line in [
        "workplan-2017-2019.ods [Plan]!C2: C2:C3 is one merged cell over the records of rows 2 \
         and 3; each is given its value",
        "workplan-2017-2019.ods [Plan] row 4: the row is hidden in the workbook; read like the \
         others: check whether what is hidden is outdated",
    ] {
        assert!(run.err.contains(line), "{line}\n{}", run.err);
    }
    assert_eq!(count(&run.err, "warnings"), 1, "{}", run.err);
}

#[test]
fn an_activity_carried_to_the_next_workplan_is_listed_as_a_possible_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("workplan-2017-2019.xlsx");
    write_xlsx(
        &old,
        &[SheetSpec::new(
            "Workplan 2017-2019",
            &[
                H2017,
                &[
                    "T-CY",
                    "Octopus Conference 2019",
                    "20-22/11/2019",
                    "Microsoft",
                    "Cybercrime",
                ],
                &[
                    "CDCT",
                    "Thematic session",
                    "14/11/2018",
                    "Google",
                    "Terrorism",
                ],
            ],
        )],
    );
    let new = dir.path().join("workplan-2020.csv");
    fs::write(
        &new,
        "Topic,Sector,Activity,Date,Companies/associations involved\r\n\
         Cybercrime,T-CY,Octopus Conference 2020,2020,Microsoft\r\n\
         Cybercrime,T-CY,Plenary,2020,All\r\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(&old)
        .arg("--input")
        .arg(&new)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "(0 duplicate records merged; 1 possible across workplans, see review/duplicates.csv)"
        ),
        "{err}"
    );
    let acts: Vec<Value> =
        serde_json::from_slice(&fs::read(out.join("activities.json")).unwrap()).unwrap();
    assert_eq!(acts.len(), 4);
    let summary: Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["possible_duplicates"], 1);
    assert_eq!(summary["duplicates_merged"], 0);
    let (first, second) = (&acts[0], &acts[2]);
    assert_eq!(text(first, "workplan"), "2017-2019");
    assert_eq!(text(second, "workplan"), "2020");
    let dups = fs::read(out.join("review/duplicates.csv")).unwrap();
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(dups.strip_prefix(b"\xEF\xBB\xBF").unwrap())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row[0], text(first, "id"));
    assert!(
        row[1].ends_with("workplan-2017-2019.xlsx [Workplan 2017-2019] rows 2"),
        "{row:?}"
    );
    assert!(row[2].ends_with("workplan-2020.csv rows 2"), "{row:?}");
    assert_eq!(row[3], "possible");
    assert_eq!(row[4], text(second, "id"));
    assert_eq!(row[5], "0.91");
    for (a, other) in [(first, second), (second, first)] {
        let notes = list(a, "notes");
        let said = format!(
            "possibly the same activity as {} in workplan {} (titles 0.91 alike): both are \
             kept, see review/duplicates.csv",
            text(other, "id"),
            text(other, "workplan")
        );
        assert_eq!(notes.iter().filter(|n| **n == said).count(), 1, "{notes:?}");
    }
    // Read back, the canonical table gives the same pair, noted once.
    let again = dir.path().join("again");
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(out.join("activities.csv"))
        .arg("--output")
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let back: Vec<Value> =
        serde_json::from_slice(&fs::read(again.join("activities.json")).unwrap()).unwrap();
    assert_eq!(back.len(), 4);
    for (a, b) in acts.iter().zip(&back) {
        assert_eq!(text(a, "id"), text(b, "id"));
        assert_eq!(list(a, "notes"), list(b, "notes"));
    }
    let dups = fs::read_to_string(again.join("review/duplicates.csv")).unwrap();
    assert_eq!(dups.lines().count(), 2, "{dups}");
    assert!(dups.contains(",possible,"), "{dups}");
}

#[test]
fn activities_of_one_workplan_are_never_possible_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("workplan-2020.csv");
    fs::write(
        &input,
        "Topic,Sector,Activity,Date,Companies/associations involved\r\n\
         Cybercrime,T-CY,Octopus Conference 2020,2020,Microsoft\r\n\
         Cybercrime,T-CY,Octopus Conference 2021,2021,Microsoft\r\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("(0 duplicate records merged)\n"), "{err}");
    let dups = fs::read_to_string(out.join("review/duplicates.csv")).unwrap();
    assert_eq!(
        dups.trim_start_matches('\u{feff}'),
        "id,kept,duplicate,kind,duplicate_id,similarity\r\n"
    );
}
