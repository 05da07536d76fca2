//! The look of every page: sizes, margins, faces, colours and the marks' dress.

use super::super::document::Mark;
use super::super::text::Face;

/// Points per millimetre.
pub(super) const MM: f32 = 72.0 / 25.4;
pub(super) const A4_SHORT: f32 = 210.0 * MM;
pub(super) const A4_LONG: f32 = 297.0 * MM;
pub(super) const MARGIN_X: f32 = 15.0 * MM;
pub(super) const MARGIN_TOP: f32 = 15.0 * MM;
/// Content stops here; the footer lives below.
pub(super) const CONTENT_BOTTOM: f32 = 18.0 * MM;
pub(super) const FOOTER_RULE: f32 = 13.0 * MM;
pub(super) const FOOTER_BASELINE: f32 = 9.5 * MM;
/// Baseline of the running head (pages 2+), measured down from the top edge.
pub(super) const HEAD_BASELINE: f32 = 9.5 * MM;
/// DejaVu's cap height in em, used to centre a line of text in its line box.
pub(super) const CAP_HEIGHT: f32 = 0.73;
/// Horizontal and vertical padding inside table cells.
pub(super) const PAD_X: f32 = 3.0;
pub(super) const PAD_Y: f32 = 2.2;
/// Slant of the synthetic oblique (x shift per unit of height).
pub(crate) const OBLIQUE_SKEW: f32 = 0.2;
/// A row taller than what is left of a page is split here only if at least this many
/// of its lines fit; otherwise it moves to the next page.
pub(super) const MIN_SPLIT_LINES: usize = 3;

/// A face at a size, with the distance between baselines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Font {
    pub(super) face: Face,
    pub(super) size: f32,
    pub(super) lh: f32,
}

pub(super) const TITLE: Font = Font {
    face: Face::Bold,
    size: 17.0,
    lh: 21.0,
};
pub(super) const SUBTITLE: Font = Font {
    face: Face::Regular,
    size: 9.0,
    lh: 11.5,
};
pub(super) const H1: Font = Font {
    face: Face::Bold,
    size: 13.5,
    lh: 16.5,
};
pub(super) const H2: Font = Font {
    face: Face::Bold,
    size: 11.0,
    lh: 13.5,
};
pub(super) const BODY: Font = Font {
    face: Face::Regular,
    size: 9.5,
    lh: 12.5,
};
pub(super) const SMALL: Font = Font {
    face: Face::Regular,
    size: 8.0,
    lh: 10.5,
};
pub(super) const CELL: Font = Font {
    face: Face::Regular,
    size: 8.0,
    lh: 9.8,
};
pub(super) const KEY_VALUE: Font = Font {
    face: Face::Regular,
    size: 8.5,
    lh: 10.5,
};
/// Row tags ("CANCELLED", "(tbc)"): bold and small, on the cell's line height.
pub(super) const TAG_SIZE: f32 = 6.5;
pub(super) const CHART: Font = Font {
    face: Face::Regular,
    size: 8.0,
    lh: 12.0,
};
pub(super) const FOOTER: Font = Font {
    face: Face::Regular,
    size: 7.5,
    lh: 9.0,
};

/// An RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub(crate) f32, pub(crate) f32, pub(crate) f32);

pub(super) const INK: Rgb = Rgb(0.1, 0.1, 0.1);
pub(super) const MUTED: Rgb = Rgb(0.4, 0.4, 0.4);
pub(super) const HEADING: Rgb = Rgb(0.09, 0.2, 0.38);
pub(super) const RULE: Rgb = Rgb(0.74, 0.74, 0.74);
pub(super) const RULE_DARK: Rgb = Rgb(0.35, 0.35, 0.35);
pub(super) const HEADER_FILL: Rgb = Rgb(0.85, 0.87, 0.9);
pub(super) const CANCELLED_FILL: Rgb = Rgb(0.99, 0.88, 0.88);
pub(super) const CANCELLED_TAG: Rgb = Rgb(0.66, 0.08, 0.08);
pub(super) const TENTATIVE_FILL: Rgb = Rgb(1.0, 0.94, 0.78);
pub(super) const TENTATIVE_TAG: Rgb = Rgb(0.58, 0.36, 0.0);
pub(super) const BAR: Rgb = Rgb(0.27, 0.44, 0.66);
pub(super) const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

/// Baseline of a line whose box starts at `top`: capitals centred in the box.
pub(super) fn baseline(top: f32, lh: f32, size: f32) -> f32 {
    top - (lh + CAP_HEIGHT * size) / 2.0
}

pub(super) fn row_height(lines: usize, font: Font) -> f32 {
    lines as f32 * font.lh + 2.0 * PAD_Y
}

/// The words the engine itself prints (row tags, page labels), in English or French.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Words {
    #[default]
    English,
    French,
}

impl Words {
    /// The words of a document in `lang` (a BCP 47 tag; English unless French).
    pub(super) fn of(lang: &str) -> Words {
        if lang.get(..2).is_some_and(|l| l.eq_ignore_ascii_case("fr")) {
            Words::French
        } else {
            Words::English
        }
    }

    /// "of" in "Page 1 of 3".
    pub(super) fn page_of(self) -> &'static str {
        match self {
            Words::English => "of",
            Words::French => "sur",
        }
    }

    /// The tag under a marked row's first cell. A French tentative row has none: its
    /// dates, written in words, end "(à confirmer)".
    pub(super) fn mark_tag(self, mark: Mark) -> Option<&'static str> {
        match (mark, self) {
            (Mark::None, _) => None,
            (Mark::Cancelled, Words::English) => Some("CANCELLED"),
            (Mark::Cancelled, Words::French) => Some("ANNULÉE"),
            (Mark::Tentative, Words::English) => Some("(tbc)"),
            (Mark::Tentative, Words::French) => None,
        }
    }
}

pub(super) fn mark_fill(mark: Mark) -> Option<Rgb> {
    match mark {
        Mark::None => None,
        Mark::Cancelled => Some(CANCELLED_FILL),
        Mark::Tentative => Some(TENTATIVE_FILL),
    }
}
