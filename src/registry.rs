//! The partner registry: canonical names, aliases, join dates, renames, candidates,
//! non-partners and placeholders, read from `input/partners.toml`.
//!
//! The registry is the one place that says what a name in a workplan stands for. It is
//! built once per run, then only read (it is `Send + Sync`), and every lookup is a few
//! hash-map probes: exact strings, normalised keys and acronyms are precomputed at load.
//!
//! Matching is deliberately strict. [`PartnerRegistry::lookup`] tries, in order, the
//! exact spelling, the normalised key ([`key`]: case, accents, punctuation, "&", a
//! leading "the" and legal suffixes ignored) and the acronym rule; it never guesses.
//! Similarity scores are only offered as suggestions ([`PartnerRegistry::suggest`]) for
//! a human to turn into aliases. Because keys forget so much, the loader refuses a file
//! in which two entries share a key, naming the line of each.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::text::{collapse_whitespace, collapsed};

/// A partner of the digital partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    /// The canonical name, used in every output.
    pub name: String,
    /// Company or association.
    pub kind: PartnerKind,
    /// Other spellings, as written in the registry.
    pub aliases: Vec<String>,
    /// When the partner joined, as precisely as the documents say.
    pub joined: Option<PartialDate>,
    /// Where the join date is stated.
    pub joined_source: Option<String>,
    /// Later names; the canonical name stays the old one.
    pub renames: Vec<Rename>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// 1-based line of the entry's `name` in the registry file, so reports can cite it.
    pub line: usize,
}

/// Whether a partner is a company or an association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerKind {
    /// A company.
    Company,
    /// A (trade or professional) association or other membership organisation.
    Association,
}

impl PartnerKind {
    /// The lowercase name used in the registry and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerKind::Company => "company",
            PartnerKind::Association => "association",
        }
    }
}

/// A date known to the year, the month or the day: "2020", "2020-02", "2020-02-06".
///
/// Always valid once read from the registry (the loader checks the calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month (1-12), if known.
    pub month: Option<u32>,
    /// The day of the month, if known (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD"; `None` for anything else or a date that
    /// is not in the calendar.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let date = match parts.as_slice() {
            [y] if digits(y, 4) => PartialDate {
                year: y.parse().ok()?,
                month: None,
                day: None,
            },
            [y, m] if digits(y, 4) && digits(m, 2) => PartialDate {
                year: y.parse().ok()?,
                month: Some(m.parse().ok()?),
                day: None,
            },
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => PartialDate {
                year: y.parse().ok()?,
                month: Some(m.parse().ok()?),
                day: Some(d.parse().ok()?),
            },
            _ => return None,
        };
        date.first_day()?;
        Some(date)
    }

    /// The first day the date covers (1 January for a year); `None` only for a date
    /// built by hand outside the calendar.
    pub fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers (31 December for a year).
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let (y, next) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(y, next, 1)?.pred_opt()
            }
            (None, _) => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
    }
}

/// As written in the registry: "2020", "2020-02" or "2020-02-06".
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A date field of the registry: a string ("2020", "2020-02-06") or a TOML date.
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bad = |text: &str| {
            de::Error::custom(format!(
                "\"{text}\" is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\""
            ))
        };
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(s) => PartialDate::parse(&s).ok_or_else(|| bad(&s)),
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => PartialDate::parse(&d.to_string()).ok_or_else(|| bad(&d.to_string())),
                _ => Err(bad(&dt.to_string())),
            },
            toml::Value::Integer(i) => Err(de::Error::custom(format!(
                "{i} is not a date: write it in quotes (\"{i}\"), or as \"YYYY-MM\" or \"YYYY-MM-DD\""
            ))),
            other => Err(de::Error::custom(format!(
                "a {} is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
                other.type_str()
            ))),
        }
    }
}

/// A later name of a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    /// The new name (matched as an alias of the partner).
    pub to: String,
    /// When, if known.
    pub date: Option<PartialDate>,
    /// Where the rename is stated.
    pub source: Option<String>,
}

/// An organisation that was in discussion but never joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Its name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Where the discussions are mentioned.
    pub source: Option<String>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// 1-based line of the entry's `name` in the registry file.
    pub line: usize,
}

/// An organisation named in activities that is not a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NonPartner {
    /// Its name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// 1-based line of the entry's `name` in the registry file.
    pub line: usize,
}

/// What a name is, once looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity<'a> {
    /// A partner.
    Partner(&'a Partner),
    /// A candidate that never joined.
    Candidate(&'a Candidate),
    /// A known non-partner.
    NonPartner(&'a NonPartner),
    /// A text that names no participant ("TBD").
    Placeholder,
    /// A text meaning every partner ("All").
    All,
}

/// How a name was matched (for provenance notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchRule {
    /// The canonical name or an alias, exactly as written (spaces collapsed).
    ExactAlias,
    /// The normalised key of the canonical name or an alias (see [`key`]); also a
    /// placeholder matched by its first words.
    NormalisedKey,
    /// One part of "Long Name (ABC)" / "ABC (Long Name)", or the initials of a long name.
    Acronym,
}

impl MatchRule {
    /// The rule's name as used in notes: "matched X by {as_str}".
    pub fn as_str(self) -> &'static str {
        match self {
            MatchRule::ExactAlias => "alias",
            MatchRule::NormalisedKey => "normalised name",
            MatchRule::Acronym => "acronym",
        }
    }
}

/// The result of a lookup: the entity, its canonical name and the rule that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch<'a> {
    /// What the name stands for.
    pub entity: Entity<'a>,
    /// The canonical name; empty for placeholders and "All".
    pub canonical: &'a str,
    /// How it was matched.
    pub rule: MatchRule,
}

/// The registry could not be read: a place in the file and what is wrong there.
///
/// Displayed as `input/partners.toml line 12, column 5: <what is wrong>; fix the line
/// and run again`, or `input/partners.toml: <what is wrong>` when no line applies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}{}: {message}{}", place(*.line, *.column), hint(*.line))]
pub struct RegistryError {
    /// The registry file as the user named it.
    pub origin: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the problem has one.
    pub column: Option<usize>,
    /// What is wrong, lowercase.
    pub message: String,
}

fn place(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" line {l}, column {c}"),
        (Some(l), None) => format!(" line {l}"),
        _ => String::new(),
    }
}

fn hint(line: Option<usize>) -> &'static str {
    if line.is_some() {
        "; fix the line and run again"
    } else {
        ""
    }
}

// ---- The file as written -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    #[serde(default)]
    all: Vec<Spanned<String>>,
    #[serde(default)]
    placeholders: Vec<Spanned<String>>,
    #[serde(default)]
    partner: Vec<RawPartner>,
    #[serde(default)]
    candidate: Vec<RawCandidate>,
    #[serde(default)]
    non_partner: Vec<RawNonPartner>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    name: Spanned<String>,
    kind: PartnerKind,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    joined: Option<PartialDate>,
    joined_source: Option<String>,
    #[serde(default)]
    renames: Vec<RawRename>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRename {
    to: Spanned<String>,
    date: Option<PartialDate>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCandidate {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    source: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNonPartner {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    note: Option<String>,
}

// ---- The registry --------------------------------------------------------------------

/// What an indexed string points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Partner(usize),
    Candidate(usize),
    NonPartner(usize),
    Placeholder,
    All,
}

/// The partner registry, indexed for lookups. Built once, then read-only.
#[derive(Debug, Clone)]
pub struct PartnerRegistry {
    partners: Vec<Partner>,
    candidates: Vec<Candidate>,
    non_partners: Vec<NonPartner>,
    /// Canonical partner name -> index.
    by_name: HashMap<String, usize>,
    /// Names, aliases, rename targets, "All" forms and placeholders, spaces collapsed.
    exact: HashMap<String, Target>,
    /// Normalised keys of names, aliases, rename targets and "All" forms.
    keys: HashMap<String, Target>,
    /// The same keys without spaces ("Digital Europe" = "DigitalEurope").
    compact: HashMap<String, Target>,
    /// Names written as an acronym ("GNI"), upper case.
    acronyms: HashMap<String, Target>,
    /// Placeholders as key words, matched as the first words of a text.
    placeholders: Vec<Vec<String>>,
    /// The most words any indexed name has, plus room for legal suffixes.
    max_words: usize,
    /// First key words of the entity keys, and every prefix of their compact keys,
    /// each with the most words a run starting with it can take: a run starting with
    /// anything else cannot be a name.
    starts: HashMap<String, usize>,
    /// Keys of every entity name, for suggestions: (key, compact key, entity).
    pool: Vec<(String, String, Target)>,
    /// Suggestions already worked out, by the key words of the name.
    suggested: SuggestionMemo,
}

/// How many suggestions [`SuggestionMemo`] keeps per name: as many as any caller asks.
const MEMO_SUGGESTIONS: usize = 3;

/// The best [`MEMO_SUGGESTIONS`] suggestions per key, worked out once: a large run
/// meets the same unknown name in thousands of cells, and each suggestion is a pass
/// over the registry.
#[derive(Debug, Default)]
struct SuggestionMemo(std::sync::Mutex<HashMap<String, Vec<(String, f64)>>>);

impl Clone for SuggestionMemo {
    fn clone(&self) -> Self {
        SuggestionMemo::default()
    }
}

/// Where a string was written in the file, for error messages.
struct Written {
    text: String,
    span: std::ops::Range<usize>,
    target: Target,
}

impl PartnerRegistry {
    /// Reads and checks the registry file at `path`.
    pub fn load(path: &Path) -> Result<Self, RegistryError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RegistryError {
            origin: origin.clone(),
            line: None,
            column: None,
            message: format!("cannot read the partner registry: {e}"),
        })?;
        Self::from_toml(&text, &origin)
    }

    /// Reads and checks a registry from its TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, RegistryError> {
        let at = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = match span {
                Some(s) => {
                    let (l, c) = line_column(text, s.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            RegistryError {
                origin: origin.to_owned(),
                line,
                column,
                message,
            }
        };
        let raw: RawRegistry =
            toml::from_str(text).map_err(|e| at(e.span(), lowercase_first(e.message().trim())))?;

        let mut written: Vec<Written> = Vec::new();
        let note = |written: &mut Vec<Written>, s: &Spanned<String>, target: Target| {
            written.push(Written {
                text: s.get_ref().clone(),
                span: s.span(),
                target,
            })
        };
        let plain =
            |v: &[Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();

        let mut partners = Vec::with_capacity(raw.partner.len());
        for (i, p) in raw.partner.iter().enumerate() {
            let t = Target::Partner(i);
            note(&mut written, &p.name, t);
            p.aliases.iter().for_each(|a| note(&mut written, a, t));
            p.renames.iter().for_each(|r| note(&mut written, &r.to, t));
            partners.push(Partner {
                name: p.name.get_ref().trim().to_owned(),
                kind: p.kind,
                aliases: plain(&p.aliases),
                joined: p.joined,
                joined_source: p.joined_source.clone(),
                renames: p
                    .renames
                    .iter()
                    .map(|r| Rename {
                        to: r.to.get_ref().clone(),
                        date: r.date,
                        source: r.source.clone(),
                    })
                    .collect(),
                note: p.note.clone(),
                line: line_column(text, p.name.span().start).0,
            });
        }
        let mut candidates = Vec::with_capacity(raw.candidate.len());
        for (i, c) in raw.candidate.iter().enumerate() {
            note(&mut written, &c.name, Target::Candidate(i));
            c.aliases
                .iter()
                .for_each(|a| note(&mut written, a, Target::Candidate(i)));
            candidates.push(Candidate {
                name: c.name.get_ref().trim().to_owned(),
                aliases: plain(&c.aliases),
                source: c.source.clone(),
                note: c.note.clone(),
                line: line_column(text, c.name.span().start).0,
            });
        }
        let mut non_partners = Vec::with_capacity(raw.non_partner.len());
        for (i, n) in raw.non_partner.iter().enumerate() {
            note(&mut written, &n.name, Target::NonPartner(i));
            n.aliases
                .iter()
                .for_each(|a| note(&mut written, a, Target::NonPartner(i)));
            non_partners.push(NonPartner {
                name: n.name.get_ref().trim().to_owned(),
                aliases: plain(&n.aliases),
                note: n.note.clone(),
                line: line_column(text, n.name.span().start).0,
            });
        }
        let entity_count = written.len();
        raw.all
            .iter()
            .for_each(|a| note(&mut written, a, Target::All));
        let names = Names {
            partners: &partners,
            candidates: &candidates,
            non_partners: &non_partners,
        };

        // Exact strings, keys and compact keys: each may belong to one entry only.
        let mut exact: HashMap<String, Target> = HashMap::default();
        let mut keys: HashMap<String, Target> = HashMap::default();
        let mut compact: HashMap<String, Target> = HashMap::default();
        let mut acronyms: HashMap<String, Target> = HashMap::default();
        let mut first_at: [HashMap<String, usize>; 3] = Default::default();
        let mut max_words = 0;
        let mut pool = Vec::new();
        let mut starts: HashMap<String, usize> = HashMap::default();
        for (i, w) in written.iter().enumerate() {
            let words = key_words(&w.text);
            if words.is_empty() {
                return Err(at(
                    Some(w.span.clone()),
                    format!("\"{}\" has no letters or digits", w.text),
                ));
            }
            let k = words.join(" ");
            let c = words.concat();
            let values = [collapse_whitespace(&w.text), k.clone(), c.clone()];
            for (kind, (value, map)) in values
                .into_iter()
                .zip([&mut exact, &mut keys, &mut compact])
                .enumerate()
            {
                match first_at[kind].get(&value) {
                    Some(&j) if written[j].target != w.target => {
                        let first = &written[j];
                        let (line, _) = line_column(text, first.span.start);
                        let message = if kind == 0 {
                            format!(
                                "\"{}\" is already given to {} (line {line}); a spelling may belong to one entry only",
                                w.text,
                                names.describe(first.target)
                            )
                        } else {
                            format!(
                                "\"{}\" ({}) and \"{}\" ({}, line {line}) read the same once case, accents, \
                                 punctuation and legal suffixes are ignored (\"{value}\"); make one of them more specific",
                                w.text,
                                names.describe(w.target),
                                first.text,
                                names.describe(first.target)
                            )
                        };
                        return Err(at(Some(w.span.clone()), message));
                    }
                    Some(_) => {}
                    None => {
                        first_at[kind].insert(value.clone(), i);
                        map.insert(value, w.target);
                    }
                }
            }
            if let Some(acronym) = as_acronym(&w.text) {
                acronyms.entry(acronym).or_insert(w.target);
            }
            max_words = max_words.max(raw_words(&w.text).len());
            if is_entity(w.target) {
                // Room for "the" before and two legal suffixes after ("S.A. Inc.").
                let mut start = |prefix: &str, words: usize| {
                    let e = starts.entry(prefix.to_owned()).or_insert(0);
                    *e = (*e).max(words + 3);
                };
                start(&words[0], words.len());
                // "DigitalEurope" written "Digital Europe", "Goo gle": a compact key
                // split in a few places.
                for (i, _) in c.char_indices().skip(1) {
                    start(&c[..i], words.len());
                }
                start(&c, words.len());
                pool.push((k, c, w.target));
            }
        }

        // Placeholders: never the start of an entity's name, or that entity could not
        // be matched any more.
        let mut placeholders = Vec::with_capacity(raw.placeholders.len());
        for p in &raw.placeholders {
            let words = raw_words(p.get_ref());
            for w in written.iter().take(entity_count) {
                let entity_words = raw_words(&w.text);
                let swallowed = if words.is_empty() {
                    entity_words.is_empty()
                } else {
                    entity_words.starts_with(&words)
                };
                if swallowed {
                    return Err(at(
                        Some(p.span()),
                        format!(
                            "placeholder \"{}\" would swallow \"{}\" ({}); make the placeholder longer",
                            p.get_ref(),
                            w.text,
                            names.describe(w.target)
                        ),
                    ));
                }
            }
            exact
                .entry(collapse_whitespace(p.get_ref()))
                .or_insert(Target::Placeholder);
            placeholders.push(words);
        }
        Ok(PartnerRegistry {
            by_name: partners
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.clone(), i))
                .collect(),
            partners,
            candidates,
            non_partners,
            exact,
            keys,
            compact,
            acronyms,
            placeholders,
            // Room for "the" and legal suffixes around the longest name ("Telefónica S.A.").
            max_words: max_words + 3,
            starts,
            pool,
            suggested: SuggestionMemo::default(),
        })
    }

    /// The partners, in file order.
    pub fn partners(&self) -> &[Partner] {
        &self.partners
    }

    /// The candidates that never joined, in file order.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The known non-partners, in file order.
    pub fn non_partners(&self) -> &[NonPartner] {
        &self.non_partners
    }

    /// The partner with this canonical name (exactly as in the registry).
    pub fn partner(&self, canonical: &str) -> Option<&Partner> {
        self.by_name.get(canonical).map(|&i| &self.partners[i])
    }

    /// What `name` stands for: the exact spelling, then the normalised key (a
    /// placeholder by its first words), then the acronym rule. Never a near miss.
    pub fn lookup(&self, name: &str) -> Option<NameMatch<'_>> {
        let exact = collapsed(name);
        if exact.is_empty() {
            return None;
        }
        if let Some(&t) = self.exact.get(&*exact) {
            return Some(self.name_match(t, MatchRule::ExactAlias));
        }
        if let Some(t) = self.by_key(name) {
            return Some(self.name_match(t, MatchRule::NormalisedKey));
        }
        if self.placeholder_prefix(name).is_some() {
            return Some(self.name_match(Target::Placeholder, MatchRule::NormalisedKey));
        }
        self.by_acronym(name)
            .map(|t| self.name_match(t, MatchRule::Acronym))
    }

    /// The best canonical names for an unmatched `name`, with similarity scores from 0
    /// to 1 (Jaro-Winkler on normalised keys), best first; ties in name order.
    pub fn suggest(&self, name: &str, n: usize) -> Vec<(String, f64)> {
        // Names are short; similarity of a whole paragraph is both useless and slow.
        let name = &name[..floor_char_boundary(name, 300)];
        let words = key_words(name);
        if words.is_empty() || n == 0 {
            return Vec::new();
        }
        let k = words.join(" ");
        if n <= MEMO_SUGGESTIONS {
            let memo = self.suggested.0.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(known) = memo.get(&k) {
                return known[..n.min(known.len())].to_vec();
            }
        }
        let mut out = self.rank(&k, &words.concat(), n.max(MEMO_SUGGESTIONS));
        if n <= MEMO_SUGGESTIONS {
            let mut memo = self.suggested.0.lock().unwrap_or_else(|e| e.into_inner());
            memo.insert(k, out.clone());
        }
        out.truncate(n);
        out
    }

    /// The `n` canonical names closest to key `k` (compact key `c`), best first.
    fn rank(&self, k: &str, c: &str, n: usize) -> Vec<(String, f64)> {
        let mut best: HashMap<&str, f64> = HashMap::default();
        for (pk, pc, t) in &self.pool {
            let score = strsim::jaro_winkler(k, pk).max(strsim::jaro_winkler(c, pc));
            let e = best.entry(self.canonical_of(*t)).or_insert(0.0);
            if score > *e {
                *e = score;
            }
        }
        let mut out: Vec<(String, f64)> = best
            .into_iter()
            .map(|(name, s)| (name.to_owned(), s))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(n);
        out
    }

    /// Whether `name` names no participant ("TBD", or a text starting with a
    /// placeholder's words).
    pub fn is_placeholder(&self, name: &str) -> bool {
        matches!(
            self.lookup(name),
            Some(NameMatch {
                entity: Entity::Placeholder,
                ..
            })
        )
    }

    /// If `text` starts with a placeholder, the byte length of `text` it covers
    /// (through its last word); the rest may still name organisations
    /// ("TBD. Possibly ..."). A text with no letters or digits ("-") is a placeholder
    /// when the registry lists one such ("-"), and is covered whole.
    pub fn placeholder_prefix(&self, text: &str) -> Option<usize> {
        let longest = self
            .placeholders
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(1);
        let words = tokens_up_to(text, longest);
        let mut best: Option<usize> = None;
        for p in &self.placeholders {
            let covered = if p.is_empty() {
                (words.is_empty() && !text.trim().is_empty()).then_some(text.len())
            } else if words.len() >= p.len() && words.iter().zip(p).all(|(w, p)| &w.text == p) {
                Some(words[p.len() - 1].end)
            } else {
                None
            };
            if covered > best {
                best = covered;
            }
        }
        best
    }

    /// The longest registry name (partner, candidate or non-partner) at the start of
    /// `text`, for cells listing names separated by nothing but spaces: the byte length
    /// consumed (through a closing parenthesis opened inside the name, and through a
    /// following "(...)" that names the same entity) and the match.
    ///
    /// Tries only as many word runs as the longest name starting with the first word
    /// has words, each a hash probe: the cost does not grow with the registry.
    pub fn longest_prefix_match(&self, text: &str) -> Option<(usize, NameMatch<'_>)> {
        // Only the first few words can belong to the name: the cost per call stays
        // bounded however long the cell is.
        let head = tokens_up_to(text, 2);
        let first = match head.first() {
            Some(w) if w.text == "the" && head.len() > 1 => &head[1].text,
            Some(w) => &w.text,
            None => return None,
        };
        let limit = (*self.starts.get(first)?).min(self.max_words);
        let words = tokens_up_to(text, limit);
        let longest = words.len();
        for n in (1..=longest).rev() {
            let run = &words[..n];
            let Some(t) = self.by_words(run.iter().map(|w| w.text.as_str())) else {
                continue;
            };
            if !is_entity(t) {
                continue;
            }
            let mut end = close_brackets(text, run[n - 1].end);
            let rule = if self.exact.get(&*collapsed(&text[..end])) == Some(&t) {
                MatchRule::ExactAlias
            } else {
                MatchRule::NormalisedKey
            };
            // "Microsoft (MS)": a gloss naming the same entity belongs to the name.
            if let Some((inner, after)) = paren_group(text, end) {
                if self.lookup(inner).map(|m| m.canonical) == Some(self.canonical_of(t)) {
                    end = after;
                }
            }
            return Some((end, self.name_match(t, rule)));
        }
        None
    }

    fn by_key(&self, name: &str) -> Option<Target> {
        let words = tokens(name);
        self.by_words(words.iter().map(|w| w.text.as_str()))
    }

    /// Looks up a run of key words (as [`tokens`] gives them) by key and compact key.
    fn by_words<'w>(&self, words: impl Iterator<Item = &'w str>) -> Option<Target> {
        let words: Vec<&str> = words.collect();
        let words = strip_affixes(&words);
        if words.is_empty() {
            return None;
        }
        let mut key = words.join(" ");
        if let Some(&t) = self.keys.get(&key) {
            return Some(t);
        }
        // Key words hold no spaces: without them the key is the compact key.
        key.retain(|c| c != ' ');
        self.compact.get(&key).copied()
    }

    /// The acronym rule: "Long Name (ABC)" / "ABC (Long Name)" by either part (they
    /// must not name two different entries), else the initials of a long name.
    fn by_acronym(&self, name: &str) -> Option<Target> {
        let trimmed = name.trim();
        if let Some(open) = trailing_paren_start(trimmed) {
            let outer = trimmed[..open].trim();
            let inner = trimmed[open + 1..trimmed.len() - 1].trim();
            let resolve = |part: &str| -> Option<Target> {
                let t = self
                    .exact
                    .get(&*collapsed(part))
                    .copied()
                    .or_else(|| self.by_key(part))
                    .or_else(|| self.by_initials(part))?;
                is_entity(t).then_some(t)
            };
            return match (resolve(outer), resolve(inner)) {
                (Some(a), Some(b)) if a != b => None,
                (Some(a), _) | (None, Some(a)) => Some(a),
                (None, None) => None,
            };
        }
        self.by_initials(trimmed)
    }

    /// A long name by its initials: capitalised words first, then all words, each also
    /// without trailing legal suffixes ("... Operators' Association" = "ETNO").
    fn by_initials(&self, name: &str) -> Option<Target> {
        let words: Vec<&str> = name
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            // The stop words are ASCII, and no other character lower-cases to their
            // letters, so comparing ASCII case-insensitively is the same as comparing
            // the word lower-cased, without making it.
            .filter(|w| !STOPWORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
            .collect();
        if words.len() < 2 {
            return None;
        }
        let capitalised: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        for set in [&capitalised, &words] {
            let mut set: Vec<&str> = set.clone();
            loop {
                if set.len() >= 2 {
                    let initials: String = set.iter().filter_map(|w| initial(w)).collect();
                    if let Some(t) = self.acronyms.get(&initials) {
                        if is_entity(*t) {
                            return Some(*t);
                        }
                    }
                }
                match set.last() {
                    Some(last) if set.len() > 2 && is_legal_suffix(last) => {
                        set.pop();
                    }
                    _ => break,
                }
            }
        }
        None
    }

    fn name_match(&self, t: Target, rule: MatchRule) -> NameMatch<'_> {
        let entity = match t {
            Target::Partner(i) => Entity::Partner(&self.partners[i]),
            Target::Candidate(i) => Entity::Candidate(&self.candidates[i]),
            Target::NonPartner(i) => Entity::NonPartner(&self.non_partners[i]),
            Target::Placeholder => Entity::Placeholder,
            Target::All => Entity::All,
        };
        NameMatch {
            entity,
            canonical: self.canonical_of(t),
            rule,
        }
    }

    fn canonical_of(&self, t: Target) -> &str {
        match t {
            Target::Partner(i) => &self.partners[i].name,
            Target::Candidate(i) => &self.candidates[i].name,
            Target::NonPartner(i) => &self.non_partners[i].name,
            Target::Placeholder | Target::All => "",
        }
    }
}

/// The entity lists, to name an entry in load errors before the registry exists.
struct Names<'a> {
    partners: &'a [Partner],
    candidates: &'a [Candidate],
    non_partners: &'a [NonPartner],
}

impl Names<'_> {
    fn describe(&self, t: Target) -> String {
        match t {
            Target::Partner(i) => format!("partner {}", self.partners[i].name),
            Target::Candidate(i) => format!("candidate {}", self.candidates[i].name),
            Target::NonPartner(i) => format!("non-partner {}", self.non_partners[i].name),
            Target::Placeholder => "the placeholders".to_owned(),
            Target::All => "`all`".to_owned(),
        }
    }
}

/// A partner, candidate or non-partner (not a placeholder or "All").
fn is_entity(t: Target) -> bool {
    !matches!(t, Target::Placeholder | Target::All)
}

// ---- Normalised keys -----------------------------------------------------------------

/// Words dropped from the end of a key ("Telefónica SA", "Kaspersky Lab", "the LEGO
/// Group"): legal forms and generic organisation words.
const LEGAL_SUFFIXES: &[&str] = &[
    "ag",
    "association",
    "bv",
    "co",
    "corp",
    "corporation",
    "gmbh",
    "group",
    "inc",
    "incorporated",
    "lab",
    "labs",
    "limited",
    "llc",
    "ltd",
    "network",
    "nv",
    "plc",
    "sa",
    "sas",
    "se",
    "spa",
    "srl",
];

/// Words skipped when building initials ("Institute of Electrical and ...").
const STOPWORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "et",
];

/// Whether `word` is a legal form or generic suffix ("Inc.", "S.A.", "Ltd", "Group"),
/// so that "Facebook, Inc." is read as one name.
pub fn is_legal_suffix(word: &str) -> bool {
    // A plain ASCII word is one key word, itself in lower case: no need to build it.
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return LEGAL_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word));
    }
    is_legal_suffix_by_key_words(word)
}

/// [`is_legal_suffix`] by the word's key words: each a suffix, or all of them together.
fn is_legal_suffix_by_key_words(word: &str) -> bool {
    let words = raw_words(word);
    !words.is_empty()
        && (words.iter().all(|w| LEGAL_SUFFIXES.contains(&w.as_str()))
            || LEGAL_SUFFIXES.contains(&words.concat().as_str()))
}

/// The normalised key of a name: lower case, accents stripped, punctuation dropped
/// ("S.A." = "sa", "AT&T" = "att", a lone "&" = "and"), a leading "the" and trailing
/// legal suffixes removed, words joined by one space.
///
/// `key("the LEGO Group") == "lego"`, `key("Telefónica S.A.") == "telefonica"`.
pub fn key(name: &str) -> String {
    key_words(name).join(" ")
}

fn key_words(name: &str) -> Vec<String> {
    let words = raw_words(name);
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    strip_affixes(&refs)
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

/// Drops a leading "the" and trailing legal suffixes, keeping at least one word.
fn strip_affixes<'a, 'w>(words: &'a [&'w str]) -> &'a [&'w str] {
    let mut w = words;
    if w.len() > 1 && w[0] == "the" {
        w = &w[1..];
    }
    while w.len() > 1 && w.last().is_some_and(|l| LEGAL_SUFFIXES.contains(l)) {
        w = &w[..w.len() - 1];
    }
    w
}

fn raw_words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.text).collect()
}

/// A key word and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    start: usize,
    end: usize,
}

/// Splits `text` into key words with their byte spans: letters and digits folded to
/// lower case without accents; "&", "." and apostrophes inside a word join it ("AT&T",
/// "S.A.", "Operators'"); a lone "&" is the word "and"; anything else separates.
fn tokens(text: &str) -> Vec<Token> {
    tokens_up_to(text, usize::MAX)
}

/// The first `limit` key words of `text` (see [`tokens`]).
fn tokens_up_to(text: &str, limit: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_alphanumeric() {
            // Most of every name: folding an ASCII letter only lower-cases it.
            if current.is_empty() {
                start = i;
            }
            current.push(c.to_ascii_lowercase());
            end = i + 1;
            continue;
        }
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            fold_into(c, &mut current);
            end = i + c.len_utf8();
        } else if !c.is_ascii()
            && (is_combining_mark(c)
                || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{feff}'))
        {
            // Combining accents, soft hyphens and zero-width characters stay inside
            // the word they are written in.
            if !current.is_empty() {
                end = i + c.len_utf8();
            }
        } else if matches!(c, '&' | '.' | '\'' | '’' | '`')
            && !current.is_empty()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            // Joins the word: AT&T, S.A, Operator's.
        } else {
            if !current.is_empty() {
                out.push(Token {
                    text: std::mem::take(&mut current),
                    start,
                    end,
                });
            }
            if out.len() >= limit {
                return out;
            }
            if c == '&' || c == '＆' {
                out.push(Token {
                    text: "and".to_owned(),
                    start: i,
                    end: i + c.len_utf8(),
                });
            }
        }
    }
    if !current.is_empty() {
        out.push(Token {
            text: current,
            start,
            end,
        });
    }
    out
}

/// Appends `c` folded: compatibility-decomposed, accents dropped, lower case, and the
/// few letters Unicode does not decompose (ø, æ, œ, ß, ł, đ) spelt in ASCII.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            match l {
                'ø' => out.push('o'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ß' => out.push_str("ss"),
                'ł' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ı' => out.push('i'),
                l if is_combining_mark(l) => {}
                l if l.is_alphanumeric() => out.push(l),
                _ => {}
            }
        }
    });
}

/// A name written as an acronym: 2 to 6 capital letters or digits, at least two letters.
fn as_acronym(text: &str) -> Option<String> {
    let t = text.trim();
    let n = t.chars().count();
    let ok = (2..=6).contains(&n)
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && t.chars().filter(char::is_ascii_uppercase).count() >= 2;
    ok.then(|| t.to_owned())
}

/// The upper-case initial of a word, accents dropped.
fn initial(word: &str) -> Option<char> {
    let c = word.chars().next()?;
    if c.is_ascii() {
        // Folding an ASCII character only lower-cases it.
        return Some(c.to_ascii_uppercase());
    }
    let mut s = String::new();
    fold_into(c, &mut s);
    s.chars().next().map(|c| c.to_ascii_uppercase())
}

/// Extends `end` over closing brackets and quotes that close one opened in `text[..end]`.
fn close_brackets(text: &str, mut end: usize) -> usize {
    let opened = |s: &str| {
        let paren = s.matches('(').count() as isize - s.matches(')').count() as isize;
        let quote = !s.matches('"').count().is_multiple_of(2)
            || s.matches('“').count() > s.matches('”').count();
        (paren, quote)
    };
    loop {
        let (paren, quote) = opened(&text[..end]);
        let rest = &text[end..];
        let ws = rest.len() - rest.trim_start().len();
        let next = rest.trim_start().chars().next();
        match next {
            Some(')') if paren > 0 => end += ws + 1,
            Some(c @ ('"' | '”')) if quote => end += ws + c.len_utf8(),
            _ => return end,
        }
    }
}

/// A "(...)" group right after `at` (spaces allowed before it): its inside and the
/// byte offset after its closing parenthesis.
fn paren_group(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = &text[at..];
    let skip = rest.len() - rest.trim_start().len();
    let open = at + skip;
    if !text[open..].starts_with('(') {
        return None;
    }
    // A gloss is short; looking further would make long hostile cells quadratic.
    let window = &text[open..];
    let window = &window[..floor_char_boundary(window, 200)];
    let close = open + window.find(')')?;
    Some((&text[open + 1..close], close + 1))
}

/// Where the final "(...)" of a name opens, if the name ends with one and has text
/// before it.
fn trailing_paren_start(text: &str) -> Option<usize> {
    if !text.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (i > 0).then_some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The largest char boundary of `text` not after `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_lowercase()
            .chain(c)
            .collect::<String>()
            .trim_end_matches('.')
            .to_owned(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../input/partners.toml");

    fn shipped() -> PartnerRegistry {
        match PartnerRegistry::from_toml(SHIPPED, "input/partners.toml") {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        }
    }

    fn error(toml: &str) -> RegistryError {
        match PartnerRegistry::from_toml(toml, "input/partners.toml") {
            Ok(_) => panic!("loaded, but should not:\n{toml}"),
            Err(e) => e,
        }
    }

    #[test]
    fn registry_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<PartnerRegistry>();
    }

    #[test]
    fn shipped_registry_lists_the_28_partners_in_file_order() {
        let reg = shipped();
        let mut names: Vec<&str> = reg.partners().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 28);
        assert_eq!(names[0], "Apple", "file order");
        names.sort_unstable();
        let mut expected = vec![
            "Apple",
            "AT&T",
            "BT",
            "CCIA",
            "Cloudflare",
            "Deutsche Telekom",
            "DigitalEurope",
            "Element AI",
            "ETNO",
            "EuroISPA",
            "European Digital SME Alliance",
            "Facebook",
            "GNI",
            "Google",
            "GSMA",
            "IBM",
            "ICC",
            "ICCO",
            "IEEE",
            "Intel",
            "ISOC",
            "Kaspersky",
            "LEGO Group",
            "Microsoft",
            "Orange",
            "RIPE NCC",
            "Telefónica",
            "Thales",
        ];
        expected.sort_unstable();
        assert_eq!(names, expected);
        assert_eq!(
            reg.candidates()
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["Sberbank"]
        );
        assert_eq!(reg.non_partners().len(), 5);
    }

    #[test]
    fn shipped_registry_loads_from_disk() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml");
        // The scratch crate has no input/ folder: write the shipped text to a temp file.
        let path = if path.exists() {
            path
        } else {
            let tmp = std::env::temp_dir().join(format!("partners-{}.toml", std::process::id()));
            std::fs::write(&tmp, SHIPPED).expect("temp file is writable");
            tmp
        };
        let reg = PartnerRegistry::load(&path).expect("shipped registry loads");
        assert_eq!(reg.partners().len(), 28);
    }

    #[test]
    fn join_dates_are_as_the_documents_tell_them() {
        let reg = shipped();
        let rows: &[(&str, &str)] = &[
            ("Apple", "2017-11-08"),
            ("CCIA", "2017-11-08"),
            ("Deutsche Telekom", "2017-11-08"),
            ("DigitalEurope", "2017-11-08"),
            ("European Digital SME Alliance", "2017-11-08"),
            ("ETNO", "2017-11-08"),
            ("Facebook", "2017-11-08"),
            ("GNI", "2017-11-08"),
            ("Google", "2017-11-08"),
            ("Microsoft", "2017-11-08"),
            ("Kaspersky", "2017-11-08"),
            ("Orange", "2017-11-08"),
            ("Telefónica", "2017-11-08"),
            ("GSMA", "2017-11-08"),
            ("Cloudflare", "2018-05-23"),
            ("EuroISPA", "2018-05-23"),
            ("Element AI", "2020-02-06"),
            ("ICCO", "2020-02-06"),
            ("IEEE", "2020-02-06"),
            ("Intel", "2020-02-06"),
            ("RIPE NCC", "2020-02-06"),
            ("AT&T", "2020"),
            ("BT", "2020"),
            ("IBM", "2020"),
            ("ISOC", "2020"),
            ("ICC", "2022-06-28"),
            ("LEGO Group", "2022-06-28"),
            ("Thales", "2022-06-28"),
        ];
        for (name, date) in rows {
            let p = reg
                .partner(name)
                .unwrap_or_else(|| panic!("{name} is a partner"));
            assert_eq!(
                p.joined.map(|d| d.to_string()).as_deref(),
                Some(*date),
                "{name}"
            );
            assert!(
                p.joined_source.is_some(),
                "{name} says where its date comes from"
            );
        }
        let gsma = reg.partner("GSMA").expect("GSMA");
        assert!(gsma
            .joined_source
            .as_deref()
            .is_some_and(|s| s.starts_with("inferred")));
        assert!(gsma.note.as_deref().is_some_and(|s| s.contains("inferred")));
        let count = |d: &str| {
            reg.partners()
                .iter()
                .filter(|p| p.joined.map(|j| j.to_string()).as_deref() == Some(d))
                .count()
        };
        assert_eq!(count("2017-11-08"), 14, "8 firms and 6 associations");
        let assoc_2017 = reg
            .partners()
            .iter()
            .filter(|p| {
                p.kind == PartnerKind::Association
                    && p.joined.map(|j| j.to_string()).as_deref() == Some("2017-11-08")
            })
            .count();
        assert_eq!(assoc_2017, 6);
        assert_eq!(
            reg.partners()
                .iter()
                .filter(|p| p.joined.is_some_and(|j| j.year == 2020))
                .count(),
            9
        );
    }

    #[test]
    fn entries_know_the_line_of_their_name() {
        let reg = PartnerRegistry::from_toml(
            "# comment\n[[partner]]\nkind = \"company\"\nname = \"Acme\"\n\n\
             [[candidate]]\nname = \"Bolt\"\n[[non_partner]]\nname = \"Cord\"\n",
            "partners.toml",
        )
        .expect("loads");
        assert_eq!(reg.partners()[0].line, 4);
        assert_eq!(reg.candidates()[0].line, 7);
        assert_eq!(reg.non_partners()[0].line, 9);
        let shipped = shipped();
        let gsma = shipped.partner("GSMA").expect("GSMA");
        let line = SHIPPED.lines().nth(gsma.line - 1).expect("line exists");
        assert_eq!(line, "name = \"GSMA\"");
    }

    #[test]
    fn element_ai_keeps_its_name_and_records_the_rename() {
        let reg = shipped();
        let p = reg.partner("Element AI").expect("Element AI");
        assert_eq!(p.renames.len(), 1);
        assert_eq!(p.renames[0].to, "ServiceNow");
        assert_eq!(p.renames[0].date, None);
        let m = reg.lookup("ServiceNow").expect("the new name is matched");
        assert_eq!(m.canonical, "Element AI");
        assert!(
            reg.partner("Facebook")
                .is_some_and(|p| p.renames.is_empty()),
            "Meta rename is commented out"
        );
    }

    #[test]
    fn every_spelling_seen_resolves_to_its_canonical_name() {
        let reg = shipped();
        let rows: &[(&str, &str, MatchRule)] = &[
            (
                "Deutsche Telecom",
                "Deutsche Telekom",
                MatchRule::ExactAlias,
            ),
            (
                "Deutsche Telekom",
                "Deutsche Telekom",
                MatchRule::ExactAlias,
            ),
            ("Digital Europe", "DigitalEurope", MatchRule::ExactAlias),
            (
                "Digital Europe - Digital Economy & Trade Groups",
                "DigitalEurope",
                MatchRule::ExactAlias,
            ),
            (
                "European Telecommunications Network Operators' Association (ETNO)",
                "ETNO",
                MatchRule::ExactAlias,
            ),
            (
                "ETNO association (European Telecommunications Netiwork Operators)",
                "ETNO",
                MatchRule::ExactAlias,
            ),
            (
                "the European Telecommunications Network Operators' Association (ETNO)",
                "ETNO",
                MatchRule::ExactAlias,
            ),
            (
                "Global Network Initiative (GNI)",
                "GNI",
                MatchRule::ExactAlias,
            ),
            (
                "GNI (Global Network Initiative)",
                "GNI",
                MatchRule::ExactAlias,
            ),
            (
                "the Global Network Initiative (GNI)",
                "GNI",
                MatchRule::ExactAlias,
            ),
            (
                "EuroISPA (European Internet Services Providers Association)",
                "EuroISPA",
                MatchRule::ExactAlias,
            ),
            (
                "Computer & Communications industry association (CCIA)",
                "CCIA",
                MatchRule::ExactAlias,
            ),
            (
                "CCIA (Computer & Communication Industry association)",
                "CCIA",
                MatchRule::ExactAlias,
            ),
            (
                "Computer & Communications Industry Association (CCIA)",
                "CCIA",
                MatchRule::ExactAlias,
            ),
            ("Kaspersky Lab", "Kaspersky", MatchRule::ExactAlias),
            ("Telefónica SA", "Telefónica", MatchRule::ExactAlias),
            ("Telefonica", "Telefónica", MatchRule::ExactAlias),
            ("INTEL", "Intel", MatchRule::ExactAlias),
            ("British Telecom", "BT", MatchRule::ExactAlias),
            ("The Internet Society (ISOC)", "ISOC", MatchRule::ExactAlias),
            ("Thalès", "Thales", MatchRule::ExactAlias),
            (
                "Element AI (now ServiceNow)",
                "Element AI",
                MatchRule::ExactAlias,
            ),
            ("Element Al", "Element AI", MatchRule::ExactAlias),
            (
                "The international Chamber of Commerce (ICC)",
                "ICC",
                MatchRule::ExactAlias,
            ),
            ("the LEGO Group", "LEGO Group", MatchRule::ExactAlias),
            (
                "International Communications Consultancy Organisation (ICCO)",
                "ICCO",
                MatchRule::ExactAlias,
            ),
            (
                "Réseaux IP Européens Network Coordination Centre (RIPE NCC)",
                "RIPE NCC",
                MatchRule::ExactAlias,
            ),
            (
                "Institute of Electrical and Electronics Engineers (IEEE)",
                "IEEE",
                MatchRule::ExactAlias,
            ),
            (
                "European DIGITAL SME Alliance",
                "European Digital SME Alliance",
                MatchRule::ExactAlias,
            ),
            (
                "DIGITAL SME",
                "European Digital SME Alliance",
                MatchRule::ExactAlias,
            ),
            ("Element AI", "Element AI", MatchRule::ExactAlias),
            ("AT&T", "AT&T", MatchRule::ExactAlias),
            (
                "  Deutsche   Telecom ",
                "Deutsche Telekom",
                MatchRule::ExactAlias,
            ),
            // Normalised key: case, accents, punctuation, "the", legal suffixes.
            ("TELEFONICA S.A.", "Telefónica", MatchRule::NormalisedKey),
            ("Telefónica, S.A.", "Telefónica", MatchRule::ExactAlias),
            ("telefónica", "Telefónica", MatchRule::NormalisedKey),
            ("Thales", "Thales", MatchRule::ExactAlias),
            ("THALES GROUP", "Thales", MatchRule::NormalisedKey),
            ("The Lego Group", "LEGO Group", MatchRule::NormalisedKey),
            ("Lego", "LEGO Group", MatchRule::NormalisedKey),
            ("Kaspersky Labs", "Kaspersky", MatchRule::NormalisedKey),
            ("Google Inc.", "Google", MatchRule::NormalisedKey),
            ("Apple, Inc.", "Apple", MatchRule::NormalisedKey),
            ("at&t", "AT&T", MatchRule::NormalisedKey),
            (
                "Computer and Communications industry association (CCIA)",
                "CCIA",
                MatchRule::NormalisedKey,
            ),
            (
                "European Telecommunications Network Operators Association",
                "ETNO",
                MatchRule::NormalisedKey,
            ),
            ("DigitalEurope", "DigitalEurope", MatchRule::ExactAlias),
            ("Digital-Europe", "DigitalEurope", MatchRule::NormalisedKey),
            ("Euro ISPA", "EuroISPA", MatchRule::NormalisedKey),
            ("Ripe NCC", "RIPE NCC", MatchRule::NormalisedKey),
            (
                "Reseaux IP Europeens Network Coordination Centre",
                "RIPE NCC",
                MatchRule::NormalisedKey,
            ),
            (
                "Te\u{301}le\u{301}fonica",
                "Telefónica",
                MatchRule::NormalisedKey,
            ),
            // Acronym: either part of "Long (ABC)" / "ABC (Long)", or the initials.
            (
                "Tech Against Terrorism Initiative (TAT)",
                "Tech Against Terrorism",
                MatchRule::ExactAlias,
            ),
            (
                "Internet Industry Association (eco)",
                "eco",
                MatchRule::ExactAlias,
            ),
            (
                "Global Network Initiative Foundation (GNI)",
                "GNI",
                MatchRule::Acronym,
            ),
            (
                "IEEE (Institute of Electrical & Electronic Engineers)",
                "IEEE",
                MatchRule::Acronym,
            ),
            (
                "International Communications Consultancy Org",
                "ICCO",
                MatchRule::Acronym,
            ),
            (
                "Institute for Electrical Electronics Engineers",
                "IEEE",
                MatchRule::Acronym,
            ),
            (
                "European Telecoms Network Operators Association",
                "ETNO",
                MatchRule::Acronym,
            ),
            (
                "Internet Corporation Assigned Names Numbers",
                "ICANN",
                MatchRule::Acronym,
            ),
            // Candidates and non-partners.
            ("Sberbank", "Sberbank", MatchRule::ExactAlias),
            ("ICANN", "ICANN", MatchRule::ExactAlias),
            ("Symantec", "Symantec", MatchRule::ExactAlias),
            (
                "\"Tech against Trafficking\" network",
                "Tech against Trafficking",
                MatchRule::ExactAlias,
            ),
            (
                "Tech Against Trafficking",
                "Tech against Trafficking",
                MatchRule::NormalisedKey,
            ),
        ];
        for (name, canonical, rule) in rows {
            let m = reg
                .lookup(name)
                .unwrap_or_else(|| panic!("{name:?} matched nothing"));
            assert_eq!((m.canonical, m.rule), (*canonical, *rule), "{name:?}");
        }
    }

    #[test]
    fn near_misses_and_ambiguities_are_not_matched() {
        let reg = shipped();
        for name in [
            "Gogle",
            "Microsft",
            "Deutsche Bank",
            "Google Microsoft",
            "Google (Microsoft)",
            "Orange Juice",
            "Apple Tree Trust",
            "",
            "   ",
            "Network",
            "Group",
        ] {
            assert_eq!(reg.lookup(name), None, "{name:?}");
        }
    }

    #[test]
    fn entities_are_of_the_right_kind() {
        let reg = shipped();
        let kind = |n: &str| match reg.lookup(n).map(|m| m.entity) {
            Some(Entity::Partner(_)) => "partner",
            Some(Entity::Candidate(_)) => "candidate",
            Some(Entity::NonPartner(_)) => "non-partner",
            Some(Entity::Placeholder) => "placeholder",
            Some(Entity::All) => "all",
            None => "none",
        };
        for (name, expected) in [
            ("Google", "partner"),
            ("Sberbank", "candidate"),
            ("ICANN", "non-partner"),
            ("TBD", "placeholder"),
            ("tbc", "placeholder"),
            (
                "TBD. Possibly \"Tech against Trafficking\" network",
                "placeholder",
            ),
            (
                "Companies interested in providing input to standard-setting work",
                "placeholder",
            ),
            (
                "Companies working on education e.g. Microsoft, Apple, Google",
                "placeholder",
            ),
            (
                "Companies and research centres working on BCI in and around San Francisco.",
                "placeholder",
            ),
            (
                "Companies and research centres working on BCI in and around San Francisco",
                "placeholder",
            ),
            ("N/A", "placeholder"),
            ("n.a.", "placeholder"),
            ("-", "placeholder"),
            ("–", "placeholder"),
            ("All", "all"),
            ("all partners", "all"),
            ("Tous", "all"),
            ("Allianz", "none"),
            ("TBDx", "none"),
        ] {
            assert_eq!(kind(name), expected, "{name:?}");
        }
        let m = reg.lookup("All").expect("All");
        assert_eq!(m.canonical, "");
        assert!(reg.is_placeholder("TBD"));
        assert!(!reg.is_placeholder("Google"));
        assert!(!reg.is_placeholder(""));
    }

    #[test]
    fn placeholder_prefix_covers_its_words_only() {
        let reg = shipped();
        let text = "TBD. Possibly \"Tech against Trafficking\" network";
        assert_eq!(reg.placeholder_prefix(text), Some(3));
        assert_eq!(reg.placeholder_prefix("-"), Some(1));
        assert_eq!(reg.placeholder_prefix("Google"), None);
        assert_eq!(reg.placeholder_prefix(""), None);
    }

    #[test]
    fn shortcuts_agree_with_the_general_forms() {
        let words = [
            "Inc",
            "INC",
            "inc",
            "Inc.",
            "S.A.",
            "sa",
            "Group",
            "GmbH",
            "corp",
            "Corpo",
            "Lab",
            "Labs",
            "K\u{212A}",
            "ltd",
            "plc",
            "Plc",
            "AB",
            "",
            "x",
            "Ltd1",
            "Ø",
        ];
        for w in words {
            assert_eq!(is_legal_suffix(w), is_legal_suffix_by_key_words(w), "{w:?}");
        }
        for w in [
            "Apple", "apple", "(ICCO)", "'s", "9to5", "Élysée", "Øresund", "ß",
        ] {
            let mut s = String::new();
            fold_into(w.chars().next().unwrap(), &mut s);
            assert_eq!(
                initial(w),
                s.chars().next().map(|c| c.to_ascii_uppercase()),
                "{w:?}"
            );
        }
        for w in [
            "of",
            "OF",
            "The",
            "tHe",
            "and",
            "ANDs",
            "K\u{212A}",
            "in",
            "İn",
            "de",
            "x",
        ] {
            assert_eq!(
                STOPWORDS.iter().any(|s| s.eq_ignore_ascii_case(w)),
                STOPWORDS.contains(&w.to_lowercase().as_str()),
                "{w:?}"
            );
        }
    }

    #[test]
    fn keys_forget_case_accents_punctuation_and_legal_suffixes() {
        for (name, k) in [
            ("the LEGO Group", "lego"),
            ("Telefónica S.A.", "telefonica"),
            ("Telefónica, SA", "telefonica"),
            ("AT&T", "att"),
            ("AT & T", "at and t"),
            (
                "Computer & Communications industry association",
                "computer and communications industry",
            ),
            (
                "European Telecommunications Network Operators' Association",
                "european telecommunications network operators",
            ),
            ("Kaspersky Lab", "kaspersky"),
            ("Thalès", "thales"),
            ("Réseaux IP Européens", "reseaux ip europeens"),
            ("Ørsted A/S", "orsted a s"),
            ("The", "the"),
            ("Group", "group"),
            (
                "\"Tech against Trafficking\" network",
                "tech against trafficking",
            ),
            ("Element AI (now ServiceNow)", "element ai now servicenow"),
        ] {
            assert_eq!(key(name), k, "{name:?}");
        }
    }

    #[test]
    fn no_two_shipped_entries_share_a_key() {
        let reg = shipped();
        let mut seen: HashMap<String, String> = HashMap::default();
        let entries = reg
            .partners()
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.aliases
                        .iter()
                        .chain(p.renames.iter().map(|r| &r.to))
                        .cloned()
                        .collect::<Vec<_>>(),
                )
            })
            .chain(
                reg.candidates()
                    .iter()
                    .map(|c| (c.name.clone(), c.aliases.clone())),
            )
            .chain(
                reg.non_partners()
                    .iter()
                    .map(|n| (n.name.clone(), n.aliases.clone())),
            );
        for (name, aliases) in entries {
            for spelling in std::iter::once(&name).chain(&aliases) {
                if let Some(other) = seen.insert(key(spelling), name.clone()) {
                    assert_eq!(other, name, "{spelling:?} shares its key with {other}");
                }
            }
        }
    }

    #[test]
    fn remembered_suggestions_are_those_worked_out_afresh() {
        let asked_before = shipped();
        let one = asked_before.suggest("Microsfot Corp", 1);
        let three = asked_before.suggest("Microsfot  corp.", 3);
        let fresh = shipped().suggest("Microsfot Corp", 3);
        assert_eq!(
            three, fresh,
            "a name asked once for one suggestion, then for three"
        );
        assert_eq!(one[..], fresh[..1]);
        assert_eq!(
            asked_before.suggest("Microsfot Corp", 5),
            shipped().suggest("Microsfot Corp", 5)
        );
        assert_eq!(asked_before.suggest("Microsfot Corp", 5).len(), 5);
    }

    #[test]
    fn suggestions_are_ranked_and_deterministic() {
        let reg = shipped();
        let s = reg.suggest("Gogle", 3);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].0, "Google");
        assert!(s[0].1 > 0.9 && s[0].1 <= 1.0, "{s:?}");
        assert!(s.windows(2).all(|w| w[0].1 >= w[1].1));
        assert_eq!(reg.suggest("Deutsche Telekon", 1)[0].0, "Deutsche Telekom");
        assert_eq!(reg.suggest("Symantek", 1)[0].0, "Symantec");
        assert_eq!(reg.suggest("Gogle", 3), s, "same answer every time");
        assert!(reg.suggest("", 3).is_empty());
        assert!(reg.suggest("Google", 0).is_empty());
        // Ties are broken by name.
        let tie = PartnerRegistry::from_toml(
            "[[partner]]\nname = \"Beta\"\nkind = \"company\"\n[[partner]]\nname = \"Alpha\"\nkind = \"company\"\n",
            "t",
        )
        .expect("loads");
        let s = tie.suggest("zzzz", 2);
        assert_eq!(
            s.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["Alpha", "Beta"]
        );
    }

    #[test]
    fn longest_prefix_match_reads_lists_separated_by_spaces() {
        let reg = shipped();
        let rows: &[(&str, Option<(&str, &str)>)] = &[
            (
                "Deutsche Telecom Facebook GNI",
                Some(("Deutsche Telecom", "Deutsche Telekom")),
            ),
            (
                "GNI (Global Network Initiative) Microsoft",
                Some(("GNI (Global Network Initiative)", "GNI")),
            ),
            (
                "EuroISPA (European Internet Services Providers Association) Google",
                Some((
                    "EuroISPA (European Internet Services Providers Association)",
                    "EuroISPA",
                )),
            ),
            (
                "Telefónica SA  Non-partner: TAT",
                Some(("Telefónica SA", "Telefónica")),
            ),
            (
                "Kaspersky Lab Microsoft",
                Some(("Kaspersky Lab", "Kaspersky")),
            ),
            (
                "Microsoft (Microsoft Corporation) Google",
                Some(("Microsoft (Microsoft Corporation)", "Microsoft")),
            ),
            ("Google (tbc) Apple", Some(("Google", "Google"))),
            (
                "\"Tech against Trafficking\" network",
                Some((
                    "\"Tech against Trafficking\" network",
                    "Tech against Trafficking",
                )),
            ),
            ("Goo gle Microsoft", Some(("Goo gle", "Google"))),
            (
                "DigitalEurope Google",
                Some(("DigitalEurope", "DigitalEurope")),
            ),
            (
                "the LEGO Group Google",
                Some(("the LEGO Group", "LEGO Group")),
            ),
            ("Gogle Microsoft", None),
            ("TBD Google", None),
            ("", None),
        ];
        for (text, expected) in rows {
            let got = reg
                .longest_prefix_match(text)
                .map(|(n, m)| (&text[..n], m.canonical));
            assert_eq!(got, *expected, "{text:?}");
        }
        let (_, m) = reg
            .longest_prefix_match("Telefónica SA Google")
            .expect("match");
        assert_eq!(m.rule, MatchRule::ExactAlias);
        let (_, m) = reg
            .longest_prefix_match("TELEFONICA Google")
            .expect("match");
        assert_eq!(m.rule, MatchRule::NormalisedKey);
    }

    #[test]
    fn partial_dates_read_and_print_as_written() {
        for (text, ok) in [
            ("2020", Some("2020")),
            ("2020-02", Some("2020-02")),
            ("2020-02-06", Some("2020-02-06")),
            (" 2017-11-08 ", Some("2017-11-08")),
            ("2020-02-30", None),
            ("2020-13", None),
            ("20-02-06", None),
            ("2020/02/06", None),
            ("06/02/2020", None),
            ("2020-2-6", None),
            ("", None),
        ] {
            assert_eq!(
                PartialDate::parse(text).map(|d| d.to_string()).as_deref(),
                ok,
                "{text:?}"
            );
        }
        let d = |s: &str| PartialDate::parse(s).expect("valid");
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(d("2020").first_day(), ymd(2020, 1, 1));
        assert_eq!(d("2020").last_day(), ymd(2020, 12, 31));
        assert_eq!(d("2020-02").last_day(), ymd(2020, 2, 29));
        assert_eq!(d("2020-12").last_day(), ymd(2020, 12, 31));
        assert_eq!(d("2020-02-06").last_day(), ymd(2020, 2, 6));
        assert!(d("2020") < d("2020-02-06"));
    }

    #[test]
    fn toml_dates_are_accepted_too() {
        let reg = PartnerRegistry::from_toml(
            "[[partner]]\nname = \"A\"\nkind = \"company\"\njoined = 2020-02-06\n",
            "t",
        )
        .expect("a bare TOML date is a date");
        assert_eq!(
            reg.partners()[0].joined.map(|d| d.to_string()).as_deref(),
            Some("2020-02-06")
        );
    }

    #[test]
    fn load_errors_name_the_line() {
        let base =
            "[[partner]]\nname = \"Google\"\nkind = \"company\"\naliases = [\"Google LLC\"]\n\n";
        let rows: &[(String, usize, &str)] = &[
            // Broken TOML: an unclosed string.
            (format!("{base}[[partner]]\nname = \"Apple\nkind = \"company\"\n"), 7, ""),
            // The same alias on two partners: the second is named, and the first's line.
            (
                format!("{base}[[partner]]\nname = \"Alphabet\"\nkind = \"company\"\naliases = [\"Google LLC\"]\n"),
                9,
                "\"Google LLC\" is already given to partner Google (line 4)",
            ),
            // Two spellings with the same key.
            (
                format!("{base}[[partner]]\nname = \"GOOGLE Inc.\"\nkind = \"company\"\n"),
                7,
                "read the same",
            ),
            // A typo in a key.
            (format!("{base}[[partner]]\nname = \"Apple\"\nkind = \"company\"\nalias = [\"Apple Inc.\"]\n"), 9, "unknown field `alias`"),
            // An unknown kind.
            (format!("{base}[[partner]]\nname = \"Apple\"\nkind = \"firm\"\n"), 8, "unknown variant `firm`"),
            // A bad date.
            (format!("{base}[[partner]]\nname = \"Apple\"\nkind = \"company\"\njoined = \"8 November 2017\"\n"), 9, "is not a date"),
            // A missing name.
            (format!("{base}[[partner]]\nkind = \"company\"\n"), 6, "missing field `name`"),
            // A placeholder that would swallow a partner.
            (format!("placeholders = [\"Google\"]\n{base}"), 1, "would swallow \"Google\""),
            // A name with no letters.
            (format!("{base}[[non_partner]]\nname = \"--\"\n"), 7, "has no letters or digits"),
        ];
        for (toml, line, needle) in rows {
            let e = error(toml);
            assert_eq!(e.line, Some(*line), "{e}");
            let shown = e.to_string();
            assert!(
                shown.starts_with(&format!("input/partners.toml line {line}, column ")),
                "{shown}"
            );
            assert!(shown.contains(needle), "{shown}");
            assert!(shown.ends_with("; fix the line and run again"), "{shown}");
        }
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = match PartnerRegistry::load(Path::new("no/such/partners.toml")) {
            Ok(_) => panic!("loaded a missing file"),
            Err(e) => e,
        };
        assert_eq!(e.line, None);
        assert!(
            e.to_string()
                .starts_with("no/such/partners.toml: cannot read the partner registry: "),
            "{e}"
        );
    }
}
