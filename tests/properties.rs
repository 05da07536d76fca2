//! Property tests (proptest) for the parsers that meet hand-written input: no input
//! panics, and their outputs keep their invariants.
//!
//! - dates: the text is kept, start <= end, an unreadable date has no span, a span has
//!   a precision; well-formed dates read as themselves; a date read coarser than the
//!   finest unit its text names always comes with a warning.
//! - names: every partner named is a canonical name of the shipped registry, once; a
//!   list of canonical names reads as those partners.
//! - contacts: a confident address is one lower-case address without spaces; a
//!   well-formed address in a unit name is found.
//! - CSV reader: every record written is a row, numbered in order, or a blank row, and
//!   the layout stage accounts for every row.
//! - slugs: never a path, never empty, bounded, unique within a set.
//! - formula quoting: every cell quoted for a spreadsheet comes back as it was, and no
//!   quoted cell starts like a formula but a number.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use workplan::import::csv as csv_import;
use workplan::layout;
use workplan::model::Precision;
use workplan::model::{neutralise, unneutralise, CellValue};
use workplan::normalise::{contacts, dates, names};
use workplan::registry::PartnerRegistry;
use workplan::report::slug::{slug, SlugSet, MAX_SLUG_LEN};

static REGISTRY: LazyLock<PartnerRegistry> = LazyLock::new(|| {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/input/partners.toml");
    PartnerRegistry::load(std::path::Path::new(path)).expect("the shipped registry reads")
});

/// Text like a hand-written cell: letters, digits, punctuation of dates and lists,
/// accents, whitespace of every kind, and now and then anything at all.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ,;./()&@_+\\-–—'\"éèàôüñçÉ\\n\\r\\t\u{a0}]{0,60}",
        1 => any::<String>(),
    ]
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parts that refine a date, each with the finest unit it names; `{d}` is a day
/// number, `{n}` a small ordinal number, `{m}` a month number.
const REFINERS: &[(&str, Precision)] = &[
    ("", Precision::Year),
    ("{d} ", Precision::Day),
    ("{d}th ", Precision::Day),
    ("{d}-{d} ", Precision::Day),
    ("premier ", Precision::Day),
    ("the first of ", Precision::Day),
    ("third tuesday of ", Precision::Day),
    ("last day of ", Precision::Day),
    ("last friday of ", Precision::Day),
    ("{n}th monday in ", Precision::Day),
    ("week {n} of ", Precision::Day),
    ("{n}rd week of ", Precision::Day),
    ("Tuesdays in ", Precision::Day),
    ("Monday ", Precision::Day),
    ("{d} {m} ", Precision::Day),
    ("{d}/{m}/", Precision::Day),
    ("early ", Precision::Month),
    ("mid-", Precision::Month),
    ("end of ", Precision::Month),
    ("Q{n} ", Precision::Month),
    ("{n}th quarter ", Precision::Month),
    ("quarter ", Precision::Month),
    ("second half of ", Precision::Month),
    ("H{n} ", Precision::Month),
    ("spring ", Precision::Month),
    ("winter ", Precision::Month),
];

fn check_date(text: &str) -> Result<(), TestCaseError> {
    let parsed = dates::parse(text);
    let span = &parsed.span;
    prop_assert_eq!(&span.text, text);
    if let (Some(start), Some(end)) = (span.start, span.end) {
        prop_assert!(start <= end, "{:?}: {} > {}", text, start, end);
    }
    if parsed.issues.contains(&dates::Issue::Unreadable) {
        prop_assert!(span.start.is_none() && span.end.is_none());
    }
    if span.start.is_some() || span.end.is_some() {
        prop_assert!(span.precision.is_some());
    }
    Ok(())
}

proptest! {
    #[test]
    fn a_cell_quoted_for_a_spreadsheet_comes_back_as_it_was(
        cell in prop_oneof![3 => "['=+\\-@\t\r\u{FF1D}0-9.,a ]{0,8}", 1 => cell_text()],
    ) {
        let quoted = neutralise(&cell);
        prop_assert_eq!(unneutralise(&quoted), cell.as_str());
        let formula_start = quoted.starts_with(['=', '+', '-', '@', '\t', '\r', '\u{FF1D}']);
        let digits = quoted.trim_start_matches(['-', '+']);
        let number = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
        prop_assert!(!formula_start || number, "{:?}", quoted);
    }

    #[test]
    fn any_date_text_keeps_the_invariants(text in cell_text()) {
        check_date(&text)?;
    }

    #[test]
    fn date_like_text_keeps_the_invariants(
        a in 0u32..40, b in 0u32..40, m in 0u32..14, y in 1890i32..2110,
        sep in prop::sample::select(vec!["-", "/", " - ", " and ", " to ", "–", " "]),
        month in prop::sample::select(MONTHS.to_vec()),
        tail in prop::sample::select(vec!["", " (tbc)", " TBC", "?", " CANCELLED"]),
    ) {
        for text in [
            format!("{a}{sep}{b}/{m:02}/{y}{tail}"),
            format!("{a}{sep}{b} {month} {y}{tail}"),
            format!("{month}{sep}{} {y}", MONTHS[(b % 12) as usize]),
            format!("{y}{sep}{}{tail}", y + b as i32 - 20),
            format!("Q{m} {y}"),
            format!("{a}/{m}/{y}{sep}{b}/{m}/{y}"),
        ] {
            check_date(&text)?;
        }
    }

    #[test]
    fn a_valid_day_reads_as_itself(day in 1u32..=31, month in 1u32..=12, year in 2000i32..2040) {
        let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
            return Ok(());
        };
        for text in [
            format!("{day:02}/{month:02}/{year}"),
            format!("{day} {} {year}", MONTHS[month as usize - 1]),
            date.format("%Y-%m-%d").to_string(),
        ] {
            let span = dates::parse(&text).span;
            prop_assert_eq!(span.start, Some(date), "{}", text);
            prop_assert_eq!(span.end, Some(date), "{}", text);
            prop_assert_eq!(span.precision, Some(Precision::Day), "{}", text);
        }
    }

    #[test]
    fn a_month_reads_as_its_first_to_last_day(month in 1u32..=12, year in 2000i32..2040) {
        let text = format!("{} {year}", MONTHS[month as usize - 1]);
        let span = dates::parse(&text).span;
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
        prop_assert_eq!(span.start, Some(first));
        let end = span.end.unwrap();
        prop_assert_eq!((end.year(), end.month()), (year, month));
        prop_assert!(end.succ_opt().unwrap().month() != month);
        prop_assert_eq!(span.precision, Some(Precision::Month));
    }

    /// Never silently coarser: a date text made of a base (a month and year, or a
    /// year), perhaps a part that refines it (a day, an ordinal, a weekday rule, a week,
    /// a quarter, a season...) and perhaps a time; whenever the span read is coarser
    /// than the finest unit the text names, the reader raises an issue.
    #[test]
    fn a_date_read_coarser_than_written_is_warned_about(
        base in 0usize..3, refine in 0usize..REFINERS.len(), lead in 0usize..4,
        time in prop::bool::weighted(0.2), tentative in prop::bool::weighted(0.2),
        d in 1u32..=31, m in 1u32..=12, n in 1u32..=5, y in 2015i32..2025,
    ) {
        let month = MONTHS[m as usize - 1];
        let (base_text, base_unit) = match base {
            0 => (format!("{month} {y}"), Precision::Month),
            1 => (format!("{m:02}/{y}"), Precision::Month),
            _ => (format!("{y}"), Precision::Year),
        };
        let (pattern, refine_unit) = REFINERS[refine];
        let refinement = pattern
            .replace("{d}", &d.to_string())
            .replace("{n}", &n.to_string())
            .replace("{m}", &format!("{m:02}"));
        let lead = ["", "le ", "the ", "4 meetings in "][lead];
        let mut text = format!("{lead}{refinement}{base_text}");
        let mut finest = base_unit.min(refine_unit);
        if time {
            text.push_str(" 10:55");
            finest = Precision::Day;
        }
        if tentative {
            text.push_str(" (tbc)");
        }
        let parsed = dates::parse(&text);
        check_date(&text)?;
        if let Some(read) = parsed.span.precision {
            prop_assert!(
                read <= finest || !parsed.issues.is_empty(),
                "{:?} read as {:?} with no warning: {:?}", text, read, parsed
            );
        } else if !parsed.issues.is_empty() {
            prop_assert_eq!(parsed.rule, "unreadable");
        }
    }

    #[test]
    fn any_organisation_cell_names_only_registry_partners_once(cell in cell_text()) {
        check_organisations(&cell)?;
    }

    #[test]
    fn registry_names_mixed_with_noise_name_only_registry_partners(
        picks in prop::collection::vec((0usize..1000, 0usize..1000), 0..6),
        seps in prop::collection::vec(
            prop::sample::select(vec![", ", "; ", " and ", "\n", " / ", " ", " & ", "(", ")", " e.g. "]),
            6,
        ),
        noise in "[a-zA-Z ]{0,12}",
    ) {
        let mut cell = String::new();
        for (i, (p, alias)) in picks.iter().enumerate() {
            let partner = &REGISTRY.partners()[p % REGISTRY.partners().len()];
            let name = if partner.aliases.is_empty() || alias % 2 == 0 {
                partner.name.clone()
            } else {
                partner.aliases[alias % partner.aliases.len()].clone()
            };
            cell.push_str(&name);
            cell.push_str(seps[i]);
            if i == 2 {
                cell.push_str(&noise);
            }
        }
        check_organisations(&cell)?;
    }

    #[test]
    fn a_comma_list_of_canonical_names_reads_as_those_partners(
        picks in prop::collection::vec(0usize..1000, 1..6),
    ) {
        let partners = REGISTRY.partners();
        let mut want: Vec<String> = Vec::new();
        for p in picks {
            let name = &partners[p % partners.len()].name;
            if !want.contains(name) {
                want.push(name.clone());
            }
        }
        let orgs = names::organisations(&want.join(", "), &REGISTRY);
        prop_assert_eq!(&orgs.partners, &want, "{:?}", orgs);
        prop_assert!(orgs.unmatched.is_empty(), "{:?}", orgs);
    }

    #[test]
    fn any_contact_cell_keeps_the_invariants(cell in cell_text()) {
        check_contacts(&cell)?;
    }

    #[test]
    fn a_well_formed_address_in_a_unit_name_is_found(
        first in "[a-z]{1,10}", last in "[a-z]{1,12}", upper in any::<bool>(),
        unit in "[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12}){0,3}",
        domain in prop::sample::select(vec!["coe.int", "example.org", "mail.example.com"]),
        layout in prop::sample::select(vec!["{unit} {addr}", "{unit}\n{addr}", "{addr}", "{unit} – {addr} ", "<u>{addr}</u>"]),
    ) {
        let addr = format!("{first}.{last}@{domain}");
        let written = if upper { addr.to_uppercase() } else { addr.clone() };
        let cell = layout.replace("{unit}", &unit).replace("{addr}", &written);
        let found = contacts::extract(&cell);
        prop_assert_eq!(found.len(), 1, "{:?}: {:?}", cell, found);
        prop_assert_eq!(&found[0].address, &addr);
        prop_assert!(found[0].confident);
        check_contacts(&cell)?;
    }

    #[test]
    fn every_record_of_a_table_is_a_row_or_a_blank_row(
        records in (2usize..6).prop_flat_map(|width| {
            prop::collection::vec(prop::collection::vec(FIELD, width), 0..30)
        }),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        crlf in any::<bool>(),
    ) {
        check_csv_round_trip(&records, delimiter, crlf)?;
    }

    #[test]
    fn every_record_of_a_ragged_comma_file_is_a_row_or_a_blank_row(
        records in prop::collection::vec(prop::collection::vec(FIELD, 1..6), 0..30),
        crlf in any::<bool>(),
    ) {
        check_csv_round_trip(&records, b',', crlf)?;
    }

    #[test]
    fn any_bytes_read_as_csv_account_for_every_row(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..400),
            prop::collection::vec(prop::sample::select(b"ab,;\t|\"\r\n\xe9\xc3\xa9 \0".to_vec()), 0..400),
        ]
    ) {
        if let Ok(file) = csv_import::read("p.csv", &bytes) {
            let sheet = &file.sheets[0];
            let mut last = 0;
            for row in &sheet.rows {
                prop_assert!(row.number > last);
                last = row.number;
            }
            prop_assert!(last <= sheet.row_count);
            let found = layout::tables(sheet);
            prop_assert!(found.counts.balanced(), "{:?}", found.counts);
            prop_assert_eq!(found.counts.rows_read, u64::from(sheet.row_count));
            let placed = found.records.iter().map(|r| r.rows.len() as u64).sum::<u64>();
            prop_assert_eq!(placed, found.counts.record_rows + found.counts.joined_rows);
            prop_assert_eq!(found.rejects.len() as u64, found.counts.rejected_rows);
        }
    }

    #[test]
    fn slugs_are_safe_file_names(name in any::<String>()) {
        check_slug(&slug(&name))?;
    }

    #[test]
    fn path_like_names_make_safe_slugs(
        parts in prop::collection::vec(
            prop::sample::select(vec!["..", ".", "/", "\\", "etc", "passwd", "C:", "CON", "nul", " ", "é", "\0", "~"]),
            0..12,
        ),
    ) {
        check_slug(&slug(&parts.concat()))?;
    }

    #[test]
    fn a_slug_set_never_hands_out_the_same_name_twice(
        names in prop::collection::vec("[a-zA-Z .\\-/]{0,8}", 0..40),
    ) {
        let mut set = SlugSet::new();
        let mut seen = HashSet::new();
        for name in &names {
            let s = set.unique(name);
            prop_assert!(seen.insert(s.clone()), "{:?} twice", s);
            prop_assert!(!s.contains(['/', '\\']) && !s.contains(".."));
        }
    }
}

/// A CSV field: text with quotes and line breaks, but none of the delimiters.
const FIELD: &str = "[a-zA-Z0-9 éü\"\\n\\r.]{0,12}";

/// Writes `records` as CSV with `delimiter`, reads them back, and checks that each is
/// the row of its number (or a blank row), and that the layout stage accounts for all.
fn check_csv_round_trip(
    records: &[Vec<String>],
    delimiter: u8,
    crlf: bool,
) -> Result<(), TestCaseError> {
    let mut bytes = Vec::new();
    {
        let terminator = if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .terminator(terminator)
            .from_writer(&mut bytes);
        for r in records {
            w.write_record(r).unwrap();
        }
    }
    let file = csv_import::read("p.csv", &bytes).unwrap();
    let sheet = &file.sheets[0];
    prop_assert_eq!(sheet.row_count as usize, records.len());
    let blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
    let want: Vec<(u32, Vec<String>)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !blank(r))
        .map(|(i, r)| {
            let mut cells = r.clone();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            (i as u32 + 1, cells)
        })
        .collect();
    let got: Vec<(u32, Vec<String>)> = sheet
        .rows
        .iter()
        .map(|r| (r.number, r.cells.iter().map(CellValue::to_text).collect()))
        .collect();
    prop_assert_eq!(got, want);
    prop_assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    let found = layout::tables(sheet);
    prop_assert!(found.counts.balanced(), "{:?}", found.counts);
    Ok(())
}

fn check_organisations(cell: &str) -> Result<(), TestCaseError> {
    let orgs = names::organisations(cell, &REGISTRY);
    let mut seen = HashSet::new();
    for partner in &orgs.partners {
        prop_assert!(
            REGISTRY.partner(partner).is_some(),
            "{:?}: {:?} is not a canonical name",
            cell,
            partner
        );
        prop_assert!(seen.insert(partner), "{:?}: {:?} twice", cell, partner);
    }
    for name in orgs.unmatched.iter().chain(&orgs.other_organisations) {
        prop_assert!(!name.trim().is_empty(), "{:?}: an empty name", cell);
    }
    Ok(())
}

fn check_contacts(cell: &str) -> Result<(), TestCaseError> {
    for c in contacts::extract(cell) {
        if c.confident {
            let a = &c.address;
            prop_assert_eq!(a.matches('@').count(), 1, "{:?}: {:?}", cell, a);
            prop_assert!(!a.chars().any(char::is_whitespace), "{:?}: {:?}", cell, a);
            prop_assert_eq!(a, &a.to_lowercase());
        }
    }
    let _ = contacts::unit(cell);
    Ok(())
}

fn check_slug(s: &str) -> Result<(), TestCaseError> {
    prop_assert!(!s.is_empty());
    prop_assert!(s.len() <= MAX_SLUG_LEN + "-report".len());
    prop_assert!(
        !s.contains(['/', '\\', '\0']) && !s.contains(".."),
        "{:?}",
        s
    );
    prop_assert!(s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    prop_assert!(!s.starts_with('-') && !s.ends_with('-'));
    let reserved = ["con", "prn", "aux", "nul", "com1", "lpt1"];
    prop_assert!(!reserved.contains(&s), "{:?}", s);
    Ok(())
}
