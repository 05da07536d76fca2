//! The drawing backend: the only module that calls printpdf (and lopdf, for what
//! printpdf 0.12 does not expose).
//!
//! It turns a [`Layout`] into page operations, lets printpdf subset and embed the fonts,
//! then finishes the file through printpdf's lopdf document: printpdf draws the trailer
//! `/ID` and its own resource ids from a process-wide counter (so the second render in a
//! process would differ from the first) and writes a flat outline sorted by title, so
//! the ids are fixed here, the `/ID` is a hash of the content, and the outline is built
//! here with levels and positions.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, OffsetDateTime, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, PdfWarnMsg, Point, Pt, Rect, Rgb as PdfRgb, TextItem, TextMatrix,
};

use super::document::{Document, DEFAULT_CREATED};
use super::layout::{Fill, Layout, PageLayout, Rgb, OBLIQUE_SKEW};
use super::text::{Face, FaceMetrics, Metrics};
use super::PdfError;

/// Resource names of the two faces. Their first six letters double as the subset tag
/// (`ABCDEF+FontName`), which must be six capitals.
const REGULAR_ID: &str = "WPREGU";
const BOLD_ID: &str = "WPBOLD";

/// The two shipped faces, parsed once and shared by every render (it is `Send + Sync`,
/// so reports can render on several threads).
#[derive(Clone)]
pub struct Fonts {
    regular: PdfFont,
    bold: PdfFont,
    pub(crate) metrics: Metrics,
}

impl std::fmt::Debug for Fonts {
    // The parsed fonts and tables are megabytes of numbers: name them only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |p: &PdfFont| p.parsed_font.font_name.clone().unwrap_or_default();
        f.debug_struct("Fonts")
            .field("regular", &name(&self.regular))
            .field("bold", &name(&self.bold))
            .finish_non_exhaustive()
    }
}

impl Fonts {
    /// Parses the regular and bold TrueType fonts (e.g. DejaVu Sans Condensed) and reads
    /// their advance widths and coverage into lookup tables.
    pub fn from_bytes(regular: &[u8], bold: &[u8]) -> Result<Fonts, PdfError> {
        let (regular, regular_metrics) = parse("regular", regular)?;
        let (bold, bold_metrics) = parse("bold", bold)?;
        Ok(Fonts {
            regular,
            bold,
            metrics: Metrics {
                regular: regular_metrics,
                bold: bold_metrics,
            },
        })
    }
}

fn parse(which: &'static str, bytes: &[u8]) -> Result<(PdfFont, FaceMetrics), PdfError> {
    let mut warnings = Vec::new();
    let Some(font) = ParsedFont::from_bytes(bytes, 0, &mut warnings) else {
        let detail = warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let detail = if detail.is_empty() {
            "not a font file".to_string()
        } else {
            detail
        };
        return Err(PdfError::Font { which, detail });
    };
    let metrics = FaceMetrics::build(font.pdf_font_metrics.units_per_em, |cp| {
        font.lookup_glyph_index(cp)
            .filter(|&gid| gid != 0)
            .map(|gid| font.get_horizontal_advance(gid))
    });
    // Footers, tags and replacement characters are printed without cleaning.
    if let Some(c) = (' '..='~').find(|&c| !metrics.covers(c)) {
        return Err(PdfError::Font {
            which,
            detail: format!("no glyph for {c:?}"),
        });
    }
    Ok((PdfFont::new(font), metrics))
}

/// Writes `layout` as a PDF; returns the bytes and printpdf's warnings.
pub(crate) fn write(
    layout: &Layout,
    doc: &Document,
    fonts: &Fonts,
) -> Result<(Vec<u8>, Vec<String>), PdfError> {
    let created = doc.created.unwrap_or(DEFAULT_CREATED);
    let date = OffsetDateTime::from_unix_timestamp(created).map_err(|_| PdfError::Date(created))?;

    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "workplan".to_string();
    info.producer = "workplan (printpdf 0.12)".to_string();
    info.subject = doc.subtitle.join("; ");
    let fonts_map = &mut pdf.resources.fonts.map;
    fonts_map.insert(FontId(REGULAR_ID.to_string()), fonts.regular.clone());
    fonts_map.insert(FontId(BOLD_ID.to_string()), fonts.bold.clone());
    pdf.pages = layout.pages.iter().map(|p| page(layout, p)).collect();

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    add_outline(&mut lo, layout)?;
    tidy_info(&mut lo);
    let id = Object::String(
        document_id(layout, doc, created).to_vec(),
        StringFormat::Hexadecimal,
    );
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    compress_streams(&mut lo)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    let warnings = warnings
        .into_iter()
        .map(|w| format!("{:?}: {}", w.severity, w.msg))
        .collect();
    Ok((bytes, warnings))
}

/// The operations of one page: fills, then all text in one text object, then overlays.
fn page(layout: &Layout, p: &PageLayout) -> PdfPage {
    let mut ops = Vec::with_capacity(2 * (p.under.len() + p.texts.len() + p.over.len()) + 4);
    let mut fill = None;
    for f in &p.under {
        rect(&mut ops, &mut fill, f);
    }
    if !p.texts.is_empty() {
        ops.push(Op::StartTextSection);
        let mut font = None;
        let mut line_start: Option<(f32, f32)> = None;
        for r in &p.texts {
            if font != Some((r.face, r.size)) {
                font = Some((r.face, r.size));
                let id = match r.face {
                    Face::Regular => REGULAR_ID,
                    Face::Bold => BOLD_ID,
                };
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(FontId(id.to_string())),
                    size: Pt(r.size),
                });
            }
            set_fill(&mut ops, &mut fill, r.color);
            let (x, y) = (round(r.x), round(r.y));
            // An upright line after an upright line moves by `Td` (two short numbers);
            // otherwise the text matrix is set outright (six numbers).
            match line_start {
                Some((px, py)) if !r.oblique => {
                    let pos = Point {
                        x: Pt(round(x - px)),
                        y: Pt(round(y - py)),
                    };
                    ops.push(Op::SetTextCursor { pos });
                }
                _ => {
                    let matrix = if r.oblique {
                        TextMatrix::Raw([1.0, 0.0, OBLIQUE_SKEW, 1.0, x, y])
                    } else {
                        TextMatrix::Translate(Pt(x), Pt(y))
                    };
                    ops.push(Op::SetTextMatrix { matrix });
                }
            }
            line_start = (!r.oblique).then_some((x, y));
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(layout.text_of(r).to_owned())],
            });
        }
        ops.push(Op::EndTextSection);
    }
    for f in &p.over {
        rect(&mut ops, &mut fill, f);
    }
    let media = Rect::from_wh(Pt(layout.width), Pt(layout.height));
    PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops,
    }
}

/// Coordinates to 1/100 pt: invisible, and keeps the content streams short.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn set_fill(ops: &mut Vec<Op>, current: &mut Option<Rgb>, color: Rgb) {
    if *current != Some(color) {
        *current = Some(color);
        ops.push(Op::SetFillColor {
            col: Color::Rgb(PdfRgb {
                r: color.0,
                g: color.1,
                b: color.2,
                icc_profile: None,
            }),
        });
    }
}

fn rect(ops: &mut Vec<Op>, current: &mut Option<Rgb>, f: &Fill) {
    set_fill(ops, current, f.color);
    let mut r = Rect::from_xywh(
        Pt(round(f.x)),
        Pt(round(f.y)),
        Pt(round(f.w)),
        Pt(round(f.h)),
    );
    // Without a paint mode printpdf ends the path without painting it.
    r.mode = Some(PaintMode::Fill);
    ops.push(Op::DrawRectangle { rectangle: r });
}

/// Deflates every stream (page contents, font programs, ToUnicode maps) at a fast
/// level. lopdf's own `compress` uses the best level, which took a third of the render
/// time; level 3 costs about 2% in file size against level 6 and is a third faster.
fn compress_streams(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    use std::io::Write as _;
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            continue;
        }
        let level = flate2::Compression::new(ZLIB_LEVEL);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), level);
        z.write_all(&stream.content)
            .map_err(|e| PdfError::Write(e.to_string()))?;
        let packed = z.finish().map_err(|e| PdfError::Write(e.to_string()))?;
        if packed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// zlib level for all streams (see [`compress_streams`]); miniz's level 1 and 2 use a
/// cruder matcher that doubles the size of content streams.
const ZLIB_LEVEL: u32 = 3;

/// Adds the outline: level-1 headings at the top, level-2 headings under the level-1
/// heading before them, each opening its page at the heading.
fn add_outline(lo: &mut lopdf::Document, layout: &Layout) -> Result<(), PdfError> {
    let pages = lo.get_pages();
    let entries: Vec<_> = layout
        .outline
        .iter()
        .filter_map(|e| {
            let page = u32::try_from(e.page + 1).ok().and_then(|p| pages.get(&p))?;
            Some((e, *page))
        })
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    // (entry index, child entry indices)
    let mut roots: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (e, _)) in entries.iter().enumerate() {
        match roots.last_mut() {
            Some((_, kids)) if e.level > 1 => kids.push(i),
            _ => roots.push((i, Vec::new())),
        }
    }
    let root_id = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    let item = |i: usize, parent: ObjectId, prev: Option<usize>, next: Option<usize>| {
        let (e, page) = entries[i];
        let mut d = Dictionary::new();
        d.set(
            "Title",
            Object::String(utf16be(&e.title), StringFormat::Hexadecimal),
        );
        d.set("Parent", Object::Reference(parent));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Real(round(layout.left)),
                Object::Real(round(e.top + 4.0)),
                Object::Null,
            ]),
        );
        if let Some(p) = prev {
            d.set("Prev", Object::Reference(ids[p]));
        }
        if let Some(n) = next {
            d.set("Next", Object::Reference(ids[n]));
        }
        d
    };
    let mut visible = 0i64;
    for (ri, (i, kids)) in roots.iter().enumerate() {
        let prev = ri.checked_sub(1).map(|p| roots[p].0);
        let next = roots.get(ri + 1).map(|r| r.0);
        let mut d = item(*i, root_id, prev, next);
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(kids.len() as i64));
            for (ki, &k) in kids.iter().enumerate() {
                let prev = ki.checked_sub(1).map(|p| kids[p]);
                let next = kids.get(ki + 1).copied();
                lo.set_object(ids[k], item(k, ids[*i], prev, next));
            }
        }
        lo.set_object(ids[*i], d);
        visible += 1 + kids.len() as i64;
    }
    let (first, last) = match (roots.first(), roots.last()) {
        (Some(f), Some(l)) => (ids[f.0], ids[l.0]),
        _ => return Ok(()),
    };
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(first));
    outlines.set("Last", Object::Reference(last));
    outlines.set("Count", Object::Integer(visible));
    lo.set_object(root_id, outlines);
    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Write(format!("no catalog for the outline: {e}")))?;
    catalog.set("Outlines", Object::Reference(root_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Drops what printpdf writes into the Info dictionary that is wrong or empty: an
/// empty `GTS_PDFXVersion` makes readers announce the file as PDF/X.
fn tidy_info(lo: &mut lopdf::Document) {
    let Ok(info_id) = lo.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    let Ok(Object::Dictionary(info)) = lo.get_object_mut(info_id) else {
        return;
    };
    info.remove(b"GTS_PDFXVersion");
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(_, v)| match v {
            Object::String(s, _) => s.is_empty() || s.as_slice() == [0xFE, 0xFF],
            _ => false,
        })
        .map(|(k, _)| k.clone())
        .collect();
    for key in empty {
        info.remove(&key);
    }
}

/// A PDF text string: UTF-16BE with a byte order mark.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// A 16-byte file identifier derived from the content, so equal documents get equal
/// files and different ones (almost surely) different ids. FNV-1a, twice seeded.
fn document_id(layout: &Layout, doc: &Document, created: i64) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(doc.title.as_bytes());
    feed(&created.to_le_bytes());
    feed(&(layout.pages.len() as u64).to_le_bytes());
    feed(layout.text.as_bytes());
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&a.to_be_bytes());
    id[8..].copy_from_slice(&b.to_be_bytes());
    id
}
