//! What makes the file a tagged (PDF/UA-1) and archival (PDF/A-3u) document besides its
//! pages: the structure tree and its parent tree, the XMP metadata with the standards'
//! identifications, the sRGB output intent, and the embedded data files.
//!
//! Each page's parent-tree entry (its structure elements by marked-content id) is
//! written right after the page; the elements themselves, which need all their content,
//! once the last page is out. Elements get their object ids when first needed.

use pdf_writer::types::{AssociationKind, OutputIntentSubtype, StructRole, TableHeaderScope};
use pdf_writer::writers::{Catalog, StructTreeRoot};
use pdf_writer::{Filter, Finish, Name, Ref, Str, TextStr};

use super::super::document::Document;
use super::super::layout::{Role, Structure};
use super::super::PdfError;
use super::{pdf_date, Deflater, FileOut, Ids};

/// The document info's and the XMP's creator tool.
pub(super) const CREATOR: &str = "workplan";
/// The document info's and the XMP's producer.
pub(super) const PRODUCER: &str = "workplan (pdf-writer 0.15)";

/// The sRGB profile of the output intent (Compact ICC Profiles, by Clinton Ingram,
/// CC0: the same file krilla ships): every colour is DeviceRGB, meant as sRGB.
const SRGB: &[u8] = include_bytes!("sRGB-v4.icc");

/// The marked content of the pages written so far.
#[derive(Default)]
pub(super) struct Marks {
    /// (element, page, marked-content id) of every sequence, in page order.
    records: Vec<(u32, u32, u32)>,
    /// The object id of each element that has one yet.
    refs: Vec<Option<Ref>>,
    /// Each page with content and its parent-tree array.
    arrays: Vec<(i32, Ref)>,
}

impl Marks {
    fn element(&mut self, ids: &mut Ids, element: u32) -> Ref {
        let i = element as usize;
        if self.refs.len() <= i {
            self.refs.resize(i + 1, None);
        }
        *self.refs[i].get_or_insert_with(|| ids.next())
    }

    /// Records page `index`'s marked content (its elements by id) and writes its
    /// parent-tree array.
    pub(super) fn page(
        &mut self,
        file: &mut FileOut<'_>,
        ids: &mut Ids,
        index: usize,
        mcids: &[u32],
    ) -> Result<(), PdfError> {
        if mcids.is_empty() {
            return Ok(());
        }
        let page = u32::try_from(index).unwrap_or(u32::MAX);
        let refs: Vec<Ref> = mcids.iter().map(|&e| self.element(ids, e)).collect();
        for (mcid, &e) in mcids.iter().enumerate() {
            self.records
                .push((e, page, u32::try_from(mcid).unwrap_or(u32::MAX)));
        }
        let array = ids.next();
        self.arrays
            .push((i32::try_from(index).unwrap_or(i32::MAX), array));
        file.object(|c| {
            c.indirect(array).array().items(refs);
        })
    }

    /// Writes every element of `structure`, its content on `pages`, and the structure
    /// tree root; returns the root.
    pub(super) fn write_tree(
        mut self,
        file: &mut FileOut<'_>,
        ids: &mut Ids,
        structure: &Structure,
        pages: &[Ref],
    ) -> Result<Ref, PdfError> {
        let root = ids.next();
        let refs: Vec<Ref> = (0..structure.elements.len())
            .map(|i| self.element(ids, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        // Each element's sequences, in page order.
        self.records.sort_by_key(|&(e, _, _)| e);
        let mut records = self.records.as_slice();
        for (i, e) in structure.elements.iter().enumerate() {
            let n = records
                .iter()
                .take_while(|&&(el, _, _)| el as usize == i)
                .count();
            let (own, rest) = records.split_at(n);
            records = rest;
            let parent = if i == 0 {
                root
            } else {
                refs[e.parent as usize]
            };
            file.object(|c| {
                let mut el = c.struct_element(refs[i]);
                el.kind(role(e.role)).parent(parent);
                if let Some(alt) = &e.alt {
                    el.alt(TextStr(alt));
                }
                let scope = match e.role {
                    Role::ThColumn => Some(TableHeaderScope::Column),
                    Role::ThRow => Some(TableHeaderScope::Row),
                    _ => None,
                };
                if let Some(scope) = scope {
                    el.attributes().push().table().scope(scope);
                }
                let first = own.first().and_then(|&(_, p, _)| pages.get(p as usize));
                if let Some(&first) = first {
                    el.page(first);
                }
                if e.kids.is_empty() && own.is_empty() {
                    return;
                }
                let mut kids = el.children();
                for &k in &e.kids {
                    kids.struct_element(refs[k as usize]);
                }
                for &(_, p, mcid) in own {
                    let mcid = i32::try_from(mcid).unwrap_or(i32::MAX);
                    match pages.get(p as usize) {
                        Some(page) if Some(page) != first => {
                            kids.marked_content_ref()
                                .page(*page)
                                .marked_content_id(mcid);
                        }
                        _ => {
                            kids.marked_content_id(mcid);
                        }
                    }
                }
            })?;
        }
        let next_key = i32::try_from(pages.len()).unwrap_or(i32::MAX);
        let arrays = self.arrays;
        file.object(|c| {
            let mut tree = c.indirect(root).start::<StructTreeRoot>();
            if let Some(&doc) = refs.first() {
                tree.child(doc);
            }
            let mut parents = tree.parent_tree();
            let mut nums = parents.nums();
            for &(page, array) in &arrays {
                nums.insert(page, array);
            }
            nums.finish();
            parents.finish();
            tree.parent_tree_next_key(next_key);
        })?;
        Ok(root)
    }
}

/// The standard structure type of `role`.
fn role(role: Role) -> StructRole {
    match role {
        Role::Document => StructRole::Document,
        Role::H1 => StructRole::H1,
        Role::H2 => StructRole::H2,
        Role::H3 => StructRole::H3,
        Role::P => StructRole::P,
        Role::L => StructRole::L,
        Role::LI => StructRole::LI,
        Role::LBody => StructRole::LBody,
        Role::Table => StructRole::Table,
        Role::THead => StructRole::THead,
        Role::TBody => StructRole::TBody,
        Role::TR => StructRole::TR,
        Role::ThColumn | Role::ThRow => StructRole::TH,
        Role::TD => StructRole::TD,
        Role::Figure => StructRole::Figure,
    }
}

/// What the metadata says about the document.
pub(super) struct About<'a> {
    /// The title (also the document info's).
    pub(super) title: &'a str,
    /// The subject (also the document info's).
    pub(super) subject: &'a str,
    /// The language tag.
    pub(super) lang: &'a str,
    /// Creation and modification date, Unix seconds.
    pub(super) created: i64,
    /// The file identifier.
    pub(super) id: [u8; 16],
}

/// The objects the catalog points to for PDF/A: metadata, output intent, data files.
pub(super) struct Archival {
    metadata: Ref,
    profile: Ref,
    /// Each embedded file's name and file specification.
    files: Vec<(String, Ref)>,
}

impl Archival {
    /// Adds the metadata, the output intent and the associated files to the catalog.
    pub(super) fn catalog(&self, cat: &mut Catalog<'_>) {
        cat.metadata(self.metadata);
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(self.profile);
        if self.files.is_empty() {
            return;
        }
        let mut sorted: Vec<&(String, Ref)> = self.files.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        {
            let mut names = cat.names();
            let mut tree = names.embedded_files();
            let mut entries = tree.names();
            for (name, spec) in sorted {
                entries.insert(Str(name.as_bytes()), *spec);
            }
        }
        cat.insert(Name(b"AF"))
            .array()
            .items(self.files.iter().map(|&(_, r)| r));
    }
}

/// Writes the XMP metadata, the sRGB profile and `doc`'s attachments.
pub(super) fn write_archival(
    file: &mut FileOut<'_>,
    ids: &mut Ids,
    deflater: &mut Deflater,
    about: &About<'_>,
    doc: &Document<'_>,
) -> Result<Archival, PdfError> {
    let date = pdf_date(about.created).ok_or(PdfError::Date(about.created))?;
    let metadata = ids.next();
    let xmp = xmp(about);
    file.object(|c| {
        c.metadata(metadata, xmp.as_bytes());
    })?;
    let profile = ids.next();
    file.object(|c| {
        c.icc_profile(profile, SRGB).n(3);
    })?;
    let mut files = Vec::with_capacity(doc.attachments.len());
    for a in &doc.attachments {
        let (stream, spec) = (ids.next(), ids.next());
        let packed = deflater.deflate(a.data)?;
        let size = i32::try_from(a.data.len()).unwrap_or(i32::MAX);
        file.object(|c| {
            let mut ef = c.embedded_file(stream, packed);
            ef.subtype(Name(a.mime.as_bytes()));
            ef.filter(Filter::FlateDecode);
            ef.params().size(size).modification_date(date);
        })?;
        file.object(|c| {
            c.file_spec(spec)
                .path(Str(a.name.as_bytes()))
                .unic_file(TextStr(&a.name))
                .description(TextStr(&a.description))
                .embedded_file_with_unicode(stream)
                .association_kind(AssociationKind::Data);
        })?;
        files.push((a.name.clone(), spec));
    }
    Ok(Archival {
        metadata,
        profile,
        files,
    })
}

/// The XMP packet: Dublin Core title, description and language, the dates, tool and
/// producer (as in the document info), the document id, and the PDF/A-3u and PDF/UA-1
/// identifications, with the extension schema PDF/A asks for the PDF/UA one.
fn xmp(about: &About<'_>) -> String {
    let date = chrono::DateTime::from_timestamp(about.created, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let id: String = about.id.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!(
        "uuid:{}-{}-{}-{}-{}",
        &id[0..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..32]
    );
    let title = escape(about.title);
    let subject = escape(about.subject);
    let lang = escape(about.lang);
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>{uuid}</xmpMM:InstanceID>
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>U</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#
    )
}

/// `s` with XML's special characters escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
