use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::process::Command;

use super::super::document::{Block, TextStyle};
use super::super::text::Face;
use super::super::TEST_FONTS as FONTS;
use super::super::{extracted_text, layout, render};
use super::fonts::{font_resource, LAST_SCANNED};
use super::*;

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
        lang: String::new(),
        attachments: Vec::new(),
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
        // Page furniture: one artifact, its rule first.
        let artifact = b"/Artifact <</Type /Pagination>> BDC\n0.74 0.74 0.74 rg\n";
        assert!(footer.starts_with(artifact), "{footer:?}");
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
