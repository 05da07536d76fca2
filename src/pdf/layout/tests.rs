use super::style::{
    CANCELLED_FILL, CANCELLED_TAG, CONTENT_BOTTOM, FOOTER, HEADING, INK, MARGIN_TOP, MUTED,
    TENTATIVE_FILL, TENTATIVE_TAG,
};
use super::*;
use crate::pdf::document::{Align, Column, Mark, Table, TableRow, TextStyle};
use crate::pdf::text::FaceMetrics;
use blocks::format_value;
use table::cell_text;
use wrap::wrap_clean;

/// Every covered character 0.5 em wide; covers ASCII and Latin-1 only.
fn metrics() -> Metrics {
    let face = FaceMetrics::build(1000, |cp| (0x20..0x100).contains(&cp).then_some(500));
    Metrics {
        regular: face.clone(),
        bold: face,
    }
}

fn wrap(text: &str, width: f32) -> Vec<String> {
    let m = metrics();
    let mut arena = String::new();
    let mut lines = Vec::new();
    // 10 pt: every character is 5 pt wide.
    wrap_clean(&m.regular, 10.0, width, text, &mut arena, &mut lines);
    lines
        .iter()
        .map(|l| arena[l.start..l.end].to_string())
        .collect()
}

#[test]
fn wrapping() {
    // (text, width in pt, expected lines); a character is 5 pt, a space 5 pt.
    let cases: &[(&str, f32, &[&str])] = &[
        ("", 100.0, &[]),
        ("one", 100.0, &["one"]),
        ("aaa bbb ccc", 35.0, &["aaa bbb", "ccc"]),
        ("aaa bbb ccc", 34.0, &["aaa", "bbb", "ccc"]),
        ("  spaced   out  ", 100.0, &["spaced out"]),
        ("abcdefghij", 20.0, &["abcd", "efgh", "ij"]),
        (
            "ab abcdefghij cd",
            20.0,
            &["ab", "abcd", "efgh", "ij", "cd"],
        ),
        ("line\nbreak", 100.0, &["line", "break"]),
        ("a\n\nb", 100.0, &["a", "", "b"]),
        // Narrower than one character: one character per line, never stuck.
        ("abc", 2.0, &["a", "b", "c"]),
    ];
    for &(text, width, want) in cases {
        assert_eq!(wrap(text, width), want, "text {text:?} width {width}");
    }
}

fn table(rows: usize, words: usize) -> Document<'static> {
    let desc = vec!["word"; words].join(" ");
    Document {
        title: "T".into(),
        blocks: vec![Block::Table(Table {
            columns: vec![
                Column {
                    label: "Name".into(),
                    width: 1.0,
                    align: Align::Left,
                    titled: false,
                },
                Column {
                    label: "Description".into(),
                    width: 3.0,
                    align: Align::Left,
                    titled: false,
                },
                Column {
                    label: "Amount".into(),
                    width: 1.0,
                    align: Align::Right,
                    titled: false,
                },
            ],
            rows: (0..rows)
                .map(|i| TableRow {
                    cells: vec![format!("row{i}"), desc.clone(), i.to_string()],
                    mark: Mark::None,
                })
                .collect(),
        })],
        ..Document::default()
    }
}

fn texts(l: &Layout, page: usize) -> Vec<&str> {
    let p = &l.pages[page];
    p.texts.iter().map(|r| p.text_of(r)).collect()
}

#[test]
fn pages_reach_the_sink_as_they_fill_each_holding_its_own_text() {
    #[derive(Default)]
    struct Seen {
        indices: Vec<usize>,
        /// Text of each page's runs, in order.
        texts: Vec<Vec<String>>,
        longest_text: usize,
    }
    impl PageSink for Seen {
        fn page(&mut self, index: usize, page: &PageLayout) {
            self.indices.push(index);
            self.longest_text = self.longest_text.max(page.text.len());
            self.texts.push(
                page.texts
                    .iter()
                    .map(|r| page.text_of(r).to_owned())
                    .collect(),
            );
        }
    }
    let doc = Document {
        footer_left: "workplan test".into(),
        ..table(2_000, 30)
    };
    let mut seen = Seen::default();
    let done = lay_out(&doc, &metrics(), &mut seen);
    assert!(done.pages > 50, "{} pages", done.pages);
    assert_eq!(seen.indices, (0..done.pages).collect::<Vec<_>>());
    // A page holds the text it draws, not the document's (2,000 rows of ~150 bytes).
    assert!(seen.longest_text < 6_000, "{} bytes", seen.longest_text);
    // With its footer and running head, each page is the page `layout` keeps whole.
    let whole = layout(&doc, &metrics());
    assert_eq!(whole.pages.len(), done.pages);
    for (p, streamed) in seen.texts.iter().enumerate() {
        let kept = texts(&whole, p);
        let footer = if p == 0 { 2 } else { 3 };
        assert_eq!(kept.len(), streamed.len() + footer, "page {}", p + 1);
        assert_eq!(kept[..streamed.len()], streamed[..], "page {}", p + 1);
        let label = format!("Page {} of {}", p + 1, done.pages);
        assert_eq!(kept[streamed.len()..][..2], ["workplan test", &label]);
        if p > 0 {
            assert_eq!(kept[streamed.len() + 2], "T", "running head");
        }
    }
}

#[test]
fn header_repeats_and_footer_counts_pages() {
    let l = layout(&table(200, 5), &metrics());
    let n = l.pages.len();
    assert!(n > 1);
    for p in 0..n {
        let t = texts(&l, p);
        assert!(
            t.contains(&"Description"),
            "header missing on page {}",
            p + 1
        );
        let label = format!("Page {} of {n}", p + 1);
        assert!(
            t.contains(&label.as_str()),
            "footer missing on page {}",
            p + 1
        );
    }
    // Every row appears exactly once.
    let all: Vec<&str> = (0..n).flat_map(|p| texts(&l, p)).collect();
    for i in [0, 57, 199] {
        let name = format!("row{i}");
        assert_eq!(all.iter().filter(|t| **t == name).count(), 1, "{name}");
    }
}

#[test]
fn rows_stay_within_the_content_area() {
    let l = layout(&table(120, 40), &metrics());
    for page in &l.pages {
        for r in &page.texts {
            if r.size == FOOTER.size {
                continue; // footer or running head
            }
            assert!(
                r.y > CONTENT_BOTTOM && r.y < l.laid.height - MARGIN_TOP,
                "{r:?}"
            );
        }
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_by_lines() {
    // 3,000 words in a 3/5 column: far more than a page.
    let l = layout(&table(1, 3000), &metrics());
    assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
    for p in 0..l.pages.len() {
        assert!(texts(&l, p).contains(&"Description"));
    }
}

#[test]
fn rows_are_not_split_when_they_fit_a_page() {
    let l = layout(&table(60, 60), &metrics());
    assert!(l.pages.len() > 2);
    for (p, page) in l.pages.iter().enumerate() {
        // The topmost description line of a page must start a row, i.e. sit beside
        // its "row<i>" name; a split row would continue without one.
        let top = page
            .texts
            .iter()
            .filter(|r| page.text_of(r).starts_with("word"))
            .map(|r| r.y)
            .fold(f32::MIN, f32::max);
        let named = page
            .texts
            .iter()
            .any(|r| page.text_of(r).starts_with("row") && (r.y - top).abs() < 0.01);
        assert!(named, "page {} starts with a continued row", p + 1);
    }
}

#[test]
fn outline_records_page_of_bookmarked_headings() {
    let mut doc = table(100, 5);
    doc.blocks.push(Block::Heading {
        text: "Later  section".into(),
        level: 2,
        bookmark: true,
    });
    doc.blocks.push(Block::Heading {
        text: "Not marked".into(),
        level: 1,
        bookmark: false,
    });
    doc.blocks.insert(
        0,
        Block::Heading {
            text: "First".into(),
            level: 1,
            bookmark: true,
        },
    );
    let l = layout(&doc, &metrics());
    assert_eq!(l.laid.outline.len(), 2);
    let outline = &l.laid.outline;
    assert_eq!((outline[0].level, outline[0].page), (1, 0));
    assert_eq!(outline[1].title, "Later section");
    assert_eq!(outline[1].page, l.pages.len() - 1);
}

#[test]
fn heading_is_kept_with_the_table_after_it() {
    let mut doc = table(3, 5);
    // Fill page 1 with paragraphs until only a little room is left.
    let filler: Vec<Block> = (0..58)
        .map(|i| Block::Paragraph {
            text: format!("filler {i}"),
            style: TextStyle::Normal,
        })
        .collect();
    let tbl = doc.blocks.remove(0);
    doc.blocks = filler;
    doc.blocks.push(Block::Heading {
        text: "Activities".into(),
        level: 1,
        bookmark: true,
    });
    doc.blocks.push(tbl);
    let l = layout(&doc, &metrics());
    let heading_page = (0..l.pages.len()).find(|&p| texts(&l, p).contains(&"Activities"));
    let header_page = (0..l.pages.len()).find(|&p| texts(&l, p).contains(&"Description"));
    assert_eq!(heading_page, header_page);
}

#[test]
fn marks_add_tags_and_tints_and_keep_text_readable() {
    let mut doc = table(2, 3);
    if let Block::Table(Table {
        rows: crate::pdf::Rows::Held(rows),
        ..
    }) = &mut doc.blocks[0]
    {
        rows[0].mark = Mark::Cancelled;
        rows[1].mark = Mark::Tentative;
    }
    let l = layout(&doc, &metrics());
    let t = texts(&l, 0);
    assert!(t.contains(&"CANCELLED") && t.contains(&"(tbc)"));
    let p = &l.pages[0];
    assert!(p.under.iter().any(|f| f.color == CANCELLED_FILL));
    assert!(p.under.iter().any(|f| f.color == TENTATIVE_FILL));
    // Cancelled rows are labelled and tinted, not greyed.
    // Besides the labels, the title block and the footer, every run is in ink.
    let labels = [CANCELLED_TAG, TENTATIVE_TAG, HEADING, MUTED];
    assert!(p
        .texts
        .iter()
        .filter(|r| !labels.contains(&r.color))
        .all(|r| r.color == INK));
    assert!(p.texts.iter().any(|r| r.oblique));
}

#[test]
fn missing_characters_are_counted() {
    let doc = Document {
        title: "Pejčinović".into(),
        blocks: vec![Block::Paragraph {
            text: "Burić".into(),
            style: TextStyle::Normal,
        }],
        ..Document::default()
    };
    let l = layout(&doc, &metrics());
    assert_eq!(l.laid.missing_glyphs, 3);
    assert_eq!(l.laid.missing_chars, vec!['ć', 'č']);
}

#[test]
fn page_break_and_landscape() {
    let doc = Document {
        title: "T".into(),
        landscape: true,
        blocks: vec![
            Block::Paragraph {
                text: "a".into(),
                style: TextStyle::Normal,
            },
            Block::PageBreak,
            Block::PageBreak,
            Block::Paragraph {
                text: "b".into(),
                style: TextStyle::Normal,
            },
            Block::PageBreak,
        ],
        ..Document::default()
    };
    let l = layout(&doc, &metrics());
    assert_eq!(l.pages.len(), 2);
    assert!(l.laid.width > l.laid.height);
}

#[test]
fn value_format() {
    let cases: &[(f64, &str)] = &[
        (3.0, "3"),
        (2.26, "2.3"),
        (-4.0, "-4"),
        (f64::NAN, "n/a"),
        (f64::INFINITY, "n/a"),
    ];
    for &(v, want) in cases {
        assert_eq!(format_value(v), want);
    }
}

#[test]
fn extra_cells_join_the_last_column() {
    let cells = vec!["a".to_string(), "b".to_string(), "c".to_string()];
    assert_eq!(cell_text(&cells, 1, 2), "b | c");
    assert_eq!(cell_text(&cells, 0, 2), "a");
    assert_eq!(cell_text(&cells[..1], 1, 2), "");
}

#[test]
fn a_titled_cell_sets_its_first_line_in_bold_and_the_rest_in_regular() {
    let mut doc = table(2, 3);
    if let Block::Table(t) = &mut doc.blocks[0] {
        t.columns[1].titled = true;
        if let crate::pdf::Rows::Held(rows) = &mut t.rows {
            rows[0].cells[1] = "Title words\nthe description".into();
            // No title: the cell starts with its line break.
            rows[1].cells[1] = "\nonly a description".into();
        }
    }
    let l = layout(&doc, &metrics());
    let p = &l.pages[0];
    let face = |text: &str| {
        let run = p.texts.iter().find(|r| p.text_of(r) == text);
        run.unwrap_or_else(|| panic!("{text:?} drawn")).face
    };
    assert_eq!(face("Title words"), Face::Bold);
    assert_eq!(face("the description"), Face::Regular);
    assert_eq!(face("only a description"), Face::Regular);
    // Other columns keep their face.
    assert_eq!(face("row0"), Face::Regular);
}

/// Regression guard for "Strasbour g" in the Date as written column: breaks made by the
/// layout fall between words; a word is cut only when it is wider than the column.
#[test]
fn wrapping_breaks_inside_a_word_only_when_the_word_is_wider_than_the_line() {
    use proptest::prelude::*;
    let strategy = (
        proptest::collection::vec("[a-z]{1,14}", 1..12),
        20.0f32..120.0,
    );
    proptest!(|((words, width) in strategy)| {
        let text = words.join(" ");
        let lines = wrap(&text, width);
        // Each line is whole words, or a piece of a word wider than the line.
        let mut pieces = lines.iter().flat_map(|l| l.split(' '));
        for word in &words {
            let wide = word.len() as f32 * 5.0 > width + 0.001;
            let mut got = pieces.next().unwrap_or_default().to_string();
            while wide && got.len() < word.len() {
                got.push_str(pieces.next().unwrap_or_default());
            }
            prop_assert_eq!(&got, word, "lines {:?} at width {}", lines, width);
        }
        for line in &lines {
            prop_assert!(line.len() as f32 * 5.0 <= width + 0.001 || !line.contains(' '));
        }
    });
}
