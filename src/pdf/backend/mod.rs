//! The drawing backend: the only module that knows PDF syntax and the font crates.
//!
//! It writes each page into the file as the layout hands it over, then the footers
//! (which need the page count), fonts, outline and cross-reference table: pdf-writer
//! formats the objects, the page content streams are written by `content` (a few
//! operators, numbers in hundredths of a point), `fonts` has subsetter cut each face
//! down to the glyphs the document draws, and libdeflate deflates every stream.
//!
//! Each face is embedded once, as a CIDFontType2 whose CIDs are the subset's glyph ids,
//! numbered in the order characters are first drawn. Text is written one byte a glyph,
//! as raw bytes in literal strings: a Type0 font per 256 glyph ids (a "plane"; few
//! documents draw more than 255 glyphs of one face) maps the byte to the CID with a
//! small embedded CMap, and carries a ToUnicode map from each byte to the character
//! drawn, so text extracts exactly (the shipped faces give no two characters the same
//! glyph; with a face that did, both would extract as the first). Content streams are
//! mostly text, and deflating them is the largest cost of a PDF: one byte a glyph
//! instead of two makes them a third shorter, and quicker to deflate by about a quarter.
//!
//! Nothing depends on a process-wide counter or a hash map's order: the same layout
//! always gives the same bytes, on any thread.

use std::io::Write;

use pdf_writer::types::PageMode;
use pdf_writer::writers::{Catalog, DocumentInfo};
use pdf_writer::{Chunk, Date, Filter, Name, Rect, Ref, Settings, TextStr};

use super::document::{Document, DEFAULT_CREATED};
use super::layout::{self, LaidOut, PageLayout, PageSink};
use super::text::Metrics;
use super::PdfError;

mod content;
mod fonts;
mod tagged;

use content::Content;
pub use fonts::Fonts;
use fonts::{write_font, Subset};
use tagged::Marks;

/// Hands out object ids in order.
struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// The objects' syntax: no indentation or line breaks inside dictionaries.
const SETTINGS: Settings = Settings { pretty: false };

/// The PDF file being written: each object goes out as soon as it is made, and its
/// offset is kept for the cross-reference table.
struct FileOut<'w> {
    out: &'w mut dyn Write,
    /// Bytes written so far.
    pos: usize,
    /// Offset of each object by id (index 0 unused; 0 for an id never written).
    offsets: Vec<usize>,
}

impl FileOut<'_> {
    fn bytes(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len();
        Ok(())
    }

    /// Writes the object `build` makes (one object: its offset is the chunk's start).
    fn object(&mut self, build: impl FnOnce(&mut Chunk)) -> Result<(), PdfError> {
        let mut chunk = Chunk::with_settings(SETTINGS);
        build(&mut chunk);
        debug_assert_eq!(chunk.refs().len(), 1, "one object per chunk");
        for id in chunk.refs() {
            let id = usize::try_from(id.get()).unwrap_or(0);
            if self.offsets.len() <= id {
                self.offsets.resize(id + 1, 0);
            }
            self.offsets[id] = self.pos;
        }
        self.bytes(chunk.as_bytes())
    }

    /// Writes the cross-reference table and the trailer, which ends the file.
    fn finish(mut self, catalog: Ref, info: Ref, id: [u8; 16]) -> Result<(), PdfError> {
        use std::fmt::Write as _;
        let xref = self.pos;
        let size = self.offsets.len().max(1);
        let mut tail = String::with_capacity(20 * size + 200);
        let _ = write!(tail, "xref\n0 {size}\n0000000000 65535 f\r\n");
        for &offset in self.offsets.iter().skip(1) {
            // Every id handed out is written; a gap would be a free entry.
            let kind = if offset == 0 { 'f' } else { 'n' };
            let _ = write!(tail, "{offset:010} 00000 {kind}\r\n");
        }
        let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let _ = write!(
            tail,
            "trailer\n<</Size {size}/Root {} 0 R/Info {} 0 R/ID[<{hex}><{hex}>]>>\nstartxref\n{xref}\n%%EOF",
            catalog.get(),
            info.get()
        );
        self.bytes(tail.as_bytes())?;
        self.out.flush()?;
        Ok(())
    }
}

/// Writes each page as the layout hands it over: its content stream and page object.
struct PageWriter<'w, 'f> {
    file: FileOut<'w>,
    ids: Ids,
    page_tree: Ref,
    resources: Ref,
    media: Rect,
    subsets: [Subset<'f>; 2],
    content: Content,
    deflater: Deflater,
    /// Each page and its footer's content stream.
    pages: Vec<(Ref, Ref)>,
    /// The structure elements by marked-content id, of the page being written.
    mcids: Vec<u32>,
    /// The marked content of every page so far, for the structure tree.
    marks: Marks,
    /// Hash of the text drawn, for the file id.
    hash: xxhash_rust::xxh3::Xxh3,
    /// The first failure; later pages are not written.
    error: Option<PdfError>,
}

impl PageSink for PageWriter<'_, '_> {
    fn page(&mut self, _index: usize, page: &PageLayout) {
        if self.error.is_none() {
            if let Err(e) = self.write_page(page) {
                self.error = Some(e);
            }
        }
    }
}

impl PageWriter<'_, '_> {
    fn write_page(&mut self, page: &PageLayout) -> Result<(), PdfError> {
        let (page_ref, body, footer) = (self.ids.next(), self.ids.next(), self.ids.next());
        let mut mcids = std::mem::take(&mut self.mcids);
        mcids.clear();
        self.write_content(body, page, &mut mcids, content::ARTIFACT)?;
        let (page_tree, media, resources) = (self.page_tree, self.media, self.resources);
        let index = self.pages.len();
        let struct_parents = i32::try_from(index).unwrap_or(i32::MAX);
        self.file.object(|c| {
            let mut p = c.page(page_ref);
            p.parent(page_tree).media_box(media);
            // The footer ("Page X of Y") is a second stream, written once the count is known.
            p.insert(Name(b"Contents")).array().items([body, footer]);
            p.pair(Name(b"Resources"), resources);
            p.struct_parents(struct_parents)
                .tab_order(pdf_writer::types::TabOrder::StructureOrder);
        })?;
        self.pages.push((page_ref, footer));
        self.marks
            .page(&mut self.file, &mut self.ids, index, &mcids)?;
        self.mcids = mcids;
        Ok(())
    }

    /// The footer stream of each page.
    fn write_footers(&mut self, laid: &LaidOut, metrics: &Metrics) -> Result<(), PdfError> {
        let mut page = PageLayout::default();
        for i in 0..self.pages.len() {
            let (_, footer) = self.pages[i];
            laid.footer.page(i, metrics, &mut page);
            let mut none = Vec::new();
            self.write_content(footer, &page, &mut none, content::PAGINATION)?;
        }
        Ok(())
    }

    /// Writes `page`'s drawing as the deflated content stream `id` (the document id
    /// hashes its text).
    fn write_content(
        &mut self,
        id: Ref,
        page: &PageLayout,
        mcids: &mut Vec<u32>,
        artifact: &[u8],
    ) -> Result<(), PdfError> {
        self.hash.update(page.text.as_bytes());
        self.content.page(page, &mut self.subsets, mcids, artifact);
        let packed = self.deflater.deflate(&self.content.buf)?;
        self.file.object(|c| {
            c.stream(id, packed).filter(Filter::FlateDecode);
        })
    }
}

/// Lays `doc` out and writes it as a PDF into `out`, page by page: a report of any
/// length holds one page, its text and the pages' object ids, never the whole file.
pub(crate) fn write(
    doc: &Document,
    fonts: &Fonts,
    out: &mut dyn Write,
) -> Result<LaidOut, PdfError> {
    let created = doc.created.unwrap_or(DEFAULT_CREATED);
    let date = pdf_date(created).ok_or(PdfError::Date(created))?;

    let mut ids = Ids(0);
    let catalog = ids.next();
    let page_tree = ids.next();
    let info = ids.next();
    let resources = ids.next();
    let mut file = FileOut {
        out,
        pos: 0,
        offsets: Vec::new(),
    };
    file.bytes(b"%PDF-1.7\n%\x80\x80\x80\x80\n\n")?;
    let mut writer = PageWriter {
        file,
        ids,
        page_tree,
        resources,
        media: {
            let (w, h) = layout::page_size(doc);
            Rect::new(0.0, 0.0, w, h)
        },
        subsets: [
            Subset::new(&fonts.regular, b'R'),
            Subset::new(&fonts.bold, b'B'),
        ],
        content: Content::default(),
        deflater: Deflater::new(),
        pages: Vec::new(),
        mcids: Vec::new(),
        marks: Marks::default(),
        hash: xxhash_rust::xxh3::Xxh3::new(),
        error: None,
    };
    let laid = layout::lay_out(doc, &fonts.metrics, &mut writer);
    if let Some(e) = writer.error.take() {
        return Err(e);
    }
    writer.write_footers(&laid, &fonts.metrics)?;
    let PageWriter {
        mut file,
        mut ids,
        subsets,
        mut deflater,
        pages,
        marks,
        hash,
        ..
    } = writer;

    let kids: Vec<Ref> = pages.iter().map(|&(page, _)| page).collect();
    file.object(|c| {
        c.pages(page_tree)
            .kids(kids.iter().copied())
            .count(i32::try_from(kids.len()).unwrap_or(i32::MAX));
    })?;

    write_resources(&mut file, &subsets, &mut ids, &mut deflater, resources)?;

    let outline = write_outline(&mut file, &laid, &kids, &mut ids)?;
    let struct_tree = marks.write_tree(&mut file, &mut ids, &laid.structure, &kids)?;
    let id = document_id(hash, doc, created, laid.pages);
    let subject = doc.subtitle.join("; ");
    let lang = if doc.lang.is_empty() { "en" } else { &doc.lang };
    let about = tagged::About {
        title: &doc.title,
        subject: &subject,
        lang,
        created,
        id,
    };
    let archival = tagged::write_archival(&mut file, &mut ids, &mut deflater, &about, doc)?;
    file.object(|c| {
        let mut cat = c.indirect(catalog).start::<Catalog>();
        cat.pages(page_tree);
        if let Some(root) = outline {
            cat.outlines(root).page_mode(PageMode::UseOutlines);
        }
        cat.lang(TextStr(lang));
        cat.mark_info().marked(true);
        cat.viewer_preferences().display_doc_title(true);
        cat.pair(Name(b"StructTreeRoot"), struct_tree);
        archival.catalog(&mut cat);
    })?;

    file.object(|c| {
        let mut meta = c.indirect(info).start::<DocumentInfo>();
        if !doc.title.is_empty() {
            meta.title(TextStr(&doc.title));
        }
        if !subject.is_empty() {
            meta.subject(TextStr(&subject));
        }
        meta.creator(TextStr(tagged::CREATOR))
            .producer(TextStr(tagged::PRODUCER))
            .creation_date(date)
            .modified_date(date);
    })?;

    file.finish(catalog, info, id)?;
    Ok(laid)
}

/// The fonts the pages draw with (only the faces used, subset) and the resource
/// dictionary `resources` naming them.
fn write_resources(
    file: &mut FileOut<'_>,
    subsets: &[Subset<'_>],
    ids: &mut Ids,
    deflater: &mut Deflater,
    resources: Ref,
) -> Result<(), PdfError> {
    let mut font_resources = Vec::new();
    for subset in subsets.iter().filter(|s| s.planes > 0) {
        write_font(file, subset, ids, deflater, &mut font_resources)?;
    }
    file.object(|c| {
        let mut res = c.indirect(resources).dict();
        let mut font_dict = res.insert(Name(b"Font")).dict();
        for (name, font) in &font_resources {
            font_dict.pair(Name(name), *font);
        }
    })
}

/// `created` (Unix seconds, UTC) as a PDF date; `None` outside years 0–9999.
pub(super) fn pdf_date(created: i64) -> Option<Date> {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(created, 0)?;
    let year = u16::try_from(t.year()).ok().filter(|&y| y <= 9999)?;
    // Each field is within its range, so the narrowing casts cannot cut.
    Some(
        Date::new(year)
            .month(t.month() as u8)
            .day(t.day() as u8)
            .hour(t.hour() as u8)
            .minute(t.minute() as u8)
            .second(t.second() as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// Writes the outline: level-1 headings at the top, level-2 headings under the level-1
/// heading before them, each opening its page at the heading. Returns the outline's
/// root, `None` when nothing is bookmarked.
fn write_outline(
    file: &mut FileOut<'_>,
    laid: &LaidOut,
    pages: &[Ref],
    ids: &mut Ids,
) -> Result<Option<Ref>, PdfError> {
    let entries: Vec<_> = laid
        .outline
        .iter()
        .filter_map(|e| Some((e, *pages.get(e.page)?)))
        .collect();
    if entries.is_empty() {
        return Ok(None);
    }
    // (entry index, child entry indices)
    let mut roots: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (e, _)) in entries.iter().enumerate() {
        match roots.last_mut() {
            Some((_, kids)) if e.level > 1 => kids.push(i),
            _ => roots.push((i, Vec::new())),
        }
    }
    let root = ids.next();
    let refs: Vec<Ref> = entries.iter().map(|_| ids.next()).collect();
    let mut item =
        |i: usize, parent: Ref, prev: Option<usize>, next: Option<usize>, kids: &[usize]| {
            let (e, page) = entries[i];
            file.object(|c| {
                let mut it = c.outline_item(refs[i]);
                it.title(TextStr(&e.title)).parent(parent);
                if let Some(p) = prev {
                    it.prev(refs[p]);
                }
                if let Some(n) = next {
                    it.next(refs[n]);
                }
                if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                    it.first(refs[first])
                        .last(refs[last])
                        .count(i32::try_from(kids.len()).unwrap_or(i32::MAX));
                }
                it.dest()
                    .page(page)
                    .xyz(hundredths(laid.left), hundredths(e.top + 4.0), None);
            })
        };
    let mut visible = 0usize;
    for (ri, (i, kids)) in roots.iter().enumerate() {
        let prev = ri.checked_sub(1).map(|p| roots[p].0);
        let next = roots.get(ri + 1).map(|r| r.0);
        item(*i, root, prev, next, kids)?;
        for (ki, &k) in kids.iter().enumerate() {
            let prev = ki.checked_sub(1).map(|p| kids[p]);
            let next = kids.get(ki + 1).copied();
            item(k, refs[*i], prev, next, &[])?;
        }
        visible += 1 + kids.len();
    }
    let (Some(first), Some(last)) = (roots.first(), roots.last()) else {
        return Ok(None);
    };
    let (first, last) = (refs[first.0], refs[last.0]);
    file.object(|c| {
        c.outline(root)
            .first(first)
            .last(last)
            .count(i32::try_from(visible).unwrap_or(i32::MAX));
    })?;
    Ok(Some(root))
}

/// `v` rounded to 1/100 pt: invisible, and keeps the content streams short.
fn hundredths(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// Deflates streams (zlib format) with libdeflate, one compressor per document.
///
/// Deflate is the largest cost of writing a PDF. On these content streams libdeflate's
/// level 1 is twice as fast as zlib's level 3 (the flate2 backends: zlib-rs, miniz)
/// for the same size: 211 against 100 MB/s, 35.9% against 35.4% of the input.
struct Deflater {
    z: libdeflater::Compressor,
    /// Output buffer, as long as the longest stream's bound so far.
    out: Vec<u8>,
}

impl Deflater {
    fn new() -> Self {
        Deflater {
            // Level 0 stores; 1 is the fastest that compresses.
            z: libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(1).unwrap_or_default(),
            ),
            out: Vec::new(),
        }
    }

    /// The zlib stream of `data`.
    fn deflate(&mut self, data: &[u8]) -> Result<&[u8], PdfError> {
        let bound = self.z.zlib_compress_bound(data.len());
        if self.out.len() < bound {
            self.out.resize(bound, 0);
        }
        let n = self
            .z
            .zlib_compress(data, &mut self.out[..bound])
            .map_err(|e| PdfError::Write(format!("deflate: {e}")))?;
        Ok(&self.out[..n])
    }
}

/// A 16-byte file identifier derived from the content, so equal documents get equal
/// files and different ones (almost surely) different ids: XXH3-128 of all the text
/// (`drawn`, fed page by page), the title, the date and the page count.
fn document_id(
    mut drawn: xxhash_rust::xxh3::Xxh3,
    doc: &Document,
    created: i64,
    pages: usize,
) -> [u8; 16] {
    drawn.update(doc.title.as_bytes());
    drawn.update(&created.to_le_bytes());
    drawn.update(&(pages as u64).to_le_bytes());
    drawn.digest128().to_be_bytes()
}

#[cfg(test)]
mod tests;
