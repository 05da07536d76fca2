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
//! from the `Footer` that [`lay_out`] returns.
//!
//! One engine walks the blocks; its parts live beside it: `style` (sizes, margins,
//! faces, colours), `wrap` (cleaning, measuring and wrapping text), `table` (tables and
//! key-value lists, rows split across pages under a repeated header), `blocks` (title,
//! headings, paragraphs, charts, legends) and `page` (what a page holds, the sink, the
//! footers).

mod blocks;
mod page;
mod structure;
mod style;
mod table;
mod wrap;

use super::document::{Block, Document};
use super::text::{Cleaner, Face, Metrics};
use style::{
    baseline, Font, Words, A4_LONG, A4_SHORT, CONTENT_BOTTOM, FOOTER, HEAD_BASELINE, MARGIN_TOP,
    MARGIN_X,
};
use wrap::Line;

pub(crate) use page::{Fill, LaidOut, PageLayout, PageSink};
use page::{Footer, OutlineEntry};
pub(crate) use structure::{Role, Structure, Tag};
pub(crate) use style::{Rgb, OBLIQUE_SKEW};

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
    e.words = Words::of(&doc.lang);
    e.title_block(doc);
    for (i, block) in doc.blocks.iter().enumerate() {
        e.block(block, doc.blocks.get(i + 1));
    }
    e.finish(doc)
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
    /// The structure tree so far.
    structure: Structure,
    /// What the runs placed now are (see [`Engine::tagged`]).
    tag: Tag,
    /// The language of the words the engine prints itself.
    words: Words,
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
            structure: Structure::default(),
            tag: Tag::Artifact,
            words: Words::English,
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
        self.page
            .push_run(self.tag, text, x, y, face, size, color, oblique);
    }

    /// Opens a structure element of `role` under `parent` and tags what is placed next
    /// as its content; returns its index.
    fn tagged(&mut self, parent: u32, role: Role) -> u32 {
        let id = self.structure.open(parent, role);
        self.tag = Tag::Content(id);
        id
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

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        self.start_lines();
        self.tag = Tag::Artifact;
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

    /// Hands the last page to the sink and works out the footers.
    fn finish(mut self, doc: &Document) -> LaidOut {
        if self.pages == 0 || !self.page.is_blank() {
            self.new_page();
        }
        let total = self.pages;
        let w = self.text_width();
        let widest_label = self
            .m
            .regular
            .width(&format!("Page {total} {} {total}", self.words.page_of()))
            * FOOTER.size;
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
            structure: self.structure,
            footer: Footer {
                total,
                words: self.words,
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

#[cfg(test)]
mod tests;
