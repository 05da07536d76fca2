//! Page layout: a [`Document`] becomes pages of positioned text runs and filled
//! rectangles, in points from the bottom-left corner of an A4 page.
//!
//! This module is pure (no PDF types) so pagination can be tested with fake
//! metrics and the drawing backend stays one small module. Text is cleaned against the
//! face that draws it, wrapped on spaces by measured advances (words wider than a
//! column are broken between characters), and stored once in the page's string arena
//! that its runs index into, so a page costs a few vectors, not an allocation per line.
//!
//! Pages are handed to a [`PageSink`] as soon as they are full, so a report of any length
//! holds one page at a time; footers ("Page X of Y") need the page count and come last,
//! from the [`Footer`] that [`lay_out`] returns.

use std::borrow::Cow;

use super::document::{Align, Block, Document, Mark, Table, TableRow, TextStyle};
use super::text::{Cleaner, Face, FaceMetrics, Metrics};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;
const A4_SHORT: f32 = 210.0 * MM;
const A4_LONG: f32 = 297.0 * MM;
const MARGIN_X: f32 = 15.0 * MM;
const MARGIN_TOP: f32 = 15.0 * MM;
/// Content stops here; the footer lives below.
const CONTENT_BOTTOM: f32 = 18.0 * MM;
const FOOTER_RULE: f32 = 13.0 * MM;
const FOOTER_BASELINE: f32 = 9.5 * MM;
/// Baseline of the running head (pages 2+), measured down from the top edge.
const HEAD_BASELINE: f32 = 9.5 * MM;
/// DejaVu's cap height in em, used to centre a line of text in its line box.
const CAP_HEIGHT: f32 = 0.73;
/// Horizontal and vertical padding inside table cells.
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 2.2;
/// Slant of the synthetic oblique (x shift per unit of height).
pub(crate) const OBLIQUE_SKEW: f32 = 0.2;
/// A row taller than what is left of a page is split here only if at least this many
/// of its lines fit; otherwise it moves to the next page.
const MIN_SPLIT_LINES: usize = 3;

/// A face at a size, with the distance between baselines.
#[derive(Debug, Clone, Copy)]
struct Font {
    face: Face,
    size: f32,
    lh: f32,
}

const TITLE: Font = Font {
    face: Face::Bold,
    size: 17.0,
    lh: 21.0,
};
const SUBTITLE: Font = Font {
    face: Face::Regular,
    size: 9.0,
    lh: 11.5,
};
const H1: Font = Font {
    face: Face::Bold,
    size: 13.5,
    lh: 16.5,
};
const H2: Font = Font {
    face: Face::Bold,
    size: 11.0,
    lh: 13.5,
};
const BODY: Font = Font {
    face: Face::Regular,
    size: 9.5,
    lh: 12.5,
};
const SMALL: Font = Font {
    face: Face::Regular,
    size: 8.0,
    lh: 10.5,
};
const CELL: Font = Font {
    face: Face::Regular,
    size: 8.0,
    lh: 9.8,
};
const KEY_VALUE: Font = Font {
    face: Face::Regular,
    size: 8.5,
    lh: 10.5,
};
/// Row tags ("CANCELLED", "(tbc)"): bold and small, on the cell's line height.
const TAG_SIZE: f32 = 6.5;
const CHART: Font = Font {
    face: Face::Regular,
    size: 8.0,
    lh: 12.0,
};
const FOOTER: Font = Font {
    face: Face::Regular,
    size: 7.5,
    lh: 9.0,
};

/// An RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub(crate) f32, pub(crate) f32, pub(crate) f32);

const INK: Rgb = Rgb(0.1, 0.1, 0.1);
const MUTED: Rgb = Rgb(0.4, 0.4, 0.4);
const HEADING: Rgb = Rgb(0.09, 0.2, 0.38);
const RULE: Rgb = Rgb(0.74, 0.74, 0.74);
const RULE_DARK: Rgb = Rgb(0.35, 0.35, 0.35);
const HEADER_FILL: Rgb = Rgb(0.85, 0.87, 0.9);
const CANCELLED_FILL: Rgb = Rgb(0.99, 0.88, 0.88);
const CANCELLED_INK: Rgb = Rgb(0.45, 0.45, 0.45);
const CANCELLED_TAG: Rgb = Rgb(0.66, 0.08, 0.08);
const TENTATIVE_FILL: Rgb = Rgb(1.0, 0.94, 0.78);
const TENTATIVE_TAG: Rgb = Rgb(0.58, 0.36, 0.0);
const BAR: Rgb = Rgb(0.27, 0.44, 0.66);
const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

/// A single line of text at a baseline position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextRun {
    /// Left end of the baseline.
    pub(crate) x: f32,
    /// Baseline height.
    pub(crate) y: f32,
    /// Font size in points.
    pub(crate) size: f32,
    /// Face to draw with.
    pub(crate) face: Face,
    /// Text colour.
    pub(crate) color: Rgb,
    /// Slant the glyphs (synthetic italic).
    pub(crate) oblique: bool,
    /// Byte range of the text in [`Layout::text`].
    pub(crate) start: usize,
    /// End of the byte range.
    pub(crate) end: usize,
}

/// A filled rectangle (backgrounds, rules, bars, strike-through lines).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fill {
    /// Left edge.
    pub(crate) x: f32,
    /// Bottom edge.
    pub(crate) y: f32,
    /// Width.
    pub(crate) w: f32,
    /// Height.
    pub(crate) h: f32,
    /// Fill colour.
    pub(crate) color: Rgb,
}

/// What one page shows, in drawing order: `under`, then `texts`, then `over`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageLayout {
    /// Shading, rules and bars, drawn first.
    pub(crate) under: Vec<Fill>,
    /// Text lines.
    pub(crate) texts: Vec<TextRun>,
    /// Strike-through lines, drawn over the text.
    pub(crate) over: Vec<Fill>,
    /// Arena holding the text of the page's runs.
    pub(crate) text: String,
}

impl PageLayout {
    /// The text of `run`.
    pub(crate) fn text_of(&self, run: &TextRun) -> &str {
        self.text.get(run.start..run.end).unwrap_or("")
    }

    /// Nothing drawn.
    fn is_blank(&self) -> bool {
        self.texts.is_empty() && self.under.is_empty()
    }

    /// Empties the page, keeping its buffers.
    fn clear(&mut self) {
        self.under.clear();
        self.texts.clear();
        self.over.clear();
        self.text.clear();
    }

    /// Adds a run drawing `text` (empty text draws nothing).
    #[allow(clippy::too_many_arguments)]
    fn push_run(
        &mut self,
        text: &str,
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        oblique: bool,
    ) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.texts.push(TextRun {
            x,
            y,
            size,
            face,
            color,
            oblique,
            start,
            end: self.text.len(),
        });
    }

    /// Draws `other` over this page (its text moves into this page's arena).
    #[cfg(test)]
    fn append(&mut self, other: &PageLayout) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.under.extend_from_slice(&other.under);
        self.texts.extend(other.texts.iter().map(|r| TextRun {
            start: r.start + base,
            end: r.end + base,
            ..*r
        }));
        self.over.extend_from_slice(&other.over);
    }
}

/// Receives each page as soon as its content is laid out (without its footer).
pub(crate) trait PageSink {
    /// Page `index` (from 0).
    fn page(&mut self, index: usize, page: &PageLayout);
}

/// A bookmarked heading.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutlineEntry {
    /// 1 or 2.
    pub(crate) level: u8,
    /// The heading text on one line.
    pub(crate) title: String,
    /// 0-based page index.
    pub(crate) page: usize,
    /// Top of the heading on that page.
    pub(crate) top: f32,
}

/// What is known once every page has gone to the sink.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LaidOut {
    /// Page width in points.
    pub(crate) width: f32,
    /// Page height in points.
    pub(crate) height: f32,
    /// Left margin (outline destinations point here).
    pub(crate) left: f32,
    /// Pages handed to the sink, at least one.
    pub(crate) pages: usize,
    /// Bookmarked headings in document order.
    pub(crate) outline: Vec<OutlineEntry>,
    /// Characters replaced because a face lacks them.
    pub(crate) missing_glyphs: usize,
    /// The distinct replaced characters, sorted.
    pub(crate) missing_chars: Vec<char>,
    /// Each page's footer and running head.
    pub(crate) footer: Footer,
}

/// The footer of every page (rule, footer text, "Page X of Y") and the running head of
/// pages 2 on: known once the page count is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Footer {
    total: usize,
    left: f32,
    right: f32,
    head_y: f32,
    /// Holds the footer text and the running head.
    text: String,
    footer_left: Line,
    head: Line,
}

impl Footer {
    /// Fills `page` (emptied first) with what page `index` shows besides its content.
    pub(crate) fn page(&self, index: usize, metrics: &Metrics, page: &mut PageLayout) {
        use std::fmt::Write as _;
        page.clear();
        page.under.push(Fill {
            x: self.left,
            y: FOOTER_RULE,
            w: self.right - self.left,
            h: 0.4,
            color: RULE,
        });
        let line = |l: Line| self.text.get(l.start..l.end).unwrap_or("");
        let run = |page: &mut PageLayout, text: &str, x: f32, y: f32| {
            page.push_run(text, x, y, Face::Regular, FOOTER.size, MUTED, false)
        };
        run(page, line(self.footer_left), self.left, FOOTER_BASELINE);
        let mut label = String::with_capacity(24);
        let _ = write!(label, "Page {} of {}", index + 1, self.total);
        let width = metrics.regular.width(&label) * FOOTER.size;
        run(page, &label, self.right - width, FOOTER_BASELINE);
        if index > 0 {
            run(page, line(self.head), self.left, self.head_y);
        }
    }
}

/// The laid-out document, every page in memory with its footer, for tests to look at
/// (reports stream their pages through [`lay_out`]).
#[cfg(test)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// The pages, at least one, footers drawn last.
    pub(crate) pages: Vec<PageLayout>,
    /// Sizes, outline and missing characters.
    pub(crate) laid: LaidOut,
}

/// Lays out `doc` with the advance widths in `metrics`, every page in memory.
#[cfg(test)]
pub(crate) fn layout(doc: &Document, metrics: &Metrics) -> Layout {
    struct Collect(Vec<PageLayout>);
    impl PageSink for Collect {
        fn page(&mut self, _: usize, page: &PageLayout) {
            self.0.push(page.clone());
        }
    }
    let mut pages = Collect(Vec::new());
    let laid = lay_out(doc, metrics, &mut pages);
    let mut footer = PageLayout::default();
    for (i, page) in pages.0.iter_mut().enumerate() {
        laid.footer.page(i, metrics, &mut footer);
        page.append(&footer);
    }
    Layout {
        pages: pages.0,
        laid,
    }
}

/// Width and height of `doc`'s pages in points.
pub(crate) fn page_size(doc: &Document) -> (f32, f32) {
    if doc.landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    }
}

/// Lays out `doc` with the advance widths in `metrics`, handing each page to `sink` as
/// soon as it is full.
pub(crate) fn lay_out(doc: &Document, metrics: &Metrics, sink: &mut dyn PageSink) -> LaidOut {
    let (width, height) = page_size(doc);
    let mut e = Engine::new(metrics, width, height, sink);
    e.title_block(doc);
    for (i, block) in doc.blocks.iter().enumerate() {
        e.block(block, doc.blocks.get(i + 1));
    }
    e.finish(doc)
}

/// A wrapped line: a byte range of the arena and its width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Line {
    start: usize,
    end: usize,
    width: f32,
    /// A row tag ("CANCELLED", "(tbc)"), drawn bold and small.
    tag: bool,
}

/// Column geometry of a table.
#[derive(Debug, Clone)]
struct Cols {
    x: Vec<f32>,
    w: Vec<f32>,
    align: Vec<Align>,
    face: Vec<Face>,
}

/// How a table row is dressed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RowKind {
    Header,
    Body(Mark),
}

/// A wrapped row kept across pages (the table header), with its own text.
#[derive(Debug, Clone)]
struct Wrapped {
    text: String,
    lines: Vec<Line>,
    cells: Vec<(usize, usize)>,
    n: usize,
}

/// Saved engine state for measuring without leaving traces.
struct Snapshot {
    text: usize,
    lines: usize,
    cells: usize,
    missing: usize,
    missing_chars: std::collections::BTreeSet<char>,
}

struct Engine<'a> {
    m: &'a Metrics,
    sink: &'a mut dyn PageSink,
    cleaner: Cleaner,
    /// Cleaned text of the string being wrapped.
    scratch: String,
    /// Arena of the lines being wrapped and placed; emptied as each block, table row
    /// or key-value pair starts (placed text is copied into its page).
    text: String,
    /// Pages handed to the sink.
    pages: usize,
    page: PageLayout,
    /// Top of the free space on the current page.
    y: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    width: f32,
    height: f32,
    outline: Vec<OutlineEntry>,
    /// Lines of the row or paragraph being laid out.
    lines: Vec<Line>,
    /// Per-cell ranges into `lines` for the row being laid out.
    cells: Vec<(usize, usize)>,
}

impl<'a> Engine<'a> {
    fn new(m: &'a Metrics, width: f32, height: f32, sink: &'a mut dyn PageSink) -> Self {
        Engine {
            m,
            sink,
            cleaner: Cleaner::default(),
            scratch: String::new(),
            text: String::with_capacity(16 * 1024),
            pages: 0,
            page: PageLayout::default(),
            y: height - MARGIN_TOP,
            left: MARGIN_X,
            right: width - MARGIN_X,
            top: height - MARGIN_TOP,
            bottom: CONTENT_BOTTOM,
            width,
            height,
            outline: Vec::new(),
            lines: Vec::new(),
            cells: Vec::new(),
        }
    }

    fn text_width(&self) -> f32 {
        self.right - self.left
    }

    /// Nothing placed on the current page yet.
    fn fresh(&self) -> bool {
        self.y >= self.top - 0.01
    }

    fn room(&self) -> f32 {
        self.y - self.bottom
    }

    fn new_page(&mut self) {
        self.sink.page(self.pages, &self.page);
        self.page.clear();
        self.pages += 1;
        self.y = self.top;
    }

    /// Forgets the wrapped lines and their text: nothing placed refers to them.
    fn start_lines(&mut self) {
        self.lines.clear();
        self.cells.clear();
        self.text.clear();
    }

    /// Starts a new page unless `h` fits (or the page is still empty).
    fn break_for(&mut self, h: f32) {
        if h > self.room() + 0.01 && !self.fresh() {
            self.new_page();
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: self.text.len(),
            lines: self.lines.len(),
            cells: self.cells.len(),
            missing: self.cleaner.missing,
            missing_chars: self.cleaner.missing_chars.clone(),
        }
    }

    fn restore(&mut self, s: Snapshot) {
        self.text.truncate(s.text);
        self.lines.truncate(s.lines);
        self.cells.truncate(s.cells);
        self.cleaner.missing = s.missing;
        self.cleaner.missing_chars = s.missing_chars;
    }

    /// Cleans `raw` for `face` into `self.scratch`.
    fn clean(&mut self, face: Face, raw: &str) {
        self.scratch.clear();
        self.cleaner
            .clean_into(self.m.face(face), raw, &mut self.scratch);
    }

    /// Wraps `raw` to `width` and appends the lines to `self.lines`; returns how many.
    fn wrap(&mut self, face: Face, size: f32, width: f32, raw: &str) -> usize {
        self.clean(face, raw);
        let before = self.lines.len();
        wrap_clean(
            self.m.face(face),
            size,
            width,
            &self.scratch,
            &mut self.text,
            &mut self.lines,
        );
        self.lines.len() - before
    }

    /// `raw` on one line, cut with an ellipsis if wider than `max`.
    fn fit(&mut self, face: Face, size: f32, max: f32, raw: &str) -> Line {
        self.clean(face, raw);
        let fm = self.m.face(face);
        let start = self.text.len();
        let full = fm.width(&self.scratch) * size;
        if full <= max {
            self.text.extend(
                self.scratch
                    .chars()
                    .map(|c| if c == '\n' { ' ' } else { c }),
            );
            return Line {
                start,
                end: self.text.len(),
                width: full,
                tag: false,
            };
        }
        let ellipsis = if fm.covers('\u{2026}') {
            "\u{2026}"
        } else {
            "..."
        };
        let ellipsis_w = fm.width(ellipsis) * size;
        let mut w = 0.0;
        for c in self.scratch.chars() {
            let cw = fm.advance(c).unwrap_or(0.0) * size;
            if w + cw + ellipsis_w > max {
                break;
            }
            self.text.push(if c == '\n' { ' ' } else { c });
            w += cw;
        }
        self.text.push_str(ellipsis);
        Line {
            start,
            end: self.text.len(),
            width: w + ellipsis_w,
            tag: false,
        }
    }

    /// A fixed ASCII string (tags, page labels) the fonts are known to cover.
    fn literal(&mut self, face: Face, size: f32, s: &str) -> Line {
        let start = self.text.len();
        self.text.push_str(s);
        let width = self.m.face(face).width(s) * size;
        Line {
            start,
            end: self.text.len(),
            width,
            tag: false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn put(
        &mut self,
        line: Line,
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        oblique: bool,
    ) {
        let text = self.text.get(line.start..line.end).unwrap_or("");
        self.page.push_run(text, x, y, face, size, color, oblique);
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.page.under.push(Fill { x, y, w, h, color });
    }

    /// Places `self.lines[from..]` one under the other at the left margin, breaking
    /// pages between lines.
    fn place_lines(&mut self, from: usize, font: Font, color: Rgb, oblique: bool) {
        for i in from..self.lines.len() {
            let line = self.lines[i];
            self.break_for(font.lh);
            let base = baseline(self.y, font.lh, font.size);
            self.put(line, self.left, base, font.face, font.size, color, oblique);
            self.y -= font.lh;
        }
    }

    fn title_block(&mut self, doc: &Document) {
        if doc.title.trim().is_empty() && doc.subtitle.is_empty() {
            return;
        }
        let w = self.text_width();
        self.start_lines();
        self.wrap(TITLE.face, TITLE.size, w, &doc.title);
        self.place_lines(0, TITLE, HEADING, false);
        self.y -= 2.0;
        for sub in &doc.subtitle {
            self.start_lines();
            self.wrap(SUBTITLE.face, SUBTITLE.size, w, sub);
            self.place_lines(0, SUBTITLE, MUTED, false);
        }
        self.y -= 4.0;
        self.fill(self.left, self.y, w, 0.8, HEADING);
        self.y -= 12.0;
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        self.start_lines();
        match block {
            Block::Heading {
                text,
                level,
                bookmark,
            } => self.heading(text, *level, *bookmark, next),
            Block::Paragraph { text, style } => self.paragraph(text, *style),
            Block::KeyValues(pairs) => self.key_values(pairs),
            Block::Table(table) => self.table(table),
            Block::BarChart { title, bars } => self.bar_chart(title, bars),
            Block::Legend(items) => self.legend(items),
            Block::PageBreak => {
                if !self.fresh() {
                    self.new_page();
                }
            }
        }
    }

    fn paragraph(&mut self, text: &str, style: TextStyle) {
        let (font, color, oblique) = match style {
            TextStyle::Normal => (BODY, INK, false),
            TextStyle::Small => (SMALL, INK, false),
            TextStyle::Muted => (SMALL, MUTED, false),
            TextStyle::Italic => (BODY, INK, true),
        };
        self.start_lines();
        let w = self.text_width();
        if self.wrap(font.face, font.size, w, text) == 0 {
            return;
        }
        self.place_lines(0, font, color, oblique);
        self.y -= font.lh * 0.5;
    }

    fn heading(&mut self, text: &str, level: u8, bookmark: bool, next: Option<&Block>) {
        let (font, before, after) = if level <= 1 {
            (H1, 12.0, 7.0)
        } else {
            (H2, 9.0, 4.0)
        };
        let keep = next.map_or(0.0, |b| self.first_height(b));
        self.start_lines();
        let w = self.text_width();
        let n = self.wrap(font.face, font.size, w, text);
        if n == 0 {
            return;
        }
        let mut before = if self.fresh() { 0.0 } else { before };
        if before + n as f32 * font.lh + after + keep > self.room() && !self.fresh() {
            self.new_page();
            before = 0.0;
        }
        self.y -= before;
        if bookmark {
            self.outline.push(OutlineEntry {
                level: if level <= 1 { 1 } else { 2 },
                title: crate::text::collapse_whitespace(text),
                page: self.pages,
                top: self.y,
            });
        }
        self.place_lines(0, font, HEADING, false);
        if level <= 1 {
            self.fill(self.left, self.y - 1.5, w, 0.6, HEADING);
        }
        self.y -= after;
    }

    /// Height the start of `block` needs on the page of the heading before it, so the
    /// heading is not left alone at the bottom of a page (capped at half a page).
    fn first_height(&mut self, block: &Block) -> f32 {
        let w = self.text_width();
        let snap = self.snapshot();
        let h = match block {
            Block::Paragraph { text, style } => {
                let font = if *style == TextStyle::Normal || *style == TextStyle::Italic {
                    BODY
                } else {
                    SMALL
                };
                let n = self.wrap(font.face, font.size, w, text);
                n.min(2) as f32 * font.lh
            }
            Block::Table(t) if !t.columns.is_empty() => {
                let cols = table_cols(t, self.left, w);
                let header = self.wrap_header(t, &cols);
                let mut scratch = TableRow::default();
                let first = t
                    .rows
                    .get(0, &mut scratch)
                    .map_or(0, |r| self.wrap_row(&cols, r));
                row_height(header.n, CELL) + row_height(first.min(MIN_SPLIT_LINES), CELL)
            }
            Block::KeyValues(kv) if !kv.is_empty() => 2.0 * (KEY_VALUE.lh + 2.0 * PAD_Y),
            Block::BarChart { .. } => BODY.lh + 2.0 * CHART.lh,
            Block::Legend(_) => CHART.lh,
            _ => 0.0,
        };
        self.restore(snap);
        h.min((self.top - self.bottom) / 2.0)
    }

    /// Wraps the header labels of `t` (bold) into a row that keeps its own text.
    fn wrap_header(&mut self, t: &Table, cols: &Cols) -> Wrapped {
        let base = self.lines.len();
        let text_base = self.text.len();
        let mut cells = Vec::with_capacity(t.columns.len());
        for (i, c) in t.columns.iter().enumerate() {
            let s = self.lines.len();
            self.wrap(Face::Bold, CELL.size, cols.w[i] - 2.0 * PAD_X, &c.label);
            cells.push((s - base, self.lines.len() - base));
        }
        let lines = self.lines[base..]
            .iter()
            .map(|l| Line {
                start: l.start - text_base,
                end: l.end - text_base,
                ..*l
            })
            .collect();
        let text = self.text[text_base..].to_owned();
        self.lines.truncate(base);
        self.text.truncate(text_base);
        let n = cells.iter().map(|&(s, e)| e - s).max().unwrap_or(0).max(1);
        Wrapped {
            text,
            lines,
            cells,
            n,
        }
    }

    /// Wraps the cells of `row` into `self.lines` / `self.cells` (cleared first), adding
    /// the mark's tag under the first cell; returns the row's line count (at least 1).
    fn wrap_row(&mut self, cols: &Cols, row: &TableRow) -> usize {
        self.lines.clear();
        self.cells.clear();
        let ncols = cols.w.len();
        for i in 0..ncols {
            let text = cell_text(&row.cells, i, ncols);
            let s = self.lines.len();
            self.wrap(cols.face[i], CELL.size, cols.w[i] - 2.0 * PAD_X, &text);
            if i == 0 {
                if let Some(tag) = mark_tag(row.mark) {
                    let mut line = self.literal(Face::Bold, TAG_SIZE, tag);
                    line.tag = true;
                    self.lines.push(line);
                }
            }
            self.cells.push((s, self.lines.len()));
        }
        self.cells
            .iter()
            .map(|&(s, e)| e - s)
            .max()
            .unwrap_or(0)
            .max(1)
    }

    fn table(&mut self, t: &Table) {
        if t.columns.is_empty() {
            return;
        }
        let cols = table_cols(t, self.left, self.text_width());
        let header = self.wrap_header(t, &cols);
        let mut header_on = None;
        let mut scratch = TableRow::default();
        for i in 0..t.rows.len() {
            let Some(row) = t.rows.get(i, &mut scratch) else {
                break;
            };
            self.start_lines();
            let n = self.wrap_row(&cols, row);
            self.place_row(
                &cols,
                CELL,
                n,
                RowKind::Body(row.mark),
                Some(&header),
                &mut header_on,
            );
        }
        if t.rows.is_empty() {
            self.break_for(row_height(header.n, CELL));
            self.draw_chunk(
                &cols,
                CELL,
                (&header.lines, &header.cells),
                Some(&header.text),
                0..header.n,
                RowKind::Header,
            );
        }
        self.y -= 8.0;
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        if pairs.is_empty() {
            return;
        }
        let w = self.text_width();
        let widest = pairs
            .iter()
            .map(|(k, _)| {
                self.clean(Face::Bold, k);
                self.m.bold.width(&self.scratch) * KEY_VALUE.size
            })
            .fold(0.0f32, f32::max);
        let key_w = (widest + 2.0 * PAD_X + 1.0).clamp(0.1 * w, 0.38 * w);
        let cols = Cols {
            x: vec![self.left, self.left + key_w],
            w: vec![key_w, w - key_w],
            align: vec![Align::Left, Align::Left],
            face: vec![Face::Bold, Face::Regular],
        };
        let mut header_on = None;
        for (k, v) in pairs {
            self.start_lines();
            for (i, text) in [k, v].into_iter().enumerate() {
                let s = self.lines.len();
                self.wrap(cols.face[i], KEY_VALUE.size, cols.w[i] - 2.0 * PAD_X, text);
                self.cells.push((s, self.lines.len()));
            }
            let n = self
                .cells
                .iter()
                .map(|&(s, e)| e - s)
                .max()
                .unwrap_or(0)
                .max(1);
            self.place_row(
                &cols,
                KEY_VALUE,
                n,
                RowKind::Body(Mark::None),
                None,
                &mut header_on,
            );
        }
        self.y -= 10.0;
    }

    /// Places the row wrapped in `self.lines` / `self.cells` (`n` lines): whole if it
    /// fits, else on a new page under a repeated header, and split between lines only
    /// when it is taller than a page.
    #[allow(clippy::too_many_arguments)]
    fn place_row(
        &mut self,
        cols: &Cols,
        font: Font,
        n: usize,
        kind: RowKind,
        header: Option<&Wrapped>,
        header_on: &mut Option<usize>,
    ) {
        let lines = std::mem::take(&mut self.lines);
        let cells = std::mem::take(&mut self.cells);
        let full = self.top - self.bottom;
        let mut from = 0;
        loop {
            let header_h = header.map_or(0.0, |h| row_height(h.n, font));
            let head = if *header_on == Some(self.pages) {
                0.0
            } else {
                header_h
            };
            let rest_h = row_height(n - from, font);
            let fits_here = head + rest_h <= self.room() + 0.01;
            let to = if fits_here {
                n
            } else {
                let fit_lines = ((self.room() - head - 2.0 * PAD_Y) / font.lh)
                    .floor()
                    .max(0.0) as usize;
                let fits_fresh = header_h + rest_h <= full;
                if (fits_fresh || fit_lines < MIN_SPLIT_LINES) && !self.fresh() {
                    self.new_page();
                    continue;
                }
                from + fit_lines.clamp(1, n - from)
            };
            if let Some(h) = header {
                if *header_on != Some(self.pages) {
                    let wrapped = (&h.lines[..], &h.cells[..]);
                    self.draw_chunk(cols, font, wrapped, Some(&h.text), 0..h.n, RowKind::Header);
                    *header_on = Some(self.pages);
                }
            }
            self.draw_chunk(cols, font, (&lines, &cells), None, from..to, kind);
            from = to;
            if from >= n {
                break;
            }
            self.new_page();
        }
        self.lines = lines;
        self.cells = cells;
    }

    /// Draws lines `from..to` of a wrapped row (its lines and their per-cell ranges;
    /// their text in `text`, or in the arena if `None`) at the current position and
    /// moves down.
    fn draw_chunk(
        &mut self,
        cols: &Cols,
        font: Font,
        (lines, cells): (&[Line], &[(usize, usize)]),
        text: Option<&str>,
        rows: std::ops::Range<usize>,
        kind: RowKind,
    ) {
        let std::ops::Range {
            start: from,
            end: to,
        } = rows;
        let h = row_height(to - from, font);
        let top = self.y;
        let bottom = top - h;
        let w = self.text_width();
        match kind {
            RowKind::Header => {
                self.fill(self.left, bottom, w, h, HEADER_FILL);
                self.fill(self.left, bottom - 0.35, w, 0.7, RULE_DARK);
            }
            RowKind::Body(mark) => {
                if let Some(tint) = mark_fill(mark) {
                    self.fill(self.left, bottom, w, h, tint);
                }
                self.fill(self.left, bottom - 0.2, w, 0.4, RULE);
            }
        }
        for (ci, &(s, e)) in cells.iter().enumerate() {
            let (Some(&cx), Some(&cw)) = (cols.x.get(ci), cols.w.get(ci)) else {
                continue;
            };
            for k in from..to {
                let Some(&line) = lines.get(s + k).filter(|_| s + k < e) else {
                    break;
                };
                let line_top = top - PAD_Y - (k - from) as f32 * font.lh;
                let x = match cols.align.get(ci) {
                    Some(Align::Right) => cx + cw - PAD_X - line.width,
                    _ => cx + PAD_X,
                };
                let source = text.unwrap_or(&self.text);
                let s = source.get(line.start..line.end).unwrap_or("");
                let page = &mut self.page;
                if line.tag {
                    let color = if kind == RowKind::Body(Mark::Cancelled) {
                        CANCELLED_TAG
                    } else {
                        TENTATIVE_TAG
                    };
                    let base = baseline(line_top, font.lh, TAG_SIZE);
                    page.push_run(s, x, base, Face::Bold, TAG_SIZE, color, false);
                    continue;
                }
                let base = baseline(line_top, font.lh, font.size);
                let face = if kind == RowKind::Header {
                    Face::Bold
                } else {
                    cols.face[ci]
                };
                match kind {
                    RowKind::Body(Mark::Cancelled) => {
                        page.push_run(s, x, base, face, font.size, CANCELLED_INK, false);
                        if line.width > 0.0 {
                            page.over.push(Fill {
                                x,
                                y: base + 0.28 * font.size,
                                w: line.width,
                                h: 0.5,
                                color: CANCELLED_INK,
                            });
                        }
                    }
                    RowKind::Body(Mark::Tentative) => {
                        page.push_run(s, x, base, face, font.size, INK, true)
                    }
                    _ => page.push_run(s, x, base, face, font.size, INK, false),
                }
            }
        }
        self.y = bottom;
    }

    fn bar_chart(&mut self, title: &str, bars: &[(String, f64)]) {
        let w = self.text_width();
        let font = CHART;
        // Labels, then values, each measured once.
        let values: Vec<String> = bars.iter().map(|&(_, v)| format_value(v)).collect();
        let widest_label = bars
            .iter()
            .map(|(l, _)| {
                self.clean(Face::Regular, l);
                self.m.regular.width(&self.scratch) * font.size
            })
            .fold(0.0f32, f32::max);
        let widest_value = values
            .iter()
            .map(|v| self.m.regular.width(v) * font.size)
            .fold(0.0f32, f32::max);
        let label_w = (widest_label + 8.0).min(0.38 * w);
        let value_w = widest_value + 8.0;
        let area = (w - label_w - value_w).max(10.0);
        let max = bars
            .iter()
            .map(|&(_, v)| v)
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);

        self.lines.clear();
        let n = self.wrap(Face::Bold, BODY.size, w, title);
        let title_font = Font {
            face: Face::Bold,
            ..BODY
        };
        self.break_for(n as f32 * BODY.lh + bars.len().min(2) as f32 * font.lh);
        self.place_lines(0, title_font, INK, false);
        self.y -= 2.0;
        for ((label, v), value) in bars.iter().zip(&values) {
            self.break_for(font.lh);
            let top = self.y;
            let base = baseline(top, font.lh, font.size);
            let line = self.fit(Face::Regular, font.size, label_w - 8.0, label);
            self.put(line, self.left, base, Face::Regular, font.size, INK, false);
            let bar_x = self.left + label_w;
            let bar_w = if *v > 0.0 && v.is_finite() && max > 0.0 {
                ((v / max) as f32 * area).max(0.5)
            } else {
                0.0
            };
            if bar_w > 0.0 {
                self.fill(bar_x, top - font.lh + 2.0, bar_w, font.lh - 4.0, BAR);
            }
            let line = self.literal(Face::Regular, font.size, value);
            self.put(
                line,
                bar_x + bar_w + 4.0,
                base,
                Face::Regular,
                font.size,
                INK,
                false,
            );
            self.y -= font.lh;
        }
        self.y -= 8.0;
    }

    fn legend(&mut self, items: &[(Mark, String)]) {
        if items.is_empty() {
            return;
        }
        let font = CHART;
        let (swatch_w, swatch_h, gap, spacing) = (16.0, 8.0, 4.0, 14.0);
        let max_label = self.text_width() - swatch_w - gap;
        let mut x = self.left;
        for (i, (mark, label)) in items.iter().enumerate() {
            let line = self.fit(Face::Regular, font.size, max_label, label);
            let item_w = swatch_w + gap + line.width;
            if i == 0 || x + item_w > self.right + 0.01 {
                if i > 0 {
                    self.y -= font.lh;
                }
                self.break_for(font.lh);
                x = self.left;
            }
            let top = self.y;
            let sy = top - (font.lh + swatch_h) / 2.0;
            self.fill(x, sy, swatch_w, swatch_h, RULE_DARK);
            let tint = mark_fill(*mark).unwrap_or(WHITE);
            self.fill(x + 0.6, sy + 0.6, swatch_w - 1.2, swatch_h - 1.2, tint);
            if *mark == Mark::Cancelled {
                self.fill(
                    x + 2.5,
                    sy + swatch_h / 2.0 - 0.25,
                    swatch_w - 5.0,
                    0.5,
                    CANCELLED_INK,
                );
            }
            let base = baseline(top, font.lh, font.size);
            let oblique = *mark == Mark::Tentative;
            self.put(
                line,
                x + swatch_w + gap,
                base,
                Face::Regular,
                font.size,
                INK,
                oblique,
            );
            x += item_w + spacing;
        }
        self.y -= font.lh + 6.0;
    }

    /// Hands the last page to the sink and works out the footers.
    fn finish(mut self, doc: &Document) -> LaidOut {
        if self.pages == 0 || !self.page.is_blank() {
            self.new_page();
        }
        let total = self.pages;
        let w = self.text_width();
        let widest_label = self.m.regular.width(&format!("Page {total} of {total}")) * FOOTER.size;
        self.start_lines();
        let footer_left = self.fit(
            Face::Regular,
            FOOTER.size,
            w - widest_label - 12.0,
            &doc.footer_left,
        );
        // The title's missing characters were counted in the title block already.
        let counted = self.cleaner.missing;
        let head = self.fit(Face::Regular, FOOTER.size, w, &doc.title);
        self.cleaner.missing = counted;
        LaidOut {
            width: self.width,
            height: self.height,
            left: self.left,
            pages: total,
            outline: self.outline,
            missing_glyphs: self.cleaner.missing,
            missing_chars: self.cleaner.missing_chars.into_iter().collect(),
            footer: Footer {
                total,
                left: self.left,
                right: self.right,
                head_y: self.height - HEAD_BASELINE,
                text: self.text,
                footer_left,
                head,
            },
        }
    }
}

/// Baseline of a line whose box starts at `top`: capitals centred in the box.
fn baseline(top: f32, lh: f32, size: f32) -> f32 {
    top - (lh + CAP_HEIGHT * size) / 2.0
}

fn row_height(lines: usize, font: Font) -> f32 {
    lines as f32 * font.lh + 2.0 * PAD_Y
}

/// Column positions from the relative weights, over the text width.
fn table_cols(t: &Table, left: f32, width: f32) -> Cols {
    let weights: Vec<f32> = t
        .columns
        .iter()
        .map(|c| {
            if c.width.is_finite() && c.width > 0.0 {
                c.width
            } else {
                1.0
            }
        })
        .collect();
    let total: f32 = weights.iter().sum();
    let mut x = left;
    let mut cols = Cols {
        x: Vec::with_capacity(weights.len()),
        w: Vec::with_capacity(weights.len()),
        align: t.columns.iter().map(|c| c.align).collect(),
        face: vec![Face::Regular; weights.len()],
    };
    for wt in weights {
        let w = width * wt / total;
        cols.x.push(x);
        cols.w.push(w);
        x += w;
    }
    cols
}

/// The text of cell `i`; cells beyond the last column are joined into it.
fn cell_text(cells: &[String], i: usize, ncols: usize) -> Cow<'_, str> {
    if i + 1 == ncols && cells.len() > ncols {
        Cow::Owned(cells[i..].join(" | "))
    } else {
        Cow::Borrowed(cells.get(i).map_or("", String::as_str))
    }
}

fn mark_tag(mark: Mark) -> Option<&'static str> {
    match mark {
        Mark::None => None,
        Mark::Cancelled => Some("CANCELLED"),
        Mark::Tentative => Some("(tbc)"),
    }
}

fn mark_fill(mark: Mark) -> Option<Rgb> {
    match mark {
        Mark::None => None,
        Mark::Cancelled => Some(CANCELLED_FILL),
        Mark::Tentative => Some(TENTATIVE_FILL),
    }
}

/// A bar value as printed: integers without decimals, others with one.
fn format_value(v: f64) -> String {
    if !v.is_finite() {
        "n/a".to_string()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Greedy word wrap of cleaned text into lines no wider than `width` points, each
/// appended to `arena`. Words are separated by single spaces; `\n` ends a line; a word
/// wider than the line is broken between characters.
fn wrap_clean(
    fm: &FaceMetrics,
    size: f32,
    width: f32,
    clean: &str,
    arena: &mut String,
    out: &mut Vec<Line>,
) {
    let clean = clean.trim_matches(|c| c == ' ' || c == '\n');
    if clean.is_empty() {
        return;
    }
    let space = fm.advance(' ').unwrap_or(0.3) * size;
    // Tolerance so a line measured as exactly the width is not pushed over by rounding.
    let width = width + 0.001;
    for para in clean.split('\n') {
        let mut start = arena.len();
        let mut w = 0.0f32;
        let mut has = false;
        for word in para.split(' ').filter(|s| !s.is_empty()) {
            let ww = fm.width(word) * size;
            if has && w + space + ww <= width {
                arena.push(' ');
                arena.push_str(word);
                w += space + ww;
                continue;
            }
            if has {
                out.push(Line {
                    start,
                    end: arena.len(),
                    width: w,
                    tag: false,
                });
                start = arena.len();
                w = 0.0;
                has = false;
            }
            if ww <= width {
                arena.push_str(word);
                w = ww;
                has = true;
                continue;
            }
            for c in word.chars() {
                let cw = fm.advance(c).unwrap_or(0.0) * size;
                if has && w + cw > width {
                    out.push(Line {
                        start,
                        end: arena.len(),
                        width: w,
                        tag: false,
                    });
                    start = arena.len();
                    w = 0.0;
                }
                arena.push(c);
                w += cw;
                has = true;
            }
        }
        // An empty paragraph (blank line between two `\n`) still takes a line.
        out.push(Line {
            start,
            end: arena.len(),
            width: w,
            tag: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::document::Column;

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
                    },
                    Column {
                        label: "Description".into(),
                        width: 3.0,
                        align: Align::Left,
                    },
                    Column {
                        label: "Amount".into(),
                        width: 1.0,
                        align: Align::Right,
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
    fn marks_add_tags_tints_and_strike_through() {
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
        assert!(!p.over.is_empty(), "no strike-through");
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
}
