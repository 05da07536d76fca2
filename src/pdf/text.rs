//! Font metrics as plain lookup tables, and text cleaning against them.
//!
//! A character its font lacks would be drawn as the font's `.notdef` glyph (a blank or
//! a box), without a warning. So every string is cleaned against the face that will
//! draw it before it is measured: characters the face covers pass through, a few
//! typographic ones get an ASCII stand-in, everything else becomes `?` and is counted.
//! The advance widths are read from the font once (when [`Fonts`](super::Fonts) is
//! built) into flat tables, so measuring a word is one array index per character and
//! layout never touches a font parser.

use std::collections::BTreeSet;

/// Marks a code point the face has no glyph for.
const MISSING: u16 = u16::MAX;

/// Last code point scanned for coverage: the Basic and Supplementary Multilingual Planes
/// hold everything a Latin-script font can cover.
const LAST_SCANNED: u32 = 0x1_FFFF;

/// Which of the two shipped faces draws a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    /// DejaVu Sans Condensed.
    Regular,
    /// DejaVu Sans Condensed Bold.
    Bold,
}

/// Advance widths and coverage of one face, in em.
#[derive(Debug, Clone)]
pub(crate) struct FaceMetrics {
    /// Advance in font units for each BMP code point; [`MISSING`] when uncovered.
    bmp: Box<[u16]>,
    /// Covered code points above the BMP with their advances, sorted.
    astral: Vec<(u32, u16)>,
    /// `1 / units_per_em`.
    per_unit: f32,
    /// The face covers all of printable ASCII (`' '..='~'`), so such text needs no
    /// cleaning.
    ascii: bool,
}

impl FaceMetrics {
    /// Builds the tables by asking `advance_of` for every code point up to U+1FFFF;
    /// `None` means the face has no glyph for it.
    pub(crate) fn build(units_per_em: u16, mut advance_of: impl FnMut(u32) -> Option<u16>) -> Self {
        let mut bmp = vec![MISSING; 0x1_0000].into_boxed_slice();
        let mut astral = Vec::new();
        for cp in 0..=LAST_SCANNED {
            if (0xD800..=0xDFFF).contains(&cp) {
                continue;
            }
            // A real advance of 65535 units would read as "missing": clamp it.
            let Some(advance) = advance_of(cp).map(|a| a.min(MISSING - 1)) else {
                continue;
            };
            match bmp.get_mut(cp as usize) {
                Some(slot) => *slot = advance,
                None => astral.push((cp, advance)),
            }
        }
        let ascii = (0x20..=0x7E).all(|cp| bmp[cp] != MISSING);
        FaceMetrics {
            bmp,
            astral,
            per_unit: 1.0 / f32::from(units_per_em.max(1)),
            ascii,
        }
    }

    /// Advance of `c` in em, `None` when the face lacks it.
    #[inline]
    pub(crate) fn advance(&self, c: char) -> Option<f32> {
        let cp = c as u32;
        let units = match self.bmp.get(cp as usize) {
            Some(&u) if u != MISSING => u,
            Some(_) => return None,
            None => {
                let i = self.astral.binary_search_by_key(&cp, |&(k, _)| k).ok()?;
                self.astral[i].1
            }
        };
        Some(f32::from(units) * self.per_unit)
    }

    /// Whether the face has a glyph for `c`.
    #[inline]
    pub(crate) fn covers(&self, c: char) -> bool {
        self.advance(c).is_some()
    }

    /// Width of `s` in em; characters the face lacks count as zero (cleaned text has none).
    #[inline]
    pub(crate) fn width(&self, s: &str) -> f32 {
        s.chars().map(|c| self.advance(c).unwrap_or(0.0)).sum()
    }
}

/// Metrics of both shipped faces.
#[derive(Debug, Clone)]
pub(crate) struct Metrics {
    /// The regular face.
    pub(crate) regular: FaceMetrics,
    /// The bold face.
    pub(crate) bold: FaceMetrics,
}

impl Metrics {
    /// The metrics of `face`.
    #[inline]
    pub(crate) fn face(&self, face: Face) -> &FaceMetrics {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }
}

/// Cleans text against a face and counts what it had to replace.
#[derive(Debug, Default)]
pub(crate) struct Cleaner {
    /// Characters replaced because the face lacks them (each occurrence).
    pub(crate) missing: usize,
    /// The distinct characters behind `missing`.
    pub(crate) missing_chars: BTreeSet<char>,
}

impl Cleaner {
    /// Appends `text` to `out` in a form `face` can draw: line breaks become `\n`, other
    /// spacing a plain space (no-break spaces stay, so they keep words together),
    /// invisible characters are dropped, and characters the face lacks become a close
    /// substitute or `?`.
    ///
    /// Runs of printable ASCII, most of any text, are copied whole when the face covers
    /// them, instead of a character at a time as [`Self::clean_char`] would: measured
    /// at 10,000 rows with PDFs, 10.5 against 12.5 billion instructions for the whole
    /// run. A property test checks it against the character-by-character form.
    pub(crate) fn clean_into(&mut self, face: &FaceMetrics, text: &str, out: &mut String) {
        out.reserve(text.len());
        let mut prev_cr = false;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let plain = if face.ascii {
                rest.bytes()
                    .position(|b| !(0x20..=0x7E).contains(&b))
                    .unwrap_or(rest.len())
            } else {
                0
            };
            if plain > 0 {
                out.push_str(&rest[..plain]);
                rest = &rest[plain..];
                prev_cr = false;
                continue;
            }
            rest = &rest[c.len_utf8()..];
            self.clean_char(face, c, &mut prev_cr, out);
        }
    }

    /// [`Self::clean_into`] the plain way, a character at a time: the reference its
    /// shortcut is tested against.
    #[cfg(test)]
    fn clean_by_char(&mut self, face: &FaceMetrics, text: &str, out: &mut String) {
        let mut prev_cr = false;
        for c in text.chars() {
            self.clean_char(face, c, &mut prev_cr, out);
        }
    }

    /// Appends `c` cleaned for `face`; `prev_cr` says whether the character before was
    /// a carriage return (a line feed after one adds nothing), and is updated.
    fn clean_char(&mut self, face: &FaceMetrics, c: char, prev_cr: &mut bool, out: &mut String) {
        let was_cr = std::mem::replace(prev_cr, c == '\r');
        match c {
            '\n' if was_cr => {}
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' if face.covers(c) => out.push(c),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            // Invisible: soft hyphen, zero-width characters, byte order mark.
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c if face.covers(c) => out.push(c),
            c => {
                self.missing += 1;
                self.missing_chars.insert(c);
                match substitute(c) {
                    Some(s) if s.chars().all(|s| face.covers(s)) => out.push_str(s),
                    _ => out.push('?'),
                }
            }
        }
    }
}

/// An ASCII stand-in for a typographic character a font may lack.
fn substitute(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2043}' => "-",
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{2039}' => "<",
        '\u{203A}' => ">",
        '\u{00AB}' => "<<",
        '\u{00BB}' => ">>",
        '\u{2026}' => "...",
        '\u{2022}' | '\u{2023}' | '\u{25CF}' | '\u{00B7}' => "*",
        '\u{20AC}' => "EUR",
        '\u{2122}' => "TM",
        '\u{00A9}' => "(c)",
        '\u{00AE}' => "(R)",
        '\u{2192}' => "->",
        '\u{2190}' => "<-",
        '\u{2264}' => "<=",
        '\u{2265}' => ">=",
        '\u{00D7}' => "x",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A face covering ASCII and Latin-1 only, every glyph 500 units wide of 1000.
    fn latin1() -> FaceMetrics {
        FaceMetrics::build(1000, |cp| (0x20..0x100).contains(&cp).then_some(500))
    }

    #[test]
    fn advance_and_width() {
        let f = latin1();
        assert_eq!(f.advance('a'), Some(0.5));
        assert_eq!(f.advance('\u{0107}'), None);
        assert_eq!(f.width("abcd"), 2.0);
        assert!(!f.covers('\u{1F600}'));
    }

    #[test]
    fn a_character_the_face_lacks_measures_nothing() {
        let f = FaceMetrics::build(1000, |cp| (cp != u32::from(b'q')).then_some(250));
        assert_eq!(f.width("quiz"), f.width("uiz"));
        assert_eq!(f.width("uiz"), 0.75);
        assert_eq!(f.width(""), 0.0);
    }

    #[test]
    fn astral_code_points_are_found() {
        let f = FaceMetrics::build(2048, |cp| (cp == 0x1D400 || cp == 0x41).then_some(1024));
        assert_eq!(f.advance('\u{1D400}'), Some(0.5));
        assert_eq!(f.advance('A'), Some(0.5));
        assert_eq!(f.advance('\u{1D401}'), None);
    }

    #[test]
    fn cleaning() {
        // (input, expected output, missing count) on a Latin-1-only face.
        let cases: &[(&str, &str, usize)] = &[
            ("Telefónica", "Telefónica", 0),
            ("Pejčinović Burić", "Pej?inovi? Buri?", 3),
            ("2019–2020", "2019-2020", 1),
            ("\u{201C}quoted\u{201D}", "\"quoted\"", 2),
            ("a\r\nb\rc\nd", "a\nb\nc\nd", 0),
            ("tab\there", "tab here", 0),
            ("no\u{00A0}break", "no\u{00A0}break", 0),
            ("soft\u{00AD}hyphen\u{200B}", "softhyphen", 0),
            ("bell\u{7}", "bell", 0),
            ("emoji \u{1F600}", "emoji ?", 1),
            ("wait\u{2026}", "wait...", 1),
        ];
        let f = latin1();
        for &(input, want, missing) in cases {
            let mut c = Cleaner::default();
            let mut out = String::new();
            c.clean_into(&f, input, &mut out);
            assert_eq!(out, want, "input {input:?}");
            assert_eq!(c.missing, missing, "input {input:?}");
        }
    }

    #[test]
    fn a_face_lacking_printable_ascii_is_cleaned_character_by_character() {
        let f = FaceMetrics::build(1000, |cp| (cp != 'x' as u32).then_some(500));
        let mut c = Cleaner::default();
        let mut out = String::new();
        c.clean_into(&f, "max\r\nbox", &mut out);
        assert_eq!(out, "ma?\nbo?");
        assert_eq!(c.missing, 2);
    }

    proptest::proptest! {
        #[test]
        fn ascii_runs_are_cleaned_as_character_by_character(
            text in "[ -~\r\n\t\u{0}\u{7f}\u{a0}\u{ad}\u{200b}\u{2028}éćč–“”…€\u{4e2d}\u{1f600}]{0,40}",
        ) {
            static LATIN1: std::sync::LazyLock<FaceMetrics> = std::sync::LazyLock::new(latin1);
            for face in [&*LATIN1, &crate::pdf::TEST_FONTS.metrics.regular] {
                let (mut fast, mut plain) = (Cleaner::default(), Cleaner::default());
                let (mut a, mut b) = (String::from("kept "), String::from("kept "));
                fast.clean_into(face, &text, &mut a);
                plain.clean_by_char(face, &text, &mut b);
                proptest::prop_assert_eq!(&a, &b);
                proptest::prop_assert_eq!(fast.missing, plain.missing);
                proptest::prop_assert_eq!(&fast.missing_chars, &plain.missing_chars);
            }
        }
    }

    #[test]
    fn distinct_missing_characters_are_collected() {
        let f = latin1();
        let mut c = Cleaner::default();
        let mut out = String::new();
        c.clean_into(&f, "ččć", &mut out);
        assert_eq!(c.missing, 3);
        assert_eq!(
            c.missing_chars.iter().copied().collect::<Vec<_>>(),
            vec!['ć', 'č']
        );
    }
}
