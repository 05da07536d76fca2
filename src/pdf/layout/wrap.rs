//! Text into lines: cleaned against the face that draws it, measured, wrapped on spaces
//! (a word wider than the line is broken between characters) or cut with an ellipsis.

use super::super::text::{Face, FaceMetrics};
use super::Engine;

/// A wrapped line: a byte range of the arena and its width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) width: f32,
    /// How the line is set.
    pub(super) kind: LineKind,
}

/// How a wrapped line is set: in its column's face, as a title, or as a row tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum LineKind {
    /// In the face of its column (or block).
    #[default]
    Plain,
    /// The title heading a cell: bold at the cell's size.
    Title,
    /// A row tag ("CANCELLED", "(tbc)"): bold and small.
    Tag,
}

impl Engine<'_> {
    /// Cleans `raw` for `face` into `self.scratch`.
    pub(super) fn clean(&mut self, face: Face, raw: &str) {
        self.scratch.clear();
        self.cleaner
            .clean_into(self.m.face(face), raw, &mut self.scratch);
    }

    /// Wraps `raw` to `width` and appends the lines to `self.lines`; returns how many.
    pub(super) fn wrap(&mut self, face: Face, size: f32, width: f32, raw: &str) -> usize {
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
    pub(super) fn fit(&mut self, face: Face, size: f32, max: f32, raw: &str) -> Line {
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
                kind: LineKind::Plain,
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
            kind: LineKind::Plain,
        }
    }

    /// A fixed ASCII string (tags, page labels) the fonts are known to cover.
    pub(super) fn literal(&mut self, face: Face, size: f32, s: &str) -> Line {
        let start = self.text.len();
        self.text.push_str(s);
        let width = self.m.face(face).width(s) * size;
        Line {
            start,
            end: self.text.len(),
            width,
            kind: LineKind::Plain,
        }
    }
}

/// Wraps `clean` (text cleaned for the face `fm`) to `width` points at `size` into
/// `out`, the text of its lines appended to `arena`. Words are separated by single spaces; `\n` ends a line; a word
/// wider than the line is broken between characters.
pub(super) fn wrap_clean(
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
                    kind: LineKind::Plain,
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
                        kind: LineKind::Plain,
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
            kind: LineKind::Plain,
        });
    }
}
