//! The drawing backend: the only module that knows PDF syntax and the font crates.
//!
//! It writes each page into the file as the layout hands it over, then the footers
//! (which need the page count), fonts, outline and cross-reference table: pdf-writer
//! formats the objects, the page content streams are written here
//! (a few operators, numbers in hundredths of a point), subsetter cuts each face down to
//! the glyphs the document draws, and libdeflate deflates every stream.
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

use pdf_writer::types::{CidFontType, FontFlags, PageMode, SystemInfo, UnicodeCmap};
use pdf_writer::writers::{Catalog, DocumentInfo};
use pdf_writer::{Chunk, Date, Filter, Name, Rect, Ref, Settings, Str, TextStr};
use subsetter::GlyphRemapper;

use super::document::{Document, DEFAULT_CREATED};
use super::layout::{self, Fill, LaidOut, PageLayout, PageSink, Rgb, OBLIQUE_SKEW};
use super::text::{Face, FaceMetrics, Metrics};
use super::PdfError;

/// The two shipped faces, parsed once and shared by every render (it is `Send + Sync`,
/// so reports can render on several threads).
pub struct Fonts {
    regular: FontFace,
    bold: FontFace,
    pub(crate) metrics: Metrics,
}

impl std::fmt::Debug for Fonts {
    // The font files and tables are megabytes of numbers: name them only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("regular", &self.regular.name)
            .field("bold", &self.bold.name)
            .finish_non_exhaustive()
    }
}

impl Fonts {
    /// Parses the regular and bold TrueType fonts (e.g. DejaVu Sans Condensed) and reads
    /// their advance widths and coverage into lookup tables.
    pub fn from_bytes(regular: &[u8], bold: &[u8]) -> Result<Fonts, PdfError> {
        let (regular, regular_metrics) = FontFace::parse("regular", regular)?;
        let (bold, bold_metrics) = FontFace::parse("bold", bold)?;
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

/// One TrueType face: its file and what the writer needs to know of it.
struct FontFace {
    /// The font file, subset anew for each document.
    data: Vec<u8>,
    /// The PostScript name, written after the subset tag.
    name: String,
    /// Glyph id of each BMP code point; 0 (`.notdef`) where the face has none.
    bmp: Box<[u16]>,
    /// Glyph ids of the covered code points above the BMP, sorted.
    astral: Vec<(u32, u16)>,
    /// Advance of each glyph, in 1/1000 em (PDF glyph space).
    widths: Box<[f32]>,
    /// What the font descriptor says of the face, in 1/1000 em.
    descriptor: Descriptor,
}

/// The font descriptor's numbers.
struct Descriptor {
    /// [`FontFlags`] bits.
    flags: u32,
    bbox: Rect,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
}

impl FontFace {
    fn parse(which: &'static str, bytes: &[u8]) -> Result<(FontFace, FaceMetrics), PdfError> {
        let font_error = |detail: String| PdfError::Font { which, detail };
        let ttf = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| font_error(format!("{e} (not a font file?)")))?;
        let units_per_em = ttf.units_per_em();
        let em = 1000.0 / f32::from(units_per_em);

        // The code points the Unicode cmap subtables list (some thousands), each then
        // looked up the way ttf-parser picks among subtables: a fraction of the time
        // of asking for every code point.
        let mut listed = Vec::new();
        for subtable in ttf.tables().cmap.iter().flat_map(|t| t.subtables) {
            if subtable.is_unicode() {
                subtable.codepoints(|cp| listed.push(cp));
            }
        }
        listed.sort_unstable();
        listed.dedup();
        let mut bmp = vec![0u16; 0x1_0000].into_boxed_slice();
        let mut astral = Vec::new();
        let scanned = listed.into_iter().take_while(|&cp| cp <= LAST_SCANNED);
        for c in scanned.filter_map(char::from_u32) {
            let Some(glyph) = ttf.glyph_index(c).map(|g| g.0).filter(|&g| g != 0) else {
                continue;
            };
            match bmp.get_mut(c as usize) {
                Some(slot) => *slot = glyph,
                None => astral.push((c as u32, glyph)),
            }
        }
        let advances: Vec<u16> = (0..ttf.number_of_glyphs())
            .map(|g| ttf.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let advance_of = |glyph: u16| advances.get(usize::from(glyph)).copied().unwrap_or(0);

        let glyph_of = |cp: u32| match bmp.get(cp as usize) {
            Some(&g) => (g != 0).then_some(g),
            None => astral
                .binary_search_by_key(&cp, |&(k, _)| k)
                .ok()
                .map(|i| astral[i].1),
        };
        let metrics = FaceMetrics::build(units_per_em, |cp| glyph_of(cp).map(advance_of));
        // Footers, tags and replacement characters are printed without cleaning.
        if let Some(c) = (' '..='~').find(|&c| !metrics.covers(c)) {
            return Err(font_error(format!("no glyph for {c:?}")));
        }

        let bbox = ttf.global_bounding_box();
        let scale = |v: i16| (f32::from(v) * em).round();
        let cap_height = ttf
            .capital_height()
            .filter(|&h| h > 0)
            .or_else(|| {
                let h = ttf.glyph_index('H')?;
                Some(ttf.glyph_bounding_box(h)?.y_max)
            })
            .unwrap_or(ttf.ascender());
        let mut flags = FontFlags::SYMBOLIC;
        flags.set(FontFlags::FIXED_PITCH, ttf.is_monospaced());
        flags.set(FontFlags::ITALIC, ttf.is_italic());
        let descriptor = Descriptor {
            flags: flags.bits(),
            bbox: Rect::new(
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ),
            italic_angle: ttf.italic_angle(),
            ascent: scale(ttf.ascender()),
            descent: scale(ttf.descender()),
            cap_height: scale(cap_height),
            // The usual estimate from the weight class (fonts do not record it).
            stem_v: (10.0 + 0.244 * (f32::from(ttf.weight().to_number()) - 50.0)).round(),
        };
        let face = FontFace {
            data: bytes.to_vec(),
            name: postscript_name(&ttf),
            bmp,
            astral,
            widths: advances
                .iter()
                .map(|&a| (f32::from(a) * em * 10.0).round() / 10.0)
                .collect(),
            descriptor,
        };
        // Fail now, not in the middle of a run, if the subsetter cannot read the face.
        let mut probe = Subset::new(&face, b'R');
        for c in ' '..='~' {
            probe.glyph(c);
        }
        subsetter::subset(&face.data, 0, &probe.remapper)
            .map_err(|e| font_error(format!("cannot subset it: {e}")))?;
        Ok((face, metrics))
    }

    /// The glyph id of `c`; 0 when the face lacks it.
    #[inline]
    fn glyph(&self, c: char) -> u16 {
        let cp = c as u32;
        match self.bmp.get(cp as usize) {
            Some(&g) => g,
            None => self
                .astral
                .binary_search_by_key(&cp, |&(k, _)| k)
                .map_or(0, |i| self.astral[i].1),
        }
    }
}

/// Last code point scanned for coverage: the Basic and Supplementary Multilingual Planes
/// hold everything a Latin-script font can cover.
const LAST_SCANNED: u32 = 0x1_FFFF;

/// The font's PostScript name (name id 6), cut to the characters a PDF name and a
/// font name allow; "Font" if it has none.
fn postscript_name(ttf: &ttf_parser::Face<'_>) -> String {
    let names = ttf.names();
    let raw = names
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| {
            n.to_string().or_else(|| {
                // Macintosh Roman: ASCII in its lower half, which is all a name may use.
                let ascii = n.platform_id == ttf_parser::PlatformId::Macintosh && n.name.is_ascii();
                ascii.then(|| String::from_utf8_lossy(n.name).into_owned())
            })
        })
        .unwrap_or_default();
    let name: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(56)
        .collect();
    if name.is_empty() {
        "Font".to_string()
    } else {
        name
    }
}

/// The glyphs one document draws with one face, numbered in the order they are first
/// drawn (1, 2, …; 0 is `.notdef`), which are the glyph ids of the subset.
struct Subset<'f> {
    face: &'f FontFace,
    /// First letter of the face's font resources (`R0`, `R1`…).
    resource: u8,
    /// Planes of 256 glyph ids drawn so far (0 before the first glyph).
    planes: usize,
    /// The subset's glyph id of each ASCII character drawn so far, 0 for the others:
    /// most text is ASCII, and this spares two table look-ups.
    ascii: [u16; 128],
    /// The subset's glyph id of each of the face's glyph ids; 0 while unused.
    new_ids: Vec<u16>,
    remapper: GlyphRemapper,
    /// For each subset glyph from 1: the face's glyph id and the character drawn.
    used: Vec<(u16, char)>,
}

impl<'f> Subset<'f> {
    fn new(face: &'f FontFace, resource: u8) -> Self {
        Subset {
            face,
            resource,
            planes: 0,
            ascii: [0; 128],
            new_ids: vec![0; face.widths.len()],
            remapper: GlyphRemapper::new(),
            used: Vec::new(),
        }
    }

    /// The subset's glyph id for `c`, numbering it if it is new.
    #[inline]
    fn glyph(&mut self, c: char) -> u16 {
        match self.ascii.get(c as usize) {
            Some(&g) if g != 0 => g,
            _ => self.look_up(c),
        }
    }

    fn look_up(&mut self, c: char) -> u16 {
        let old = self.face.glyph(c);
        let Some(slot) = self.new_ids.get_mut(usize::from(old)).filter(|_| old != 0) else {
            return 0;
        };
        if *slot == 0 {
            *slot = self.remapper.remap(old);
            self.used.push((old, c));
        }
        let g = *slot;
        if let Some(cached) = self.ascii.get_mut(c as usize) {
            *cached = g;
        }
        g
    }

    /// Six capitals naming this subset (`ABCDEF+Name`), from the glyphs it holds, so
    /// different subsets of one face get different names.
    fn tag(&self) -> [u8; 6] {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.used.iter().flat_map(|&(g, _)| g.to_be_bytes()) {
            h = (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut tag = [0u8; 6];
        for t in &mut tag {
            *t = b'A' + (h % 26) as u8;
            h /= 26;
        }
        tag
    }
}

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
        self.write_content(body, page)?;
        let (page_tree, media, resources) = (self.page_tree, self.media, self.resources);
        self.file.object(|c| {
            let mut p = c.page(page_ref);
            p.parent(page_tree).media_box(media);
            // The footer ("Page X of Y") is a second stream, written once the count is known.
            p.insert(Name(b"Contents")).array().items([body, footer]);
            p.pair(Name(b"Resources"), resources);
        })?;
        self.pages.push((page_ref, footer));
        Ok(())
    }

    /// The footer stream of each page.
    fn write_footers(&mut self, laid: &LaidOut, metrics: &Metrics) -> Result<(), PdfError> {
        let mut page = PageLayout::default();
        for i in 0..self.pages.len() {
            let (_, footer) = self.pages[i];
            laid.footer.page(i, metrics, &mut page);
            self.write_content(footer, &page)?;
        }
        Ok(())
    }

    /// Writes `page`'s drawing as the deflated content stream `id` (the document id
    /// hashes its text).
    fn write_content(&mut self, id: Ref, page: &PageLayout) -> Result<(), PdfError> {
        self.hash.update(page.text.as_bytes());
        self.content.page(page, &mut self.subsets);
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
        hash,
        ..
    } = writer;

    let kids: Vec<Ref> = pages.iter().map(|&(page, _)| page).collect();
    file.object(|c| {
        c.pages(page_tree)
            .kids(kids.iter().copied())
            .count(i32::try_from(kids.len()).unwrap_or(i32::MAX));
    })?;

    // Only the faces the document draws with are embedded.
    let mut font_resources = Vec::new();
    for subset in subsets.iter().filter(|s| s.planes > 0) {
        write_font(
            &mut file,
            subset,
            &mut ids,
            &mut deflater,
            &mut font_resources,
        )?;
    }
    file.object(|c| {
        let mut res = c.indirect(resources).dict();
        let mut font_dict = res.insert(Name(b"Font")).dict();
        for (name, font) in &font_resources {
            font_dict.pair(Name(name), *font);
        }
    })?;

    let outline = write_outline(&mut file, &laid, &kids, &mut ids)?;
    file.object(|c| {
        let mut cat = c.indirect(catalog).start::<Catalog>();
        cat.pages(page_tree);
        if let Some(root) = outline {
            cat.outlines(root).page_mode(PageMode::UseOutlines);
        }
    })?;

    let subject = doc.subtitle.join("; ");
    file.object(|c| {
        let mut meta = c.indirect(info).start::<DocumentInfo>();
        if !doc.title.is_empty() {
            meta.title(TextStr(&doc.title));
        }
        if !subject.is_empty() {
            meta.subject(TextStr(&subject));
        }
        meta.creator(TextStr("workplan"))
            .producer(TextStr("workplan (pdf-writer 0.15)"))
            .creation_date(date)
            .modified_date(date);
    })?;

    let id = document_id(hash, doc, created, laid.pages);
    file.finish(catalog, info, id)?;
    Ok(laid)
}

/// `created` (Unix seconds, UTC) as a PDF date; `None` outside years 0–9999.
fn pdf_date(created: i64) -> Option<Date> {
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

/// Writes the CIDFont of `subset` with its descriptor and font program, and for each of
/// its planes a Type0 font with its one-byte encoding and ToUnicode map; adds the Type0
/// fonts to `resources` under their names in the content streams.
fn write_font(
    file: &mut FileOut<'_>,
    subset: &Subset<'_>,
    ids: &mut Ids,
    deflater: &mut Deflater,
    resources: &mut Vec<(Vec<u8>, Ref)>,
) -> Result<(), PdfError> {
    let face = subset.face;
    let (cid_ref, descriptor_ref, file_ref) = (ids.next(), ids.next(), ids.next());
    let mut base = Vec::with_capacity(7 + face.name.len());
    base.extend_from_slice(&subset.tag());
    base.push(b'+');
    base.extend_from_slice(face.name.as_bytes());
    let base = Name(&base);

    file.object(|c| {
        let mut cid = c.cid_font(cid_ref);
        cid.subtype(CidFontType::Type2)
            .base_font(base)
            .system_info(IDENTITY)
            .font_descriptor(descriptor_ref)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        if !subset.used.is_empty() {
            cid.widths().consecutive(
                1,
                subset
                    .used
                    .iter()
                    .map(|&(g, _)| face.widths.get(usize::from(g)).copied().unwrap_or(0.0)),
            );
        }
    })?;

    let d = &face.descriptor;
    file.object(|c| {
        c.font_descriptor(descriptor_ref)
            .name(base)
            .flags(FontFlags::from_bits_truncate(d.flags))
            .bbox(d.bbox)
            .italic_angle(d.italic_angle)
            .ascent(d.ascent)
            .descent(d.descent)
            .cap_height(d.cap_height)
            .stem_v(d.stem_v)
            .font_file2(file_ref);
    })?;

    let program = subsetter::subset(&face.data, 0, &subset.remapper)
        .map_err(|e| PdfError::Write(format!("cannot subset the font {}: {e}", face.name)))?;
    let packed = deflater.deflate(&program)?;
    file.object(|c| {
        c.stream(file_ref, packed).filter(Filter::FlateDecode).pair(
            Name(b"Length1"),
            i32::try_from(program.len()).unwrap_or(i32::MAX),
        );
    })?;

    for plane in 0..subset.planes {
        let (type0, encoding, to_unicode) = (ids.next(), ids.next(), ids.next());
        file.object(|c| {
            c.type0_font(type0)
                .base_font(base)
                .encoding_cmap(encoding)
                .descendant_font(cid_ref)
                .to_unicode(to_unicode);
        })?;

        let name = format!("Workplan-Byte-{plane}");
        let packed = deflater.deflate(one_byte_cmap(&name, plane).as_bytes())?;
        file.object(|c| {
            c.cmap(encoding, packed)
                .name(Name(name.as_bytes()))
                .system_info(IDENTITY)
                .filter(Filter::FlateDecode);
        })?;

        let mut cmap = UnicodeCmap::<u8>::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        // Subset glyph g (from 1) is `used[g - 1]`, drawn as byte g % 256 of plane g / 256.
        let first = (plane * 256).max(1);
        let last = (plane * 256 + 255).min(subset.used.len());
        for g in first..=last {
            cmap.pair((g % 256) as u8, subset.used[g - 1].1);
        }
        let packed = deflater.deflate(cmap.finish().as_slice())?;
        file.object(|c| {
            c.stream(to_unicode, packed).filter(Filter::FlateDecode);
        })?;

        let mut resource = Vec::new();
        // At most 65,536 glyph ids: 256 planes.
        font_resource(&mut resource, subset.resource, plane as u8);
        resources.push((resource, type0));
    }
    Ok(())
}

/// The character collection of the CIDFonts and their encodings: CIDs are glyph ids.
const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The encoding CMap of `plane`: each byte is one code, code `c` is CID
/// `plane * 256 + c`.
fn one_byte_cmap(name: &str, plane: usize) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n\
         12 dict begin\n\
         begincmap\n\
         /CIDSystemInfo 3 dict dup begin\n\
         /Registry (Adobe) def\n\
         /Ordering (Identity) def\n\
         /Supplement 0 def\n\
         end def\n\
         /CMapName /{name} def\n\
         /CMapType 1 def\n\
         /WMode 0 def\n\
         1 begincodespacerange\n\
         <00> <FF>\n\
         endcodespacerange\n\
         1 begincidrange\n\
         <00> <FF> {first}\n\
         endcidrange\n\
         endcmap\n\
         CMapName currentdict /CMap defineresource pop\n\
         end\n\
         end\n",
        first = plane * 256
    )
}

/// Appends the resource name of a face's font for `plane`: `R0`, `B0`, `R1`…
fn font_resource(out: &mut Vec<u8>, face: u8, plane: u8) {
    out.push(face);
    if plane >= 100 {
        out.push(b'0' + plane / 100);
    }
    if plane >= 10 {
        out.push(b'0' + plane / 10 % 10);
    }
    out.push(b'0' + plane % 10);
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

/// A page's content stream, written by hand: fills, then all text in one text object,
/// then overlays. Positions are in hundredths of a point, colours in thousandths.
#[derive(Default)]
struct Content {
    buf: Vec<u8>,
}

impl Content {
    fn page(&mut self, p: &PageLayout, subsets: &mut [Subset<'_>; 2]) {
        self.buf.clear();
        let mut fill = None;
        for f in &p.under {
            self.rect(&mut fill, f);
        }
        if !p.texts.is_empty() {
            self.buf.extend_from_slice(b"BT\n");
            // (face, plane, size in hundredths) of the font set last.
            let mut font: Option<(Face, u8, i32)> = None;
            let mut line_start: Option<(i32, i32)> = None;
            for r in &p.texts {
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
            self.buf.extend_from_slice(b"ET\n");
        }
        for f in &p.over {
            self.rect(&mut fill, f);
        }
    }

    fn set_fill(&mut self, current: &mut Option<Rgb>, color: Rgb) {
        if *current != Some(color) {
            *current = Some(color);
            for v in [color.0, color.1, color.2] {
                self.fraction(v);
                self.buf.push(b' ');
            }
            self.buf.extend_from_slice(b"rg\n");
        }
    }

    fn rect(&mut self, current: &mut Option<Rgb>, f: &Fill) {
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
    fn string_byte(&mut self, byte: u8) {
        match byte {
            b'(' | b')' | b'\\' => self.buf.extend_from_slice(&[b'\\', byte]),
            b'\r' => self.buf.extend_from_slice(b"\\r"),
            _ => self.buf.push(byte),
        }
    }

    /// Writes `v` hundredths as a decimal without trailing zeros: 1250 → `12.5`.
    fn num(&mut self, v: i32) {
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
    fn fraction(&mut self, v: f32) {
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

    fn int(&mut self, mut v: u32) {
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
fn to_hundredths(v: f32) -> i32 {
    (v * 100.0).round() as i32
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
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::io::Read as _;
    use std::process::Command;

    use super::super::document::{Block, TextStyle};
    use super::super::{extracted_text, layout, render};
    use super::*;
    use crate::report::FONTS;

    /// The bytes of stream object `id`, inflated.
    fn stream(pdf: &[u8], id: i32) -> Vec<u8> {
        let (out, deflated) = inflated(pdf, id);
        // Every stream here (text, font programs, CMaps) deflates to well under 3/4.
        assert!(
            deflated * 4 < out.len() * 3,
            "object {id}: {} bytes deflated to {deflated}",
            out.len(),
        );
        out
    }

    /// The inflated content of stream object `id`.
    fn inflate(pdf: &[u8], id: i32) -> Vec<u8> {
        inflated(pdf, id).0
    }

    /// The inflated content of stream object `id`, and its deflated length.
    fn inflated(pdf: &[u8], id: i32) -> (Vec<u8>, usize) {
        let head = format!("\n{id} 0 obj\n");
        let at = find(pdf, head.as_bytes(), 0).expect("object present") + head.len();
        let dict_end = find(pdf, b"stream\n", at).expect("a stream");
        let dict = String::from_utf8_lossy(&pdf[at..dict_end]);
        let len: usize = dict
            .split("/Length ")
            .nth(1)
            .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|s| s.parse().ok())
            .expect("a length");
        let data = &pdf[dict_end + 7..dict_end + 7 + len];
        assert!(dict.contains("/Filter/FlateDecode"), "not deflated: {dict}");
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("inflates");
        (out, data.len())
    }

    fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    }

    /// Object ids named after `key` (e.g. `/FontFile2 `), in file order.
    fn refs(pdf: &[u8], key: &str) -> Vec<i32> {
        let text = String::from_utf8_lossy(pdf);
        text.split(key)
            .skip(1)
            .filter_map(|s| s.split(' ').next()?.parse().ok())
            .collect()
    }

    /// The `<glyph> <utf-16>` pairs of a ToUnicode map.
    fn to_unicode(cmap: &[u8]) -> BTreeMap<u16, String> {
        let text = String::from_utf8_lossy(cmap);
        text.split("beginbfchar\n")
            .skip(1)
            .flat_map(|block| block.lines().take_while(|l| *l != "endbfchar"))
            .filter_map(|l| {
                let (g, u) = l.strip_prefix('<')?.split_once("> <")?;
                let units: Vec<u16> = u
                    .strip_suffix('>')?
                    .as_bytes()
                    .chunks(4)
                    .map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                    .collect::<Option<_>>()?;
                Some((
                    u16::from_str_radix(g, 16).ok()?,
                    String::from_utf16(&units).ok()?,
                ))
            })
            .collect()
    }

    fn doc(title: &str, paragraph: &str) -> Document<'static> {
        Document {
            title: title.into(),
            subtitle: vec!["First line".into(), "second line".into()],
            blocks: vec![
                Block::Heading {
                    text: "Overview".into(),
                    level: 1,
                    bookmark: true,
                },
                Block::Paragraph {
                    text: paragraph.into(),
                    style: TextStyle::Italic,
                },
                Block::Heading {
                    text: "Details".into(),
                    level: 2,
                    bookmark: true,
                },
                Block::Heading {
                    text: "Not bookmarked".into(),
                    level: 1,
                    bookmark: false,
                },
                Block::Heading {
                    text: "Annex – Telefónica".into(),
                    level: 1,
                    bookmark: true,
                },
            ],
            footer_left: "footer".into(),
            landscape: false,
            created: Some(1_735_689_600),
        }
    }

    #[test]
    fn text_extracts_as_written() {
        let title = "Pejčinović Burić – “Telefónica”";
        let paragraph = "Thorbjørn Jagland ‘quoted’ Čačak Ærø naïve – 2019–2020";
        // More than 92 distinct glyphs in the regular face, so the glyph ids that are
        // written escaped, 13 `\r`, 40 `(`, 41 `)` and 92 `\\`, all occur.
        let many: String = ('!'..='~').chain('À'..='ÿ').collect();
        let mut d = doc(title, paragraph);
        d.blocks.push(Block::Paragraph {
            text: many.clone(),
            style: TextStyle::Normal,
        });
        let bytes = render(&d, &FONTS).expect("renders").bytes;
        let text = extracted_text(&bytes, &[]);
        for want in [title, paragraph, "Annex – Telefónica", "Page 1 of 1"] {
            assert!(text.contains(want), "{want:?} not in {text:?}");
        }
        // It wraps where it likes: compare without the line breaks.
        let joined: String = text.split('\n').collect();
        assert!(joined.contains(&many), "{many:?} not in {text:?}");
    }

    #[test]
    fn more_than_255_glyphs_of_a_face_take_several_planes() {
        // Latin, Greek and Cyrillic letters: about 400 distinct glyphs, two planes.
        let many: String = ('A'..='Z')
            .chain('a'..='z')
            .chain('À'..='ſ')
            .chain('Α'..='Ω')
            .chain('α'..='ω')
            .chain('А'..='я')
            .filter(|&c| FONTS.metrics.regular.covers(c))
            .collect();
        let words: Vec<String> = many
            .chars()
            .collect::<Vec<_>>()
            .chunks(12)
            .map(|w| w.iter().collect())
            .collect();
        let mut d = doc("Planes", "none");
        d.blocks = vec![Block::Paragraph {
            text: words.join(" "),
            style: TextStyle::Normal,
        }];
        let bytes = render(&d, &FONTS).expect("renders").bytes;
        let text = String::from_utf8_lossy(&bytes);
        assert!(many.chars().count() > 300, "{}", many.chars().count());
        assert!(text.contains("/R0 ") && text.contains("/R1 "), "two planes");
        assert!(!text.contains("/R2 "), "no third plane");
        assert_eq!(
            refs(&bytes, "/FontFile2 ").len(),
            2,
            "one font program a face"
        );

        let extracted: String = extracted_text(&bytes, &[]).split_whitespace().collect();
        assert!(extracted.contains(&many), "{extracted}");
        if Command::new("qpdf").arg("--version").output().is_ok() {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("planes.pdf");
            std::fs::write(&path, &bytes).expect("written");
            let out = Command::new("qpdf")
                .arg("--check")
                .arg(&path)
                .output()
                .expect("qpdf runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }

    #[test]
    fn subsets_hold_the_drawn_glyphs_and_map_them_back() {
        let d = doc("Hello", "Thorbjørn – Čačak");
        let lay = layout::layout(&d, &FONTS.metrics);
        let bytes = render(&d, &FONTS).expect("writes").bytes;
        let mut drawn: [BTreeSet<char>; 2] = Default::default();
        for p in &lay.pages {
            for r in &p.texts {
                drawn[usize::from(r.face == Face::Bold)].extend(p.text_of(r).chars());
            }
        }
        let files = refs(&bytes, "/FontFile2 ");
        let maps = refs(&bytes, "/ToUnicode ");
        assert_eq!((files.len(), maps.len()), (2, 2), "both faces embedded");
        for (i, face) in [&FONTS.regular, &FONTS.bold].into_iter().enumerate() {
            let program = stream(&bytes, files[i]);
            let sub = ttf_parser::Face::parse(&program, 0).expect("the subset parses");
            let n = drawn[i].len();
            let glyphs = usize::from(sub.number_of_glyphs());
            // .notdef, the drawn glyphs, and the parts of composite glyphs.
            assert!(n < glyphs && glyphs <= 2 * n + 1, "{glyphs} glyphs for {n}");
            let map = to_unicode(&stream(&bytes, maps[i]));
            let mapped: BTreeSet<char> = map.values().flat_map(|s| s.chars()).collect();
            assert_eq!(mapped, drawn[i]);
            // Glyph k of the subset is the face's glyph for the character k maps to (same
            // advance and outline box).
            let whole = ttf_parser::Face::parse(&face.data, 0).expect("the face parses");
            for (&g, s) in &map {
                let c = s.chars().next().expect("a character");
                let (old, new) = (ttf_parser::GlyphId(face.glyph(c)), ttf_parser::GlyphId(g));
                let want = (whole.glyph_hor_advance(old), whole.glyph_bounding_box(old));
                let got = (sub.glyph_hor_advance(new), sub.glyph_bounding_box(new));
                assert_eq!(got, want, "glyph {g} for {c:?}");
            }
        }
        // Each page draws its content, then its footer (a stream too short to shrink).
        let contents: Vec<Vec<i32>> = String::from_utf8_lossy(&bytes)
            .split("/Contents[")
            .skip(1)
            .map(|s| {
                let array = s.split(']').next().unwrap_or("");
                array
                    .split(" 0 R")
                    .filter_map(|n| n.trim().parse().ok())
                    .collect()
            })
            .collect();
        assert_eq!(contents.len(), lay.pages.len());
        for page in contents {
            let [body, footer] = page[..] else {
                panic!("two content streams: {page:?}");
            };
            stream(&bytes, body);
            let footer = inflate(&bytes, footer);
            assert!(footer.starts_with(b"0.74 0.74 0.74 rg\n"), "{footer:?}");
        }
        assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
    }

    #[test]
    fn same_document_same_bytes_whatever_was_written_between() {
        let a = doc("Report A", "Telefónica");
        let b = doc("Report B", "Pejčinović Burić, Thorbjørn and others");
        let first = render(&a, &FONTS).expect("renders").bytes;
        let other = render(&b, &FONTS).expect("renders").bytes;
        let again = render(&a, &FONTS).expect("renders").bytes;
        assert!(first == again, "a render depends on the one before");
        assert!(first != other);
    }

    #[test]
    fn outline_counts_bookmarked_headings_and_info_is_filled() {
        let bytes = render(&doc("Report", "text"), &FONTS)
            .expect("renders")
            .bytes;
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Type/Outlines"), "no outline");
        // Overview, Details (under Overview), Annex; the unbookmarked heading is left out.
        let root = text.split("/Type/Outlines").nth(1).expect("outline root");
        assert!(
            root.starts_with("/First") && root.contains("/Count 3>>"),
            "{root}"
        );
        assert_eq!(
            text.matches("/Title").count(),
            3 + 1,
            "three items and the info"
        );
        assert_eq!(
            text.matches("/Count 1/Dest").count(),
            1,
            "Overview has one child"
        );
        assert!(text.contains("/PageMode/UseOutlines"));
        assert!(text.contains("/Subject(First line; second line)"));
        assert!(text.contains("/CreationDate(D:20250101000000Z)"));
        assert!(text.contains("/Creator(workplan)"));

        let plain = Document {
            title: "No headings".into(),
            ..Document::default()
        };
        let bytes = render(&plain, &FONTS).expect("renders").bytes;
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("/Outlines") && !text.contains("/PageMode"));
        assert!(
            text.contains("/CreationDate(D:20000101000000Z)"),
            "default date"
        );
    }

    #[test]
    fn numbers_are_written_short() {
        let cases: &[(i32, &str)] = &[
            (0, "0"),
            (100, "1"),
            (1250, "12.5"),
            (1205, "12.05"),
            (-1533, "-15.33"),
            (-5, "-0.05"),
            (59528, "595.28"),
        ];
        for &(v, want) in cases {
            let mut c = Content::default();
            c.num(v);
            assert_eq!(String::from_utf8_lossy(&c.buf), want, "{v}");
        }
        for (face, plane, want) in [(b'R', 0, "R0"), (b'B', 12, "B12"), (b'R', 255, "R255")] {
            let mut name = Vec::new();
            font_resource(&mut name, face, plane);
            assert_eq!(String::from_utf8_lossy(&name), want);
        }
        let mut c = Content::default();
        for byte in [b'a', 0, b'(', b')', b'\\', b'\r', b'\n'] {
            c.string_byte(byte);
        }
        assert_eq!(c.buf, b"a\0\\(\\)\\\\\\r\n");
        let colours: &[(f32, &str)] = &[
            (0.0, "0"),
            (1.0, "1"),
            (0.09, "0.09"),
            (0.5, "0.5"),
            (0.385, "0.385"),
        ];
        for &(v, want) in colours {
            let mut c = Content::default();
            c.fraction(v);
            assert_eq!(String::from_utf8_lossy(&c.buf), want, "{v}");
        }
    }

    #[test]
    fn glyph_tables_agree_with_asking_ttf_parser_for_every_code_point() {
        for face in [&FONTS.regular, &FONTS.bold] {
            let ttf = ttf_parser::Face::parse(&face.data, 0).expect("the face parses");
            for c in (0..=LAST_SCANNED).filter_map(char::from_u32) {
                let want = ttf.glyph_index(c).map_or(0, |g| g.0);
                assert_eq!(face.glyph(c), want, "{c:?} in {}", face.name);
            }
        }
    }

    #[test]
    fn subset_tags_are_six_capitals_that_follow_the_glyphs() {
        let tag = |s: &str| {
            let mut sub = Subset::new(&FONTS.regular, b'R');
            s.chars().for_each(|c| {
                sub.glyph(c);
            });
            sub.tag()
        };
        let a = tag("abc");
        assert!(a.iter().all(u8::is_ascii_uppercase), "{a:?}");
        assert_eq!(a, tag("abcabc"));
        assert_ne!(a, tag("abd"));
    }
}
