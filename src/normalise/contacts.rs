//! E-mail addresses of contact points, repaired from PDF and Word extraction damage.
//!
//! A contact cell holds unit names and addresses side by side ("Media and Internet
//! Division  charlotte.altenhoener- dion@coe.int"), and extraction breaks addresses:
//! spaces inside the domain ("coe .int", "coe.in  t", "co e.int"), "_" for "."
//! ("coe _int"), a line-wrap hyphen in the name ("altenhoener- dion"), HTML markup
//! ("<u>...</u>"), a cut-short domain ("coe."). This module owns finding and repairing
//! them, and the unit name left over.
//!
//! Each address is found from its "@" outwards. A join across whitespace is made only
//! when the result is a well-formed address ending in a known top-level domain, so the
//! words of a unit name are never swallowed; whatever cannot be repaired with confidence
//! is kept as written and flagged for review rather than guessed.

use crate::text;

/// One e-mail address found in a contact cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The address, repaired and lower-cased; as written (trimmed) when not `confident`.
    pub address: String,
    /// The text the address was read from, as written in the cell.
    pub as_written: String,
    /// What was repaired ("spaces removed from the domain"), if anything.
    pub repair: Option<&'static str>,
    /// Whether `address` is a well-formed address repaired only in safe ways.
    pub confident: bool,
}

/// Extracts every e-mail address from a contact cell, repairs the damage of PDF/Word
/// extraction and lower-cases it.
///
/// An address that cannot be repaired with confidence keeps `address` = as written
/// (trimmed) and `confident` = false. Addresses repeated in the cell are given once, in
/// first-seen order.
pub fn extract(cell: &str) -> Vec<Contact> {
    if !cell.contains(['@', '&']) {
        return Vec::new();
    }
    let chars = prepare(cell);
    let mut out: Vec<Contact> = Vec::new();
    for found in scan(&chars, cell) {
        if !out.iter().any(|c| c.address == found.contact.address) {
            out.push(found.contact);
        }
    }
    out
}

/// The cell's text with the addresses removed and whitespace collapsed (the unit name),
/// or `None` when nothing is left.
///
/// Text between two addresses is a second unit: "GREVIO Secretariat – a@coe.int
/// Gender Equality Division  b@coe.int" gives "GREVIO Secretariat; Gender Equality
/// Division".
pub fn unit(cell: &str) -> Option<String> {
    let chars = prepare(cell);
    let found = scan(&chars, cell);
    let mut units: Vec<String> = Vec::new();
    let mut from = 0;
    let spans = found
        .iter()
        .map(|f| f.span.clone())
        .chain(std::iter::once(chars.len()..chars.len()));
    for span in spans {
        let segment: String = chars[from..span.start].iter().map(|c| c.c).collect();
        from = span.end;
        let name = unit_text(&segment);
        if !name.is_empty() && !units.contains(&name) {
            units.push(name);
        }
    }
    (!units.is_empty()).then(|| units.join("; "))
}

/// A piece of a cell between addresses, without separators and "mailto:" labels.
fn unit_text(segment: &str) -> String {
    let is_sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ';' | ','
                    | ':'
                    | '-'
                    | '\u{2013}'
                    | '\u{2014}'
                    | '/'
                    | '|'
                    | '<'
                    | '>'
                    | '('
                    | ')'
                    | '['
                    | ']'
            )
    };
    let mut s = segment.trim_matches(is_sep);
    for label in ["mailto", "e-mail", "email", "mail"] {
        let cut = s.len().saturating_sub(label.len());
        // A label is ASCII: a cut inside a character cannot end with one.
        if !s.is_char_boundary(cut) {
            continue;
        }
        let at_boundary = s[..cut]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if at_boundary && s[cut..].eq_ignore_ascii_case(label) {
            s = s[..cut].trim_matches(is_sep);
        }
    }
    text::clean(s).text
}

/// One address found: where it lies in the prepared characters, and what it is.
struct Found {
    span: std::ops::Range<usize>,
    contact: Contact,
}

/// A character of the cell once markup is gone, with its byte range in the cell.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    start: usize,
    end: usize,
}

/// The cell as characters with HTML tags replaced by a space (the address in a
/// "mailto:" link kept), common entities decoded and invisible characters dropped.
fn prepare(cell: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(cell.len());
    let mut i = 0;
    while let Some(c) = cell[i..].chars().next() {
        let len = c.len_utf8();
        if c == '<' {
            if let Some(tag_len) = html_tag_len(&cell[i..]) {
                let tag = &cell[i..i + tag_len];
                out.push(Ch {
                    c: ' ',
                    start: i,
                    end: i,
                });
                if let Some(at) = find_ignore_case(tag, "mailto:") {
                    let from = i + at + "mailto:".len();
                    for (j, m) in cell[from..i + tag_len].char_indices() {
                        if m.is_whitespace() || matches!(m, '"' | '\'' | '>' | '?') {
                            break;
                        }
                        out.push(Ch {
                            c: m,
                            start: from + j,
                            end: from + j + m.len_utf8(),
                        });
                    }
                    out.push(Ch {
                        c: ' ',
                        start: i + tag_len,
                        end: i + tag_len,
                    });
                }
                i += tag_len;
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, entity_len)) = entity(&cell[i..]) {
                out.push(Ch {
                    c: decoded,
                    start: i,
                    end: i + entity_len,
                });
                i += entity_len;
                continue;
            }
        }
        if !matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}') {
            let c = if c.is_control() { ' ' } else { c };
            out.push(Ch {
                c,
                start: i,
                end: i + len,
            });
        }
        i += len;
    }
    out
}

/// The length of the HTML tag at the start of `s` ("<u>", "</u>", "<a href=...>").
/// "<a.b@coe.int>" is an address in angle brackets, not a tag.
fn html_tag_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix('<')?;
    let name = body.strip_prefix('/').unwrap_or(body);
    let name_len = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    if name_len == 0 || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = name[name_len..].chars().next()?;
    if !(after.is_whitespace() || after == '>' || after == '/') {
        return None;
    }
    let close = s.find('>')?;
    // A stray "<" before the ">" means this was not a tag.
    (!s[1..close].contains('<')).then_some(close + 1)
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The character of the HTML entity at the start of `s`, and the entity's length.
fn entity(s: &str) -> Option<(char, usize)> {
    const ENTITIES: &[(&str, char)] = &[
        ("&nbsp;", ' '),
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&#39;", '\''),
        ("&#64;", '@'),
        ("&#x40;", '@'),
    ];
    ENTITIES.iter().find_map(|(name, c)| {
        let n = s.get(..name.len())?;
        n.eq_ignore_ascii_case(name).then_some((*c, name.len()))
    })
}

/// Characters of the part before "@".
fn is_local(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

/// Characters of the part after "@", "_" included (read as ".").
fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_')
}

const SPACES: u8 = 1;
const UNDERSCORE: u8 = 2;
const HYPHEN: u8 = 4;

/// The repair phrase for each combination of repairs.
const REPAIRS: [Option<&str>; 8] = [
    None,
    Some("spaces removed from the domain"),
    Some("\"_\" read as \".\" in the domain"),
    Some("spaces removed from the domain; \"_\" read as \".\""),
    Some("line-wrap hyphen joined in the name"),
    Some("line-wrap hyphen joined in the name; spaces removed from the domain"),
    Some("line-wrap hyphen joined in the name; \"_\" read as \".\" in the domain"),
    Some(
        "line-wrap hyphen joined in the name; spaces removed from the domain; \"_\" read as \".\"",
    ),
];

/// Top-level domains that a join across a space may end in. Any alphabetic top-level
/// domain is accepted in an address that needed no join.
const KNOWN_TLDS: &[&str] = &[
    "int", "org", "com", "net", "edu", "gov", "eu", "info", "io", "ai", "co", "al", "ad", "am",
    "at", "az", "ba", "be", "bg", "by", "ca", "ch", "cy", "cz", "de", "dk", "ee", "es", "fi", "fr",
    "ge", "gr", "hr", "hu", "ie", "is", "it", "jp", "li", "lt", "lu", "lv", "mc", "md", "me", "mk",
    "mt", "nl", "no", "pl", "pt", "ro", "rs", "ru", "se", "si", "sk", "sm", "tr", "ua", "uk", "us",
];

/// Domains whose prefixes are known truncations ("coe.in" is "coe.int" cut short).
const KNOWN_DOMAINS: &[&str] = &["coe.int"];

/// Finds every address in the prepared characters, left to right.
fn scan(chars: &[Ch], cell: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut floor = 0;
    let mut at = 0;
    while at < chars.len() {
        if chars[at].c != '@' {
            at += 1;
            continue;
        }
        let Some(local) = scan_local(chars, at, floor) else {
            at += 1;
            continue;
        };
        let domain = scan_domain(chars, at + 1);
        let mut repairs = local.repairs | domain.repairs;
        let local_text: String = chars[local.start..at]
            .iter()
            .map(|c| c.c)
            .filter(|c| !c.is_whitespace())
            .collect();
        let mut domain_text = domain.text.replace('_', ".");
        if domain_text != domain.text {
            repairs |= UNDERSCORE;
        }
        let mut end = domain.end;
        // A full stop closing a sentence is not part of the address; "coe." is cut short.
        let bare = domain_text.trim_end_matches(['.', '-']);
        if bare.len() != domain_text.len() && valid_domain(bare) {
            end -= domain_text.len() - bare.len();
            domain_text.truncate(bare.len());
        }
        let written_from = local.refused_from.unwrap_or(local.start);
        let as_written = cell[chars[written_from].start..chars[end - 1].end].to_string();
        let truncated = KNOWN_DOMAINS.iter().any(|k| {
            k.len() > domain_text.len() && k.starts_with(&domain_text.to_ascii_lowercase())
        });
        let confident = local.refused_from.is_none()
            && !truncated
            && valid_local(&local_text)
            && valid_domain(&domain_text);
        let contact = if confident {
            Contact {
                address: format!("{local_text}@{domain_text}").to_lowercase(),
                as_written,
                repair: REPAIRS[usize::from(repairs & 7)],
                confident,
            }
        } else {
            Contact {
                address: as_written.trim().to_string(),
                as_written,
                repair: None,
                confident,
            }
        };
        found.push(Found {
            span: written_from..end,
            contact,
        });
        floor = end;
        at = end.max(at + 1);
    }
    found
}

/// The part before an "@": where it starts, what was repaired, and where a line-wrap
/// hyphen that was not safe to join begins.
struct Local {
    start: usize,
    repairs: u8,
    refused_from: Option<usize>,
}

/// Scans left from the "@" at `at`, not past `floor` (the end of the previous address).
/// `None` when there is no name before the "@" ("@CoE").
fn scan_local(chars: &[Ch], at: usize, floor: usize) -> Option<Local> {
    let mut start = at;
    let mut repairs = 0;
    let mut refused_from = None;
    loop {
        while start > floor && is_local(chars[start - 1].c) {
            start -= 1;
        }
        // "altenhoener- dion@": a letter, a hyphen, whitespace, then this piece.
        if start == at || !chars[start].c.is_alphabetic() {
            break;
        }
        let mut gap = start;
        while gap > floor && chars[gap - 1].c.is_whitespace() {
            gap -= 1;
        }
        if gap == start
            || gap < floor + 2
            || chars[gap - 1].c != '-'
            || !chars[gap - 2].c.is_alphabetic()
        {
            break;
        }
        let mut head = gap - 1;
        while head > floor && is_local(chars[head - 1].c) {
            head -= 1;
        }
        // The piece before the hyphen is part of the address only if it looks like one
        // ("kopaci-" after "liri.") or starts after a separator ("t; Ahmet-"); otherwise
        // it may be a unit name ("Secretariat- john@").
        let dotted = chars[head..gap].iter().any(|c| c.c == '.');
        if dotted || starts_after_separator(chars, head, floor) {
            start = head;
            repairs |= HYPHEN;
        } else {
            refused_from = Some(head);
            break;
        }
    }
    while start < at && !chars[start].c.is_alphanumeric() {
        start += 1;
    }
    (start < at).then_some(Local {
        start,
        repairs,
        refused_from,
    })
}

/// Whether position `i` follows a separator: the start, punctuation, two spaces or a
/// line break.
fn starts_after_separator(chars: &[Ch], i: usize, floor: usize) -> bool {
    let is_sep = |c: char| matches!(c, ';' | ',' | ':' | '<' | '(' | '[' | '/' | '|' | '"');
    let mut k = i;
    let mut spaces = 0;
    while k > floor && chars[k - 1].c.is_whitespace() {
        if chars[k - 1].c != ' ' {
            return true;
        }
        spaces += 1;
        k -= 1;
    }
    k == floor || spaces >= 2 || is_sep(chars[k - 1].c)
}

/// The part after an "@" with the joins made, in cell characters (`_` not yet read).
struct Domain {
    text: String,
    end: usize,
    repairs: u8,
}

/// Scans right from `from`, joining pieces split by whitespace where the join gives a
/// well-formed domain ending in a known top-level domain.
fn scan_domain(chars: &[Ch], from: usize) -> Domain {
    let run = |from: usize| {
        let mut end = from;
        while end < chars.len() && is_domain(chars[end].c) {
            end += 1;
        }
        end
    };
    let mut end = run(from);
    let mut text: String = chars[from..end].iter().map(|c| c.c).collect();
    let mut repairs = 0;
    loop {
        let mut next = end;
        while next < chars.len() && chars[next].c.is_whitespace() {
            next += 1;
        }
        let next_end = run(next);
        // No whitespace, nothing after it, or the next piece is the name of another
        // address.
        if next == end || next_end == next || chars.get(next_end).is_some_and(|c| c.c == '@') {
            break;
        }
        let piece: String = chars[next..next_end].iter().map(|c| c.c).collect();
        if !joins(&text, &piece) {
            break;
        }
        text.push_str(&piece);
        end = next_end;
        repairs |= SPACES;
    }
    Domain { text, end, repairs }
}

/// Whether `piece`, after whitespace, continues the domain `so_far`.
fn joins(so_far: &str, piece: &str) -> bool {
    let so_far = so_far.replace('_', ".");
    let piece_n = piece.replace('_', ".");
    // A lower-case piece does not continue an upper-case domain, nor the reverse.
    if piece.chars().any(char::is_uppercase) && so_far.chars().any(char::is_lowercase) {
        return false;
    }
    let joined = format!("{so_far}{piece_n}");
    let joined_ok = || {
        let bare = joined.trim_end_matches('.');
        valid_domain(bare) && KNOWN_TLDS.contains(&last_label(bare).to_ascii_lowercase().as_str())
    };
    let last = last_label(&so_far);
    let incomplete = !so_far.contains('.') || so_far.ends_with('.');
    if incomplete {
        // "coe .int", "coe. int", "co e.int", "coe _int".
        joined_ok()
    } else if piece_n.starts_with('.') {
        // "ec.europa .eu".
        !KNOWN_TLDS.contains(&last.to_ascii_lowercase().as_str()) && joined_ok()
    } else {
        // "coe.in  t": the piece completes the top-level domain.
        (1..=3).contains(&piece.len())
            && piece.chars().all(|c| c.is_ascii_lowercase())
            && KNOWN_TLDS.contains(&format!("{last}{piece}").to_ascii_lowercase().as_str())
    }
}

fn last_label(domain: &str) -> &str {
    domain.rsplit('.').next().unwrap_or(domain)
}

/// A dot-atom local part (RFC 5322), ASCII.
fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
}

/// A host name of two labels or more, ending in an alphabetic top-level domain.
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (cell, addresses, unconfident as written)
    const CELLS: &[(&str, &[&str], &[&str])] = &[
        (
            "Co-secretaries of the CAHAI  clementina.barbaro@coe .int livia.stoica@coe.int",
            &["clementina.barbaro@coe.int", "livia.stoica@coe.int"],
            &[],
        ),
        (
            "Secretariat of the As/POL  Pavel.Chevtchenko@coe _int",
            &["pavel.chevtchenko@coe.int"],
            &[],
        ),
        (
            "Secretariat of the As/POL  Pavel.Chevtchenko@coe _int\nVasileios.Giannias@coe. int",
            &["pavel.chevtchenko@coe.int", "vasileios.giannias@coe.int"],
            &[],
        ),
        (
            "Education Policy Division  Michael.remmert@coe.in  t; Ahmet- murat.kilic@coe.int",
            &["michael.remmert@coe.int", "ahmet-murat.kilic@coe.int"],
            &[],
        ),
        (
            "Media and Internet Division  charlotte.altenhoener- dion@coe.int",
            &["charlotte.altenhoener-dion@coe.int"],
            &[],
        ),
        (
            "PACE Committee on Equality and Non- Discrimination secretariat  liri.kopaci- dimichele@coe.int  sarah.burton@coe.int",
            &["liri.kopaci-dimichele@coe.int", "sarah.burton@coe.int"],
            &[],
        ),
        (
            "Children's Rights Division  Regina.jensdottir@coe.in t",
            &["regina.jensdottir@coe.int"],
            &[],
        ),
        ("Vasileios.Giannias@coe. int", &["vasileios.giannias@coe.int"], &[]),
        (
            "CDPC Secretariat  Carlo.chiaromonte@coe.",
            &["Carlo.chiaromonte@coe."],
            &["Carlo.chiaromonte@coe."],
        ),
        (
            "CDPC Secretariat\nCarlo.chiaromonte@coe.",
            &["Carlo.chiaromonte@coe."],
            &["Carlo.chiaromonte@coe."],
        ),
        (
            "Cybercrime division <u>Alexander.seger@coe.int</u>",
            &["alexander.seger@coe.int"],
            &[],
        ),
        (
            "GREVIO Secretariat – Johanna.Nelles@coe.int  Gender Equality Division  Caterina.Bolognese@co e.int",
            &["johanna.nelles@coe.int", "caterina.bolognese@coe.int"],
            &[],
        ),
        (
            "Media and Internet Division/Anti- Discrimination  charlotte.altenhoener- dion@coe.int menno.ettema@coe.int",
            &["charlotte.altenhoener-dion@coe.int", "menno.ettema@coe.int"],
            &[],
        ),
        ("GRETA Secretariat <u>Lilia.kolombet@coe.int</u>", &["lilia.kolombet@coe.int"], &[]),
        (
            "Democratic Governance Division  sonia.sirtori@coe.int  judith.orland@coe.int",
            &["sonia.sirtori@coe.int", "judith.orland@coe.int"],
            &[],
        ),
        ("Media and Internet Division Urska.Umek@coe.int", &["urska.umek@coe.int"], &[]),
        (
            "Children's Rights Division  Lanzarote Committee  regina.jensdottir@coe.int  gioia.scappucci@coe.int",
            &["regina.jensdottir@coe.int", "gioia.scappucci@coe.int"],
            &[],
        ),
        ("CEPEJ Secretariat  muriel.decot@coe.int", &["muriel.decot@coe.int"], &[]),
        (
            "PACE Committee on Legal Affairs and Human Rights  David.Milner@coe.int",
            &["david.milner@coe.int"],
            &[],
        ),
        ("Data Protection Unit  Peter.Kimpian@coe.int", &["peter.kimpian@coe.int"], &[]),
        ("e-mail: digital.partnership@coe.int", &["digital.partnership@coe.int"], &[]),
        ("mailto:Sophie.Kwasny@coe.int", &["sophie.kwasny@coe.int"], &[]),
        ("Data Protection Unit <Sophie.Kwasny@coe.int>", &["sophie.kwasny@coe.int"], &[]),
        (
            "<a href=\"mailto:Alexander.Seger@coe.int\">Alexander Seger</a>",
            &["alexander.seger@coe.int"],
            &[],
        ),
        (
            "<a href=\"mailto:a.b@coe.int\">a.b@coe.int</a>; A.B@coe.int",
            &["a.b@coe.int"],
            &[],
        ),
        ("Contact: a.b@coe.int.", &["a.b@coe.int"], &[]),
        ("a.b&#64;coe.int", &["a.b@coe.int"], &[]),
        // The unit name is never swallowed.
        ("Division  charlotte@coe .int", &["charlotte@coe.int"], &[]),
        ("a.b@coe.int  Gender Equality Division", &["a.b@coe.int"], &[]),
        ("a.b@coe. and more", &["a.b@coe."], &["a.b@coe."]),
        // A line-wrap hyphen after a unit name is not joined, and the address is doubtful.
        ("Data Protection Secretariat- john@coe.int", &["Secretariat- john@coe.int"], &["Secretariat- john@coe.int"]),
        ("Michael.remmert@coe.in", &["Michael.remmert@coe.in"], &["Michael.remmert@coe.in"]),
        ("someone@example", &["someone@example"], &["someone@example"]),
        ("Follow @CoE on Twitter", &[], &[]),
        ("CDPC Secretariat", &[], &[]),
        ("", &[], &[]),
    ];

    #[test]
    fn a_unit_name_ending_in_accented_letters_is_kept() {
        // Found by the property tests: a label search cut inside a character.
        assert_eq!(unit("ñ+\r0").as_deref(), Some("ñ+ 0"));
        assert_eq!(unit("Unité é").as_deref(), Some("Unité é"));
        assert_eq!(
            unit("Division de la société e-mail: a@coe.int").as_deref(),
            Some("Division de la société")
        );
    }

    #[test]
    fn extract_repairs_seed_forms() {
        for (cell, want, doubtful) in CELLS {
            let got = extract(cell);
            let addresses: Vec<&str> = got.iter().map(|c| c.address.as_str()).collect();
            assert_eq!(addresses, *want, "extract({cell:?})");
            let unsure: Vec<&str> = got
                .iter()
                .filter(|c| !c.confident)
                .map(|c| c.address.as_str())
                .collect();
            assert_eq!(unsure, *doubtful, "doubtful in extract({cell:?})");
        }
    }

    #[test]
    fn extract_names_repairs_and_keeps_text_as_written() {
        // (cell, as written, repair)
        let rows: &[(&str, &str, Option<&str>)] = &[
            (
                "X  clementina.barbaro@coe .int",
                "clementina.barbaro@coe .int",
                REPAIRS[1],
            ),
            (
                "X  Pavel.Chevtchenko@coe _int",
                "Pavel.Chevtchenko@coe _int",
                REPAIRS[3],
            ),
            (
                "Pavel.Chevtchenko@coe_int",
                "Pavel.Chevtchenko@coe_int",
                REPAIRS[2],
            ),
            (
                "X  Michael.remmert@coe.in  t; Y",
                "Michael.remmert@coe.in  t",
                REPAIRS[1],
            ),
            (
                "t; Ahmet- murat.kilic@coe.int",
                "Ahmet- murat.kilic@coe.int",
                REPAIRS[4],
            ),
            (
                "X  charlotte.altenhoener- dion@coe.in t",
                "charlotte.altenhoener- dion@coe.in t",
                REPAIRS[5],
            ),
            (
                "Cybercrime division <u>Alexander.seger@coe.int</u>",
                "Alexander.seger@coe.int",
                None,
            ),
            ("Contact: a.b@coe.int.", "a.b@coe.int", None),
        ];
        for (cell, written, repair) in rows {
            let got = extract(cell);
            assert_eq!(got.len(), 1, "extract({cell:?})");
            assert_eq!(got[0].as_written, *written, "as written in {cell:?}");
            assert_eq!(got[0].repair, *repair, "repair of {cell:?}");
            assert!(got[0].confident, "confidence in {cell:?}");
        }
    }

    #[test]
    fn unit_is_the_rest_of_the_cell() {
        let rows: &[(&str, Option<&str>)] = &[
            (
                "Co-secretaries of the CAHAI  clementina.barbaro@coe .int livia.stoica@coe.int",
                Some("Co-secretaries of the CAHAI"),
            ),
            (
                "Education Policy Division  Michael.remmert@coe.in  t; Ahmet- murat.kilic@coe.int",
                Some("Education Policy Division"),
            ),
            (
                "PACE Committee on Equality and Non- Discrimination secretariat  liri.kopaci- dimichele@coe.int  sarah.burton@coe.int",
                Some("PACE Committee on Equality and Non-Discrimination secretariat"),
            ),
            (
                "GREVIO Secretariat – Johanna.Nelles@coe.int  Gender Equality Division  Caterina.Bolognese@co e.int",
                Some("GREVIO Secretariat; Gender Equality Division"),
            ),
            ("Cybercrime division <u>Alexander.seger@coe.int</u>", Some("Cybercrime division")),
            ("CDPC Secretariat  Carlo.chiaromonte@coe.", Some("CDPC Secretariat")),
            ("Data Protection Unit <Sophie.Kwasny@coe.int>", Some("Data Protection Unit")),
            ("e-mail: digital.partnership@coe.int", None),
            ("mailto:Sophie.Kwasny@coe.int", None),
            ("Vasileios.Giannias@coe. int", None),
            ("CDPC Secretariat", Some("CDPC Secretariat")),
            ("Support via Gmail  a.b@gmail.com", Some("Support via Gmail")),
            ("  ", None),
        ];
        for (cell, want) in rows {
            assert_eq!(unit(cell).as_deref(), *want, "unit({cell:?})");
        }
    }
}
