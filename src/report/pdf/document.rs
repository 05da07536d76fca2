//! The report model handed to [`render`](super::render): what a printable report says,
//! not how it looks.
//!
//! Report builders (per sector, per partner, annual overview) fill a [`Document`] with
//! [`Block`]s; the layout engine decides fonts, sizes, wrapping and pages. Keeping the
//! model free of coordinates lets every report share one look and lets the layout be
//! tested without a PDF.

/// A printable report: title block, content blocks, footer text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Title on page 1, the running head of later pages and the PDF's /Title.
    pub title: String,
    /// Lines under the title: what the report covers, its source files.
    pub subtitle: Vec<String>,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
    /// Text at the left of every footer (e.g. "workplan 0.1 · generated from 3 files").
    pub footer_left: String,
    /// A4 landscape instead of portrait (wide tables).
    pub landscape: bool,
    /// Creation/modification date written into the PDF, as a Unix timestamp (seconds, UTC).
    /// `None` writes [`DEFAULT_CREATED`], so that a rerun gives byte-identical files;
    /// the wall clock is never read.
    pub created: Option<i64>,
}

/// The date written when [`Document::created`] is `None`: 2000-01-01T00:00:00Z.
pub const DEFAULT_CREATED: i64 = 946_684_800;

/// One piece of content, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading; kept on the same page as what follows it.
    Heading {
        /// The heading text.
        text: String,
        /// 1 (section) or 2 (subsection); 0 counts as 1, anything above 2 as 2.
        level: u8,
        /// Add an entry to the PDF outline (the viewer's bookmark pane).
        bookmark: bool,
    },
    /// Running text, wrapped to the text width; `\n` forces a line break.
    Paragraph {
        /// The text.
        text: String,
        /// How it is set.
        style: TextStyle,
    },
    /// A small two-column profile table: bold keys on the left, values wrapped on the right.
    KeyValues(Vec<(String, String)>),
    /// A data table with a header repeated on every page it spans.
    Table(Table),
    /// Horizontal bars drawn with rectangles, one per (label, value).
    BarChart {
        /// Caption above the bars.
        title: String,
        /// Label and value of each bar, drawn in this order; negative or non-finite
        /// values draw no bar.
        bars: Vec<(String, f64)>,
    },
    /// A key explaining the row marks used in the tables.
    Legend(Vec<(Mark, String)>),
    /// Start a new page (ignored at the top of an empty page).
    PageBreak,
}

/// How a [`Block::Paragraph`] is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextStyle {
    /// Body text.
    #[default]
    Normal,
    /// Smaller body text (notes under a table).
    Small,
    /// Smaller grey text (provenance, caveats).
    Muted,
    /// Slanted body text (a synthetic oblique: only regular and bold fonts are shipped).
    Italic,
}

/// A data table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows; a row with fewer cells than columns leaves the rest empty, extra cells
    /// are appended to the last column.
    pub rows: Vec<TableRow>,
}

/// One table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text (bold, repeated on each page).
    pub label: String,
    /// Relative width: columns share the text width in proportion to their weights
    /// (non-positive or non-finite weights count as 1).
    pub width: f32,
    /// Alignment of the cell text.
    pub align: Align,
}

/// Horizontal alignment of the text in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (text).
    #[default]
    Left,
    /// Flush right (numbers, dates).
    Right,
}

/// One table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRow {
    /// Cell texts, one per column.
    pub cells: Vec<String>,
    /// Status shown on the whole row.
    pub mark: Mark,
}

/// The status of an activity, shown on its table row and in a [`Block::Legend`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    /// Nothing special.
    #[default]
    None,
    /// Grey struck-through text on a light red row, tagged "CANCELLED".
    Cancelled,
    /// Slanted text on a light amber row, tagged "(tbc)".
    Tentative,
}

/// What printing a document gave: its pages and the characters the fonts lack.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Printed {
    /// Number of pages.
    pub pages: usize,
    /// Characters the fonts lack, replaced by a close substitute or `?` (each occurrence
    /// counts).
    pub missing_glyphs: usize,
    /// The distinct characters behind `missing_glyphs`, sorted, so a report can name them.
    pub missing_chars: Vec<char>,
}

impl Printed {
    /// A warning naming `file` and the characters the fonts could not print, if any.
    pub fn missing_glyph_warning(&self, file: &str) -> Option<String> {
        (!self.missing_chars.is_empty()).then(|| {
            let chars: String = self.missing_chars.iter().collect();
            format!(
                "{file}: {} character(s) the font cannot print were replaced: {chars}",
                self.missing_glyphs
            )
        })
    }
}

/// A PDF rendered in memory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rendered {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Its pages and missing characters.
    pub printed: Printed,
}
