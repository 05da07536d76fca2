//! The other blocks: the title block, headings (kept with what follows), paragraphs,
//! bar charts and legends.

use super::super::document::{Block, Document, Mark, TableRow, TextStyle};
use super::super::text::Face;
use super::page::OutlineEntry;
use super::structure::{Role, ROOT};
use super::style::*;
use super::table::table_cols;
use super::Engine;

impl Engine<'_> {
    pub(super) fn title_block(&mut self, doc: &Document) {
        if doc.title.trim().is_empty() && doc.subtitle.is_empty() {
            return;
        }
        let w = self.text_width();
        self.start_lines();
        self.tagged(ROOT, Role::H1);
        self.wrap(TITLE.face, TITLE.size, w, &doc.title);
        self.place_lines(0, TITLE, HEADING, false);
        self.y -= 2.0;
        for sub in &doc.subtitle {
            self.start_lines();
            self.tagged(ROOT, Role::P);
            self.wrap(SUBTITLE.face, SUBTITLE.size, w, sub);
            self.place_lines(0, SUBTITLE, MUTED, false);
        }
        self.y -= 4.0;
        self.fill(self.left, self.y, w, 0.8, HEADING);
        self.y -= 12.0;
    }

    pub(super) fn paragraph(&mut self, text: &str, style: TextStyle) {
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
        self.tagged(ROOT, Role::P);
        self.place_lines(0, font, color, oblique);
        self.y -= font.lh * 0.5;
    }

    pub(super) fn heading(&mut self, text: &str, level: u8, bookmark: bool, next: Option<&Block>) {
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
        self.tagged(ROOT, if level <= 1 { Role::H2 } else { Role::H3 });
        self.place_lines(0, font, HEADING, false);
        if level <= 1 {
            self.fill(self.left, self.y - 1.5, w, 0.6, HEADING);
        }
        self.y -= after;
    }

    /// Height the start of `block` needs on the page of the heading before it, so the
    /// heading is not left alone at the bottom of a page (capped at half a page).
    pub(super) fn first_height(&mut self, block: &Block) -> f32 {
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

    pub(super) fn bar_chart(&mut self, title: &str, bars: &[(String, f64)]) {
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
        self.tagged(ROOT, Role::P);
        self.place_lines(0, title_font, INK, false);
        self.y -= 2.0;
        // The bars are read out by the figure's alternate text: the title and each value.
        let figure = self.tagged(ROOT, Role::Figure);
        let alt = bars
            .iter()
            .zip(&values)
            .map(|((label, _), value)| format!("{label}: {value}"))
            .collect::<Vec<_>>()
            .join("; ");
        self.structure.elements[figure as usize].alt = Some(format!("{title}. {alt}."));
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

    pub(super) fn legend(&mut self, items: &[(Mark, String)]) {
        if items.is_empty() {
            return;
        }
        let font = CHART;
        let (swatch_w, swatch_h, gap, spacing) = (16.0, 8.0, 4.0, 14.0);
        let max_label = self.text_width() - swatch_w - gap;
        let mut x = self.left;
        let list = self.structure.open(ROOT, Role::L);
        for (i, (mark, label)) in items.iter().enumerate() {
            let item = self.structure.open(list, Role::LI);
            self.tagged(item, Role::LBody);
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
}

/// A bar value as printed: integers without decimals, others with one.
pub(super) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        "n/a".to_string()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}
