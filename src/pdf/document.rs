//! The report model handed to [`render`](super::render): what a printable report says,
//! not how it looks.
//!
//! Report builders (per sector, per partner, annual overview) fill a [`Document`] with
//! [`Block`]s; the layout engine decides fonts, sizes, wrapping and pages. Keeping the
//! model free of coordinates lets every report share one look and lets the layout be
//! tested without a PDF.

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::Location;

/// A printable report: title block, content blocks, footer text. `'a` is what the
/// rows of its tables may borrow (see [`Rows`]).
#[derive(Debug, PartialEq, Default)]
pub struct Document<'a> {
    /// Title on page 1, the running head of later pages and the PDF's /Title.
    pub title: String,
    /// Lines under the title: what the report covers, its source files.
    pub subtitle: Vec<String>,
    /// The content, in reading order.
    pub blocks: Vec<Block<'a>>,
    /// Text at the left of every footer (e.g. "workplan 0.1 · generated from 3 files").
    pub footer_left: String,
    /// A4 landscape instead of portrait (wide tables).
    pub landscape: bool,
    /// Creation/modification date written into the PDF, as a Unix timestamp (seconds, UTC).
    /// `None` writes [`DEFAULT_CREATED`], so that a rerun gives byte-identical files;
    /// the wall clock is never read.
    pub created: Option<i64>,
    /// The language of the text, as a BCP 47 tag ("en", "fr"); empty counts as "en".
    pub lang: String,
    /// Files embedded in the PDF as its data (PDF/A-3 associated files).
    pub attachments: Vec<Attachment<'a>>,
}

/// A file carried inside the PDF, associated with the whole document as its source data
/// (a report's CSV).
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment<'a> {
    /// The file name shown by a viewer.
    pub name: String,
    /// What it holds, shown beside the name.
    pub description: String,
    /// Its media type ("text/csv").
    pub mime: &'static str,
    /// Its bytes, embedded as they are.
    pub data: &'a [u8],
}

/// The date written when [`Document::created`] is `None`: 2000-01-01T00:00:00Z.
pub const DEFAULT_CREATED: i64 = 946_684_800;

/// One piece of content, laid out top to bottom.
#[derive(Debug, PartialEq)]
pub enum Block<'a> {
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
    Table(Table<'a>),
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
#[derive(Debug, PartialEq, Default)]
pub struct Table<'a> {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows; a row with fewer cells than columns leaves the rest empty, extra cells
    /// are appended to the last column.
    pub rows: Rows<'a>,
}

/// The rows of a [`Table`]: held in the document, or made one at a time as the table is
/// laid out, so that a report of a hundred thousand rows never holds them all.
pub enum Rows<'a> {
    /// Rows made beforehand.
    Held(Vec<TableRow>),
    /// Rows made on demand.
    Made(Box<dyn RowSource + 'a>),
}

/// Makes the rows of a [`Rows::Made`] table (shareable, so a document can be laid out
/// on any thread).
pub trait RowSource: Send + Sync {
    /// How many rows.
    fn len(&self) -> usize;
    /// No rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `row` with row `index` (below [`len`](Self::len)). `row` may hold another
    /// row's cells, whose strings can be reused.
    fn row(&self, index: usize, row: &mut TableRow);
}

impl Rows<'_> {
    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::Held(rows) => rows.len(),
            Rows::Made(source) => source.len(),
        }
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `index`: a held row, or one made into `scratch`.
    pub fn get<'s>(&'s self, index: usize, scratch: &'s mut TableRow) -> Option<&'s TableRow> {
        match self {
            Rows::Held(rows) => rows.get(index),
            Rows::Made(source) if index < source.len() => {
                source.row(index, scratch);
                Some(scratch)
            }
            Rows::Made(_) => None,
        }
    }
}

impl Default for Rows<'_> {
    fn default() -> Self {
        Rows::Held(Vec::new())
    }
}

impl From<Vec<TableRow>> for Rows<'_> {
    fn from(rows: Vec<TableRow>) -> Self {
        Rows::Held(rows)
    }
}

impl FromIterator<TableRow> for Rows<'_> {
    fn from_iter<I: IntoIterator<Item = TableRow>>(rows: I) -> Self {
        Rows::Held(rows.into_iter().collect())
    }
}

impl std::fmt::Debug for Rows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rows::Held(rows) => f.debug_tuple("Held").field(rows).finish(),
            Rows::Made(source) => write!(f, "Made({} rows)", source.len()),
        }
    }
}

/// Equal when they give the same rows, however they are made.
impl PartialEq for Rows<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (mut a, mut b) = (TableRow::default(), TableRow::default());
        self.len() == other.len()
            && (0..self.len()).all(|i| self.get(i, &mut a) == other.get(i, &mut b))
    }
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
    /// Each cell's first line (up to its first `\n`) is a title, set in bold above the
    /// rest; a cell starting with `\n` has no title.
    pub titled: bool,
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
    /// A light red row, tagged "CANCELLED".
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
    pub fn missing_glyph_warning(&self, file: &str) -> Option<Diagnostic> {
        (!self.missing_chars.is_empty()).then(|| {
            let kind = Kind::MissingGlyphs {
                count: self.missing_glyphs,
                chars: self.missing_chars.iter().collect(),
            };
            Diagnostic::new(Location::file(file), kind)
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
