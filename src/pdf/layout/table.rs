//! Tables and key-value lists: column geometry, rows wrapped cell by cell, placed whole
//! or split across pages under a repeated header, and drawn with their marks.

use std::borrow::Cow;

use super::super::document::{Align, Mark, Table, TableRow};
use super::super::text::Face;
use super::structure::{Role, Tag, ROOT};
use super::style::*;
use super::wrap::{Line, LineKind};
use super::Engine;

/// Column geometry of a table.
#[derive(Debug, Clone)]
pub(super) struct Cols {
    pub(super) x: Vec<f32>,
    pub(super) w: Vec<f32>,
    pub(super) align: Vec<Align>,
    pub(super) face: Vec<Face>,
    /// The cells' first line is a title (see [`Column::titled`](super::super::Column)).
    pub(super) titled: Vec<bool>,
}

/// How a table row is dressed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum RowKind {
    Header,
    Body(Mark),
}

/// A wrapped row kept across pages (the table header), with its own text.
#[derive(Debug, Clone)]
pub(super) struct Wrapped {
    pub(super) text: String,
    pub(super) lines: Vec<Line>,
    pub(super) cells: Vec<(usize, usize)>,
    pub(super) n: usize,
}

impl Engine<'_> {
    /// Wraps the header labels of `t` (bold) into a row that keeps its own text.
    pub(super) fn wrap_header(&mut self, t: &Table, cols: &Cols) -> Wrapped {
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
    pub(super) fn wrap_row(&mut self, cols: &Cols, row: &TableRow) -> usize {
        self.lines.clear();
        self.cells.clear();
        let ncols = cols.w.len();
        for i in 0..ncols {
            let text = cell_text(&row.cells, i, ncols);
            let s = self.lines.len();
            let width = cols.w[i] - 2.0 * PAD_X;
            // A titled cell's first line is its title, in bold; the rest in the column's face.
            let (title, rest) = match text.split_once('\n') {
                _ if !cols.titled[i] => ("", &*text),
                Some(split) => split,
                None => (&*text, ""),
            };
            if !title.is_empty() {
                self.wrap(Face::Bold, CELL.size, width, title);
            }
            for line in &mut self.lines[s..] {
                line.kind = LineKind::Title;
            }
            self.wrap(cols.face[i], CELL.size, width, rest);
            if i == 0 {
                if let Some(tag) = self.words.mark_tag(row.mark) {
                    let mut line = self.literal(Face::Bold, TAG_SIZE, tag);
                    line.kind = LineKind::Tag;
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

    pub(super) fn table(&mut self, t: &Table) {
        if t.columns.is_empty() {
            return;
        }
        let cols = table_cols(t, self.left, self.text_width());
        let header = self.wrap_header(t, &cols);
        // Table, its header row (tagged where it is first drawn, an artifact where it is
        // repeated), then a body row per row.
        let table = self.structure.open(ROOT, Role::Table);
        let head = self.structure.open(table, Role::THead);
        let head_row = self.structure.open(head, Role::TR);
        let head_tags: Vec<Tag> = (0..cols.w.len())
            .map(|_| Tag::Content(self.structure.open(head_row, Role::ThColumn)))
            .collect();
        let header = (&header, &head_tags[..]);
        let mut header_on = None;
        let mut body = None;
        let mut tags = Vec::with_capacity(cols.w.len());
        let mut scratch = TableRow::default();
        for i in 0..t.rows.len() {
            let Some(row) = t.rows.get(i, &mut scratch) else {
                break;
            };
            self.start_lines();
            let n = self.wrap_row(&cols, row);
            let body = *body.get_or_insert_with(|| self.structure.open(table, Role::TBody));
            self.row_tags(body, &[Role::TD], cols.w.len(), &mut tags);
            let kind = RowKind::Body(row.mark);
            self.place_row(&cols, CELL, n, kind, Some(header), &mut header_on, &tags);
        }
        if t.rows.is_empty() {
            let (header, head_tags) = header;
            self.break_for(row_height(header.n, CELL));
            self.draw_chunk(
                &cols,
                CELL,
                (&header.lines, &header.cells),
                Some(&header.text),
                0..header.n,
                (RowKind::Header, head_tags),
            );
        }
        self.y -= 8.0;
    }

    pub(super) fn key_values(&mut self, pairs: &[(String, String)]) {
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
            titled: vec![false, false],
        };
        let mut header_on = None;
        // A table of rows, each a key naming its row and a value.
        let table = self.structure.open(ROOT, Role::Table);
        let mut tags = Vec::with_capacity(2);
        for (k, v) in pairs {
            self.start_lines();
            self.row_tags(table, &[Role::ThRow, Role::TD], 2, &mut tags);
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
                &tags,
            );
        }
        self.y -= 10.0;
    }

    /// Places the row wrapped in `self.lines` / `self.cells` (`n` lines): whole if it
    /// fits, else on a new page under a repeated header, and split between lines only
    /// when it is taller than a page.
    /// Opens a row under `parent` and a cell in it for each of `n` columns (roles from
    /// `roles`, the last repeated), their tags into `tags`.
    pub(super) fn row_tags(&mut self, parent: u32, roles: &[Role], n: usize, tags: &mut Vec<Tag>) {
        let row = self.structure.open(parent, Role::TR);
        tags.clear();
        for i in 0..n {
            let role = roles.get(i).or(roles.last()).copied().unwrap_or(Role::TD);
            tags.push(Tag::Content(self.structure.open(row, role)));
        }
    }

    /// Places the row wrapped in `self.lines` / `self.cells` (`n` lines, its cells
    /// tagged by `tags`): whole if it fits, else on a new page under a repeated header,
    /// and split between lines only when it is taller than a page. The header is
    /// tagged by its own tags where it is first drawn, an artifact where repeated.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn place_row(
        &mut self,
        cols: &Cols,
        font: Font,
        n: usize,
        kind: RowKind,
        header: Option<(&Wrapped, &[Tag])>,
        header_on: &mut Option<usize>,
        tags: &[Tag],
    ) {
        let lines = std::mem::take(&mut self.lines);
        let cells = std::mem::take(&mut self.cells);
        let full = self.top - self.bottom;
        let mut from = 0;
        loop {
            let header_h = header.map_or(0.0, |(h, _)| row_height(h.n, font));
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
            if let Some((h, head_tags)) = header {
                if *header_on != Some(self.pages) {
                    let wrapped = (&h.lines[..], &h.cells[..]);
                    let tags = if header_on.is_none() { head_tags } else { &[] };
                    let kind = (RowKind::Header, tags);
                    self.draw_chunk(cols, font, wrapped, Some(&h.text), 0..h.n, kind);
                    *header_on = Some(self.pages);
                }
            }
            self.draw_chunk(cols, font, (&lines, &cells), None, from..to, (kind, tags));
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
    /// their text in `text`, or in the arena if `None`; each cell's tag in `tags`, an
    /// artifact where missing) at the current position and moves down.
    pub(super) fn draw_chunk(
        &mut self,
        cols: &Cols,
        font: Font,
        (lines, cells): (&[Line], &[(usize, usize)]),
        text: Option<&str>,
        rows: std::ops::Range<usize>,
        (kind, tags): (RowKind, &[Tag]),
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
            let tag = tags.get(ci).copied().unwrap_or_default();
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
                if line.kind == LineKind::Tag {
                    let color = if kind == RowKind::Body(Mark::Cancelled) {
                        CANCELLED_TAG
                    } else {
                        TENTATIVE_TAG
                    };
                    let base = baseline(line_top, font.lh, TAG_SIZE);
                    page.push_run(tag, s, x, base, Face::Bold, TAG_SIZE, color, false);
                    continue;
                }
                let base = baseline(line_top, font.lh, font.size);
                let face = if kind == RowKind::Header || line.kind == LineKind::Title {
                    Face::Bold
                } else {
                    cols.face[ci]
                };
                match kind {
                    RowKind::Body(Mark::Tentative) => {
                        page.push_run(tag, s, x, base, face, font.size, INK, true)
                    }
                    _ => page.push_run(tag, s, x, base, face, font.size, INK, false),
                }
            }
        }
        self.y = bottom;
    }
}

/// Column positions from the relative weights, over the text width.
pub(super) fn table_cols(t: &Table, left: f32, width: f32) -> Cols {
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
        titled: t.columns.iter().map(|c| c.titled).collect(),
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
pub(super) fn cell_text(cells: &[String], i: usize, ncols: usize) -> Cow<'_, str> {
    if i + 1 == ncols && cells.len() > ncols {
        Cow::Owned(cells[i..].join(" | "))
    } else {
        Cow::Borrowed(cells.get(i).map_or("", String::as_str))
    }
}
