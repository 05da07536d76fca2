//! The PDF engine of the printable reports: a [`Document`] of headings, paragraphs,
//! tables, charts and legends becomes an A4 PDF.
//!
//! Three stages, one module each, so the drawing library stays replaceable:
//! [`document`] is the model report builders fill; `layout` (pure, no PDF types)
//! cleans and measures text against the font tables, wraps it, paginates, repeats table
//! headers and numbers the pages; `backend` is the only module that knows PDF syntax and
//! the font crates, writing laid-out pages into a deterministic file (fixed dates, a
//! content-derived file id, subset fonts, an outline for bookmarked headings). [`Fonts`]
//! is parsed once and shared.
//!
//! ```no_run
//! # use workplan::pdf::*;
//! # fn main() -> Result<(), PdfError> {
//! # let (regular, bold) = (Vec::new(), Vec::new());
//! let fonts = Fonts::from_bytes(&regular, &bold)?;
//! let doc = Document { title: "Workplan 2025".into(), ..Document::default() };
//! let pdf = render(&doc, &fonts)?;
//! std::fs::write("workplan.pdf", &pdf.bytes).ok();
//! // Or straight into a file, one page in memory at a time:
//! let mut file = std::io::BufWriter::new(std::fs::File::create("workplan.pdf")?);
//! let printed = write_pdf(&doc, &fonts, &mut file)?;
//! assert_eq!(printed.pages, 1);
//! # Ok(()) }
//! ```

mod backend;
pub mod document;
mod layout;
mod text;

pub use backend::Fonts;
pub use document::{
    Align, Attachment, Block, Column, Document, Mark, Printed, Rendered, RowSource, Rows, Table,
    TableRow, TextStyle, DEFAULT_CREATED,
};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font's bytes could not be parsed, or it lacks basic Latin characters.
    #[error("cannot use the {which} font: {detail}")]
    Font {
        /// "regular" or "bold".
        which: &'static str,
        /// What the parser said.
        detail: String,
    },
    /// [`Document::created`] is outside the dates a PDF can hold.
    #[error("creation date {0} (unix seconds) cannot be written as a pdf date")]
    Date(i64),
    /// The file could not be assembled (a font the subsetter or deflate cannot handle).
    #[error("cannot write the pdf: {0}")]
    Write(String),
    /// The file could not be written out.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Lays out and writes `doc` into `out` page by page, so that memory does not grow with
/// the document's length. The same document and fonts always give the same bytes.
pub fn write_pdf(
    doc: &Document,
    fonts: &Fonts,
    out: &mut dyn std::io::Write,
) -> Result<Printed, PdfError> {
    let laid = backend::write(doc, fonts, out)?;
    Ok(Printed {
        pages: laid.pages,
        missing_glyphs: laid.missing_glyphs,
        missing_chars: laid.missing_chars,
    })
}

/// Lays out and writes `doc` into memory (see [`write_pdf`]).
pub fn render(doc: &Document, fonts: &Fonts) -> Result<Rendered, PdfError> {
    let mut bytes = Vec::new();
    let printed = write_pdf(doc, fonts, &mut bytes)?;
    Ok(Rendered { bytes, printed })
}

/// The text `pdftotext` (poppler-utils, required) extracts from a PDF held in memory,
/// with `args` before the file (`-raw` for drawing order, `-layout` for columns).
#[cfg(test)]
pub(crate) fn extracted_text(bytes: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("extract.pdf");
    std::fs::write(&path, bytes).expect("written");
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(args)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// The shipped fonts, for the engine's own tests (the report stage compiles them in as
/// `report::FONTS`).
#[cfg(test)]
pub(crate) static TEST_FONTS: std::sync::LazyLock<Fonts> = std::sync::LazyLock::new(|| {
    Fonts::from_bytes(
        include_bytes!("../../templates/fonts/DejaVuSansCondensed.ttf"),
        include_bytes!("../../templates/fonts/DejaVuSansCondensed-Bold.ttf"),
    )
    .expect("shipped fonts parse")
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    use super::TEST_FONTS as FONTS;

    const NAMES: &[&str] = &[
        "Telefónica",
        "Pejčinović Burić",
        "Thorbjørn Jagland",
        "Microsoft – Redmond",
        "\u{201C}Digital Partnership\u{201D}",
    ];

    /// `words` words of varied length, deterministic.
    fn words(n: usize, seed: usize) -> String {
        const W: &[&str] = &[
            "capacity",
            "building",
            "on",
            "freedom",
            "of",
            "expression",
            "online",
            "and",
            "the",
            "rule",
            "law",
            "artificial",
            "intelligence",
            "workshop",
            "with",
            "partners",
            "in",
            "Strasbourg",
            "data",
            "protection",
            "cybercrime",
            "Budapest",
            "Convention",
            "follow-up",
            "meeting",
            "–",
            "2024/2025",
        ];
        (0..n)
            .map(|i| W[(i * 7 + seed * 13) % W.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn sample(rows: usize, desc_words: usize) -> Document<'static> {
        let table = Table {
            columns: vec![
                Column {
                    label: "Partner".into(),
                    width: 1.3,
                    align: Align::Left,
                    titled: false,
                },
                Column {
                    label: "Activity".into(),
                    width: 3.5,
                    align: Align::Left,
                    titled: false,
                },
                Column {
                    label: "Dates".into(),
                    width: 1.2,
                    align: Align::Left,
                    titled: false,
                },
                Column {
                    label: "Participants".into(),
                    width: 1.0,
                    align: Align::Right,
                    titled: false,
                },
            ],
            rows: (0..rows)
                .map(|i| TableRow {
                    cells: vec![
                        NAMES[i % NAMES.len()].to_string(),
                        format!("{}. {}", i + 1, words(desc_words + i % 17, i)),
                        format!("{:02}–{:02} March 2025", 1 + i % 27, 2 + i % 27),
                        (i * 37 % 400).to_string(),
                    ],
                    mark: match i % 23 {
                        5 => Mark::Cancelled,
                        11 => Mark::Tentative,
                        _ => Mark::None,
                    },
                })
                .collect(),
        };
        Document {
            lang: String::new(),
            attachments: Vec::new(),
            title: "Digital Partnership – workplan activities 2025".into(),
            subtitle: vec![
                "All sectors, all partners; activities dated 2025".into(),
                "Sources: workplan-2025.xlsx [Workplan 2025+], partners.ods".into(),
            ],
            blocks: vec![
                Block::Heading {
                    text: "Overview".into(),
                    level: 1,
                    bookmark: true,
                },
                Block::Paragraph {
                    text: format!("This report lists {rows} activities. {}", words(60, 1)),
                    style: TextStyle::Normal,
                },
                Block::KeyValues(vec![
                    ("Partner".into(), "Telefónica".into()),
                    (
                        "Contact".into(),
                        "Thorbjørn Jagland, “Office of the Secretary General”".into(),
                    ),
                    ("Sectors".into(), words(30, 2)),
                ]),
                Block::BarChart {
                    title: "Activities per sector".into(),
                    bars: vec![
                        ("Freedom of expression".into(), 42.0),
                        ("Data protection".into(), 17.0),
                        ("Cybercrime (Budapest Convention follow-up)".into(), 9.0),
                        ("Artificial intelligence".into(), 25.5),
                        ("None yet".into(), 0.0),
                    ],
                },
                Block::Legend(vec![
                    (Mark::None, "Confirmed".into()),
                    (Mark::Cancelled, "Cancelled".into()),
                    (Mark::Tentative, "Tentative (to be confirmed)".into()),
                ]),
                Block::Heading {
                    text: "Activities".into(),
                    level: 1,
                    bookmark: true,
                },
                Block::Heading {
                    text: "All partners".into(),
                    level: 2,
                    bookmark: true,
                },
                Block::Table(table),
                Block::Paragraph {
                    text: "Rows struck through were cancelled.".into(),
                    style: TextStyle::Muted,
                },
                Block::Paragraph {
                    text: "Figures are provisional.".into(),
                    style: TextStyle::Italic,
                },
            ],
            footer_left: "workplan 0.1 – generated from 2 files".into(),
            landscape: false,
            created: None,
        }
    }

    fn have(tool: &str) -> bool {
        Command::new(tool).arg("-v").output().is_ok()
    }

    /// `pdftotext -layout` of one page (1-based) or all (0).
    fn pdftotext(path: &Path, page: usize) -> String {
        let mut cmd = Command::new("pdftotext");
        cmd.arg("-layout");
        if page > 0 {
            cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]);
        }
        let out = cmd.arg(path).arg("-").output().expect("pdftotext runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn a_file_that_cannot_be_written_is_an_io_error() {
        /// Takes `0` bytes, then fails as a full disk does.
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if buf.len() > self.0 {
                    return Err(std::io::ErrorKind::StorageFull.into());
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let doc = sample(200, 40);
        let whole = render(&doc, &FONTS).expect("renders").bytes.len();
        // Mid-way through the pages, and in the last bytes (the trailer).
        for room in [whole / 2, whole - 10] {
            match write_pdf(&doc, &FONTS, &mut Full(room)) {
                Err(PdfError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::StorageFull),
                other => panic!("{room} bytes of {whole}: {other:?}"),
            }
        }
        let mut exact = Vec::new();
        write_pdf(&doc, &FONTS, &mut exact).expect("fits");
        assert_eq!(exact.len(), whole);
    }

    #[test]
    fn fonts_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Fonts>();
        let debug = format!("{:?}", *FONTS);
        assert!(
            debug.contains("DejaVuSansCondensed-Bold") && debug.len() < 200,
            "{debug}"
        );
    }

    #[test]
    fn bad_font_bytes_are_an_error() {
        let err = Fonts::from_bytes(b"not a font", b"").unwrap_err();
        assert!(
            matches!(
                err,
                PdfError::Font {
                    which: "regular",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn out_of_range_date_is_an_error() {
        let doc = Document {
            created: Some(i64::MAX),
            ..Document::default()
        };
        assert!(matches!(render(&doc, &FONTS), Err(PdfError::Date(_))));
    }

    #[test]
    fn empty_document_has_one_page() {
        let r = render(&Document::default(), &FONTS).expect("renders");
        assert_eq!(r.printed.pages, 1);
        assert!(r.bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn uncovered_characters_are_counted() {
        let doc = Document {
            title: "Korean \u{AC00} and Chinese \u{4E2D}".into(),
            ..Document::default()
        };
        let r = render(&doc, &FONTS).expect("renders");
        assert_eq!(r.printed.missing_glyphs, 2);
        assert_eq!(r.printed.missing_chars, vec!['\u{4E2D}', '\u{AC00}']);
    }

    #[test]
    fn three_hundred_rows() {
        let doc = sample(300, 25);
        let a = render(&doc, &FONTS).expect("renders");
        let b = render(&doc, &FONTS).expect("renders again");
        assert!(a.printed.pages > 1, "{} pages", a.printed.pages);
        assert!(a.bytes == b.bytes, "two renders differ");
        assert_eq!(a.printed.missing_glyphs, 0, "{:?}", a.printed.missing_chars);
        // A different creation date changes the file.
        let dated = Document {
            created: Some(1_735_689_600),
            ..sample(300, 25)
        };
        assert!(render(&dated, &FONTS).expect("renders").bytes != a.bytes);

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sample.pdf");
        std::fs::write(&path, &a.bytes).expect("sample written");
        println!(
            "sample: {} pages, {} bytes, {}",
            a.printed.pages,
            a.bytes.len(),
            path.display()
        );

        // Required: CI installs poppler-utils (.ci/run).
        assert!(have("pdftotext"), "pdftotext (poppler-utils) is needed");
        let all = pdftotext(&path, 0);
        assert!(all.contains("Digital Partnership – workplan activities 2025"));
        assert!(all.contains(&format!("Page 1 of {}", a.printed.pages)));
        assert!(all.contains(&format!("Page {0} of {0}", a.printed.pages)));
        for name in NAMES {
            assert!(all.contains(name), "{name} not extracted");
        }
        assert!(all.contains("CANCELLED") && all.contains("(tbc)"));
        let page2 = pdftotext(&path, 2);
        assert!(
            page2.contains("Participants"),
            "header not repeated on page 2"
        );
        assert!(page2.contains(&format!("Page 2 of {}", a.printed.pages)));
    }

    #[test]
    fn renders_on_two_threads_match_one() {
        let doc = sample(60, 20);
        let alone = render(&doc, &FONTS).expect("renders").bytes;
        let both: Vec<Vec<u8>> = std::thread::scope(|s| {
            let a = s.spawn(|| render(&doc, &FONTS).map(|r| r.bytes));
            let b = s.spawn(|| render(&doc, &FONTS).map(|r| r.bytes));
            [a, b]
                .into_iter()
                .map(|h| h.join().expect("no panic").expect("renders"))
                .collect()
        });
        assert!(both.iter().all(|b| *b == alone));
    }

    #[test]
    fn outline_nests_level_two_under_level_one() {
        if !have("qpdf") {
            println!("note: qpdf not installed, check skipped");
            return;
        }
        let r = render(&sample(30, 10), &FONTS).expect("renders");
        let path = std::env::temp_dir().join("workplan-pdf-outline.pdf");
        std::fs::write(&path, &r.bytes).expect("written");
        let out = Command::new("qpdf")
            .args(["--json", "--json-key=outlines"])
            .arg(&path)
            .output()
            .expect("qpdf runs");
        let json = String::from_utf8_lossy(&out.stdout);
        let overview = json
            .find("\"title\": \"Overview\"")
            .expect("Overview bookmarked");
        let all = json
            .find("\"title\": \"All partners\"")
            .expect("All partners bookmarked");
        let activities = json
            .find("\"title\": \"Activities\"")
            .expect("Activities bookmarked");
        // qpdf prints kids before their parent's title: All partners sits inside Activities.
        assert!(overview < all && all < activities, "{json}");
    }

    #[test]
    fn qpdf_finds_no_errors() {
        if !have("qpdf") {
            println!("note: qpdf not installed, check skipped");
            return;
        }
        let r = render(&sample(40, 20), &FONTS).expect("renders");
        let path = std::env::temp_dir().join("workplan-pdf-qpdf-check.pdf");
        std::fs::write(&path, &r.bytes).expect("written");
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(
            text.contains("No syntax or stream encoding errors"),
            "{text}"
        );
    }

    /// Edge cases of the layout in one landscape document: an address with no space
    /// wider than its column, a 2,500-word cell running over pages, a title that wraps,
    /// sixty bars, a long footer. Every word must come out, in one piece or broken, and
    /// the file must be sound. The file is left in the temp folder to look at
    /// (`pdftoppm -png -r 60 workplan-edge-cases.pdf edge`).
    #[test]
    fn edge_cases_print_every_word() {
        let long_row = TableRow {
            cells: vec![
                "https://www.example.org/a/very/long/address/without/any/spaces/at/all".into(),
                words(2500, 3),
                "Right-aligned text that wraps over several lines".into(),
            ],
            mark: Mark::Tentative,
        };
        let doc = Document {
            lang: String::new(),
            attachments: Vec::new(),
            title: "Edge cases – a title long enough to wrap onto a second line when the page \
                    is set in landscape, which it is here"
                .into(),
            subtitle: vec!["Subtitle".into()],
            landscape: true,
            blocks: vec![
                Block::Paragraph {
                    text: "First line\nSecond line after a break\n\nAfter a blank line".into(),
                    style: TextStyle::Normal,
                },
                Block::Legend(
                    (0..12)
                        .map(|i| (Mark::None, format!("Legend item number {i}")))
                        .collect(),
                ),
                Block::KeyValues(
                    (0..40)
                        .map(|i| (format!("Key {i}"), words(12 + i, i)))
                        .collect(),
                ),
                Block::BarChart {
                    title: "Sixty bars".into(),
                    bars: (0..60)
                        .map(|i| (format!("Bar {i} {}", words(i % 9, i)), (i * 7 % 50) as f64))
                        .collect(),
                },
                Block::Heading {
                    text: "Long row".into(),
                    level: 1,
                    bookmark: true,
                },
                Block::Table(Table {
                    columns: vec![
                        Column {
                            label: "Link".into(),
                            width: 1.0,
                            align: Align::Left,
                            titled: false,
                        },
                        Column {
                            label: "Text".into(),
                            width: 4.0,
                            align: Align::Left,
                            titled: false,
                        },
                        Column {
                            label: "Right".into(),
                            width: 1.0,
                            align: Align::Right,
                            titled: false,
                        },
                    ],
                    rows: vec![long_row].into(),
                }),
            ],
            footer_left: "A footer text that is rather long ".repeat(8),
            created: Some(1_735_689_600),
        };
        let r = render(&doc, &FONTS).expect("renders");
        assert!(
            r.printed.pages >= 3,
            "2,500 words in one cell span pages: {}",
            r.printed.pages
        );
        let path = std::env::temp_dir().join("workplan-edge-cases.pdf");
        std::fs::write(&path, &r.bytes).expect("written");
        // The text in drawing order (cell by cell), with line breaks inside words undone
        // by dropping all space.
        let squeezed: String = extracted_text(&r.bytes, &["-raw"])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for needle in [
            "https://www.example.org/a/very/long/address/without/any/spaces/at/all",
            "Key39",
            "Bar59",
            "Legenditemnumber11",
            "Afterablankline",
        ] {
            assert!(squeezed.contains(needle), "{needle} missing");
        }
        let cell: String = words(2500, 3).split_whitespace().collect();
        assert!(
            squeezed.contains(&cell[..200]) && squeezed.contains(&cell[cell.len() - 200..]),
            "the long cell's first or last words are missing"
        );
        let footer = format!("Page {} of {}", r.printed.pages, r.printed.pages);
        let last = r.printed.pages.to_string();
        assert!(
            extracted_text(&r.bytes, &["-f", &last, "-l", &last]).contains(&footer),
            "no {footer:?} on the last page"
        );
    }
}
