//! The two faces: parsed once (glyph ids, advances, the font descriptor), then for
//! each document cut down to the glyphs it draws and embedded as a CIDFont with one
//! Type0 font per plane of 256 glyphs.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;

use super::super::text::{FaceMetrics, Metrics};
use super::super::PdfError;
use super::{Deflater, FileOut, Ids};

/// The two shipped faces, parsed once and shared by every render (it is `Send + Sync`,
/// so reports can render on several threads).
pub struct Fonts {
    pub(super) regular: FontFace,
    pub(super) bold: FontFace,
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
pub(super) struct FontFace {
    /// The font file, subset anew for each document.
    pub(super) data: Vec<u8>,
    /// The PostScript name, written after the subset tag.
    pub(super) name: String,
    /// Glyph id of each BMP code point; 0 (`.notdef`) where the face has none.
    pub(super) bmp: Box<[u16]>,
    /// Glyph ids of the covered code points above the BMP, sorted.
    pub(super) astral: Vec<(u32, u16)>,
    /// Advance of each glyph, in 1/1000 em (PDF glyph space).
    pub(super) widths: Box<[f32]>,
    /// What the font descriptor says of the face, in 1/1000 em.
    pub(super) descriptor: Descriptor,
}

/// The font descriptor's numbers.
pub(super) struct Descriptor {
    /// [`FontFlags`] bits.
    pub(super) flags: u32,
    pub(super) bbox: Rect,
    pub(super) italic_angle: f32,
    pub(super) ascent: f32,
    pub(super) descent: f32,
    pub(super) cap_height: f32,
    pub(super) stem_v: f32,
}

impl FontFace {
    pub(super) fn parse(
        which: &'static str,
        bytes: &[u8],
    ) -> Result<(FontFace, FaceMetrics), PdfError> {
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
    pub(super) fn glyph(&self, c: char) -> u16 {
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
pub(super) const LAST_SCANNED: u32 = 0x1_FFFF;

/// The font's PostScript name (name id 6), cut to the characters a PDF name and a
/// font name allow; "Font" if it has none.
pub(super) fn postscript_name(ttf: &ttf_parser::Face<'_>) -> String {
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
pub(super) struct Subset<'f> {
    pub(super) face: &'f FontFace,
    /// First letter of the face's font resources (`R0`, `R1`…).
    pub(super) resource: u8,
    /// Planes of 256 glyph ids drawn so far (0 before the first glyph).
    pub(super) planes: usize,
    /// The subset's glyph id of each ASCII character drawn so far, 0 for the others:
    /// most text is ASCII, and this spares two table look-ups.
    pub(super) ascii: [u16; 128],
    /// The subset's glyph id of each of the face's glyph ids; 0 while unused.
    pub(super) new_ids: Vec<u16>,
    pub(super) remapper: GlyphRemapper,
    /// For each subset glyph from 1: the face's glyph id and the character drawn.
    pub(super) used: Vec<(u16, char)>,
}

impl<'f> Subset<'f> {
    pub(super) fn new(face: &'f FontFace, resource: u8) -> Self {
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
    pub(super) fn glyph(&mut self, c: char) -> u16 {
        match self.ascii.get(c as usize) {
            Some(&g) if g != 0 => g,
            _ => self.look_up(c),
        }
    }

    pub(super) fn look_up(&mut self, c: char) -> u16 {
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
    pub(super) fn tag(&self) -> [u8; 6] {
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

/// Writes the CIDFont of `subset` with its descriptor and font program, and for each of
/// its planes a Type0 font with its one-byte encoding and ToUnicode map; adds the Type0
/// fonts to `resources` under their names in the content streams.
pub(super) fn write_font(
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
pub(super) const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The encoding CMap of `plane`: each byte is one code, code `c` is CID
/// `plane * 256 + c`.
pub(super) fn one_byte_cmap(name: &str, plane: usize) -> String {
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
pub(super) fn font_resource(out: &mut Vec<u8>, face: u8, plane: u8) {
    out.push(face);
    if plane >= 100 {
        out.push(b'0' + plane / 100);
    }
    if plane >= 10 {
        out.push(b'0' + plane / 10 % 10);
    }
    out.push(b'0' + plane % 10);
}
