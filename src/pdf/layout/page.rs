//! What a laid-out page holds (text runs over filled rectangles, the text in one arena),
//! the sink pages go to as they fill, and the footers drawn once the page count is known.

use super::super::text::{Face, Metrics};
use super::structure::{Structure, Tag};
use super::style::{Rgb, Words, FOOTER, FOOTER_BASELINE, FOOTER_RULE, MUTED, RULE};
use super::wrap::Line;

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
    /// The structure element it belongs to, or artifact.
    pub(crate) tag: Tag,
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

/// What one page shows, in drawing order: `under`, then `texts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageLayout {
    /// Shading, rules and bars, drawn first.
    pub(crate) under: Vec<Fill>,
    /// Text lines.
    pub(crate) texts: Vec<TextRun>,
    /// Arena holding the text of the page's runs.
    pub(crate) text: String,
}

impl PageLayout {
    /// The text of `run`.
    pub(crate) fn text_of(&self, run: &TextRun) -> &str {
        self.text.get(run.start..run.end).unwrap_or("")
    }

    /// Nothing drawn.
    pub(super) fn is_blank(&self) -> bool {
        self.texts.is_empty() && self.under.is_empty()
    }

    /// Empties the page, keeping its buffers.
    pub(super) fn clear(&mut self) {
        self.under.clear();
        self.texts.clear();
        self.text.clear();
    }

    /// Adds a run drawing `text` (empty text draws nothing).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_run(
        &mut self,
        tag: Tag,
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
            tag,
            start,
            end: self.text.len(),
        });
    }

    /// Draws `other` over this page (its text moves into this page's arena).
    #[cfg(test)]
    pub(super) fn append(&mut self, other: &PageLayout) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.under.extend_from_slice(&other.under);
        self.texts.extend(other.texts.iter().map(|r| TextRun {
            start: r.start + base,
            end: r.end + base,
            ..*r
        }));
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
    /// The structure tree (text runs name its elements).
    pub(crate) structure: Structure,
    /// Each page's footer and running head.
    pub(crate) footer: Footer,
}

/// The footer of every page (rule, footer text, "Page X of Y") and the running head of
/// pages 2 on: known once the page count is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Footer {
    pub(super) total: usize,
    pub(super) words: Words,
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) head_y: f32,
    /// Holds the footer text and the running head.
    pub(super) text: String,
    pub(super) footer_left: Line,
    pub(super) head: Line,
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
            page.push_run(
                Tag::Artifact,
                text,
                x,
                y,
                Face::Regular,
                FOOTER.size,
                MUTED,
                false,
            )
        };
        run(page, line(self.footer_left), self.left, FOOTER_BASELINE);
        let mut label = String::with_capacity(24);
        let _ = write!(
            label,
            "Page {} {} {}",
            index + 1,
            self.words.page_of(),
            self.total
        );
        let width = metrics.regular.width(&label) * FOOTER.size;
        run(page, &label, self.right - width, FOOTER_BASELINE);
        if index > 0 {
            run(page, line(self.head), self.left, self.head_y);
        }
    }
}
