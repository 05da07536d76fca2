//! A page's content stream, written by hand: a few operators, numbers in hundredths of
//! a point, and the marked content of tagged PDF: every text run inside a sequence
//! numbered for its structure element (`/Span <</MCID n>> BDC`) or an artifact, and the
//! fills always artifacts.

use super::super::layout::{Fill, PageLayout, Rgb, Tag, OBLIQUE_SKEW};
use super::super::text::Face;
use super::fonts::{font_resource, Subset};

/// A page's content stream, written by hand: fills, then all text in one text object,
/// then overlays. Positions are in hundredths of a point, colours in thousandths.
#[derive(Default)]
pub(super) struct Content {
    pub(super) buf: Vec<u8>,
}

/// Opens the marked content of an artifact inside the page's content.
pub(super) const ARTIFACT: &[u8] = b"/Artifact BMC\n";

/// Opens the marked content of page furniture (running head, footer, page number).
pub(super) const PAGINATION: &[u8] = b"/Artifact <</Type /Pagination>> BDC\n";

impl Content {
    /// Writes page `p` into `buf`: artifacts open with `artifact`; each sequence of
    /// content gets the next marked-content id, and its element goes to `mcids`.
    pub(super) fn page(
        &mut self,
        p: &PageLayout,
        subsets: &mut [Subset<'_>; 2],
        mcids: &mut Vec<u32>,
        artifact: &[u8],
    ) {
        self.buf.clear();
        let mut fill = None;
        if !p.under.is_empty() {
            self.buf.extend_from_slice(artifact);
            for f in &p.under {
                self.rect(&mut fill, f);
            }
            self.buf.extend_from_slice(b"EMC\n");
        }
        if !p.texts.is_empty() {
            self.buf.extend_from_slice(b"BT\n");
            let mut marked: Option<Tag> = None;
            // (face, plane, size in hundredths) of the font set last.
            let mut font: Option<(Face, u8, i32)> = None;
            let mut line_start: Option<(i32, i32)> = None;
            for r in &p.texts {
                if marked != Some(r.tag) {
                    if marked.is_some() {
                        self.buf.extend_from_slice(b"EMC\n");
                    }
                    marked = Some(r.tag);
                    self.mark(r.tag, mcids, artifact);
                }
                self.set_fill(&mut fill, r.color);
                let (x, y) = (to_hundredths(r.x), to_hundredths(r.y));
                // An upright line after an upright line moves by `Td` (two short
                // numbers); otherwise the text matrix is set outright (six numbers).
                match line_start {
                    Some((px, py)) if !r.oblique => {
                        self.num(x - px);
                        self.buf.push(b' ');
                        self.num(y - py);
                        self.buf.extend_from_slice(b" Td\n");
                    }
                    _ => {
                        self.buf
                            .extend_from_slice(if r.oblique { b"1 0 " } else { b"1 0 0 1 " });
                        if r.oblique {
                            self.num(to_hundredths(OBLIQUE_SKEW));
                            self.buf.extend_from_slice(b" 1 ");
                        }
                        self.num(x);
                        self.buf.push(b' ');
                        self.num(y);
                        self.buf.extend_from_slice(b" Tm\n");
                    }
                }
                line_start = (!r.oblique).then_some((x, y));
                let subset = match r.face {
                    Face::Regular => &mut subsets[0],
                    Face::Bold => &mut subsets[1],
                };
                let size = to_hundredths(r.size);
                let text = p.text_of(r);
                self.buf.reserve(text.len() + 16);
                // The plane whose font is in effect, if the face and size are this run's.
                let mut plane_set = match font {
                    Some((face, plane, s)) if face == r.face && s == size => Some(plane),
                    _ => None,
                };
                let mut open = false;
                for c in text.chars() {
                    let [plane, code] = subset.glyph(c).to_be_bytes();
                    if plane_set != Some(plane) || !open {
                        // The font is set at the first glyph that needs it, so a face or
                        // plane that draws nothing is never named.
                        if plane_set != Some(plane) {
                            if std::mem::take(&mut open) {
                                self.buf.extend_from_slice(b") Tj\n");
                            }
                            plane_set = Some(plane);
                            font = Some((r.face, plane, size));
                            subset.planes = subset.planes.max(usize::from(plane) + 1);
                            self.buf.push(b'/');
                            font_resource(&mut self.buf, subset.resource, plane);
                            self.buf.push(b' ');
                            self.num(size);
                            self.buf.extend_from_slice(b" Tf\n");
                        }
                        self.buf.push(b'(');
                        open = true;
                    }
                    self.string_byte(code);
                }
                if open {
                    self.buf.extend_from_slice(b") Tj\n");
                }
            }
            self.buf.extend_from_slice(b"EMC\nET\n");
        }
    }

    /// Opens the marked content of `tag`.
    fn mark(&mut self, tag: Tag, mcids: &mut Vec<u32>, artifact: &[u8]) {
        match tag {
            Tag::Artifact => self.buf.extend_from_slice(artifact),
            Tag::Content(element) => {
                self.buf.extend_from_slice(b"/Span <</MCID ");
                self.int(u32::try_from(mcids.len()).unwrap_or(u32::MAX));
                self.buf.extend_from_slice(b">> BDC\n");
                mcids.push(element);
            }
        }
    }

    pub(super) fn set_fill(&mut self, current: &mut Option<Rgb>, color: Rgb) {
        if *current != Some(color) {
            *current = Some(color);
            for v in [color.0, color.1, color.2] {
                self.fraction(v);
                self.buf.push(b' ');
            }
            self.buf.extend_from_slice(b"rg\n");
        }
    }

    pub(super) fn rect(&mut self, current: &mut Option<Rgb>, f: &Fill) {
        self.set_fill(current, f.color);
        for v in [f.x, f.y, f.w, f.h] {
            self.num(to_hundredths(v));
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(b"re f\n");
    }

    /// Writes one byte of a literal string: raw, but for the delimiters, the escape
    /// character and a carriage return (which a reader would take for a line end), so
    /// a glyph takes one byte, not two hex digits.
    #[inline]
    pub(super) fn string_byte(&mut self, byte: u8) {
        match byte {
            b'(' | b')' | b'\\' => self.buf.extend_from_slice(&[b'\\', byte]),
            b'\r' => self.buf.extend_from_slice(b"\\r"),
            _ => self.buf.push(byte),
        }
    }

    /// Writes `v` hundredths as a decimal without trailing zeros: 1250 → `12.5`.
    pub(super) fn num(&mut self, v: i32) {
        if v < 0 {
            self.buf.push(b'-');
        }
        let v = v.unsigned_abs();
        self.int(v / 100);
        let (tenths, hundredths) = (v / 10 % 10, v % 10);
        if tenths != 0 || hundredths != 0 {
            self.buf.push(b'.');
            self.buf.push(b'0' + tenths as u8);
            if hundredths != 0 {
                self.buf.push(b'0' + hundredths as u8);
            }
        }
    }

    /// Writes a colour component in 0..=1 to three decimals: 0.38 → `0.38`.
    pub(super) fn fraction(&mut self, v: f32) {
        let t = (v.clamp(0.0, 1.0) * 1000.0).round() as u32;
        if t == 1000 {
            self.buf.push(b'1');
        } else if t == 0 {
            self.buf.push(b'0');
        } else {
            let digits = [t / 100, t / 10 % 10, t % 10];
            let len = if digits[2] != 0 {
                3
            } else if digits[1] != 0 {
                2
            } else {
                1
            };
            self.buf.extend_from_slice(b"0.");
            self.buf
                .extend(digits[..len].iter().map(|&d| b'0' + d as u8));
        }
    }

    pub(super) fn int(&mut self, mut v: u32) {
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[i..]);
    }
}

/// `v` points in hundredths of a point.
pub(super) fn to_hundredths(v: f32) -> i32 {
    (v * 100.0).round() as i32
}
