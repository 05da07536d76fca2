//! The registry file: its TOML format as written, read into a [`PartnerRegistry`] with
//! every problem reported at its line and column.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::key::{as_acronym, key_words, raw_words};
use super::suggest::SuggestionMemo;
use super::{
    floor_char_boundary, is_entity, Candidate, NonPartner, PartialDate, Partner, PartnerKind,
    PartnerRegistry, Rename, Target,
};
use crate::text::collapse_whitespace;

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
    #[serde(default)]
    affiliates: Vec<Spanned<String>>,
    #[serde(default)]
    different: Vec<Spanned<String>>,
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
    #[serde(default)]
    different: Vec<Spanned<String>>,
    source: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNonPartner {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    different: Vec<Spanned<String>>,
    note: Option<String>,
}

/// Where a string was written in the file, for error messages.
struct Written {
    text: String,
    span: std::ops::Range<usize>,
    target: Target,
}

/// The registry's text and name, to place errors at a line and column.
struct Source<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Source<'_> {
    /// An error at `span` (or at no place).
    fn error(&self, span: Option<std::ops::Range<usize>>, message: String) -> RegistryError {
        let (line, column) = match span {
            Some(s) => {
                let (l, c) = line_column(self.text, s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        RegistryError {
            origin: self.origin.to_owned(),
            line,
            column,
            message,
        }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        line_column(self.text, offset).0
    }
}

/// The entries of the file, and every spelling written for them.
struct Entries {
    partners: Vec<Partner>,
    candidates: Vec<Candidate>,
    non_partners: Vec<NonPartner>,
    /// Names, aliases and rename targets of the entries, then the "All" forms.
    written: Vec<Written>,
    /// How many of `written` belong to entries (the rest are "All" forms).
    entity_count: usize,
    /// The non-partners declared as such; those after them are the different
    /// organisations declared beside partners, never offered as suggestions.
    declared_non_partners: usize,
}

/// The lookup tables built from the spellings: see the fields of [`PartnerRegistry`].
#[derive(Default)]
struct Index {
    exact: HashMap<String, Target>,
    keys: HashMap<String, Target>,
    compact: HashMap<String, Target>,
    acronyms: HashMap<String, Target>,
    max_words: usize,
    starts: HashMap<String, usize>,
    pool: Vec<(String, String, Target)>,
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
        let source = Source { text, origin };
        let raw: RawRegistry = toml::from_str(text)
            .map_err(|e| source.error(e.span(), lowercase_first(e.message().trim())))?;
        let entries = entries(&raw, &source);
        let mut index = index(&entries, &source)?;
        let placeholders = placeholders(&raw.placeholders, &entries, &mut index, &source)?;
        Ok(PartnerRegistry {
            by_name: entries
                .partners
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.clone(), i))
                .collect(),
            partners: entries.partners,
            candidates: entries.candidates,
            non_partners: entries.non_partners,
            exact: index.exact,
            keys: index.keys,
            compact: index.compact,
            acronyms: index.acronyms,
            placeholders,
            // Room for "the" and legal suffixes around the longest name ("Telefónica S.A.").
            max_words: index.max_words + 3,
            starts: index.starts,
            pool: index.pool,
            suggested: SuggestionMemo::default(),
        })
    }
}

/// The partners, candidates and non-partners as read, and where each spelling was
/// written.
fn entries(raw: &RawRegistry, source: &Source<'_>) -> Entries {
    let mut written: Vec<Written> = Vec::new();
    let mut note = |s: &Spanned<String>, target: Target| {
        written.push(Written {
            text: s.get_ref().clone(),
            span: s.span(),
            target,
        })
    };
    let plain = |v: &[Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();

    let mut partners = Vec::with_capacity(raw.partner.len());
    // Known different organisations, read as non-partners after the declared ones.
    let mut different: Vec<(&Spanned<String>, String)> = Vec::new();
    for (i, p) in raw.partner.iter().enumerate() {
        let t = Target::Partner(i);
        note(&p.name, t);
        p.aliases.iter().for_each(|a| note(a, t));
        p.renames.iter().for_each(|r| note(&r.to, t));
        for (k, a) in p.affiliates.iter().enumerate() {
            note(a, Target::Affiliate(i, k));
        }
        let of = format!("the partner {}", p.name.get_ref().trim());
        different.extend(p.different.iter().map(|d| (d, of.clone())));
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
            affiliates: plain(&p.affiliates),
            different: plain(&p.different),
            note: p.note.clone(),
            line: source.line(p.name.span().start),
        });
    }
    let mut candidates = Vec::with_capacity(raw.candidate.len());
    for (i, c) in raw.candidate.iter().enumerate() {
        note(&c.name, Target::Candidate(i));
        let of = format!("the candidate {}", c.name.get_ref().trim());
        different.extend(c.different.iter().map(|d| (d, of.clone())));
        c.aliases.iter().for_each(|a| note(a, Target::Candidate(i)));
        candidates.push(Candidate {
            name: c.name.get_ref().trim().to_owned(),
            aliases: plain(&c.aliases),
            source: c.source.clone(),
            note: c.note.clone(),
            line: source.line(c.name.span().start),
        });
    }
    let mut non_partners = Vec::with_capacity(raw.non_partner.len());
    for (i, n) in raw.non_partner.iter().enumerate() {
        note(&n.name, Target::NonPartner(i));
        let of = format!("the non-partner {}", n.name.get_ref().trim());
        different.extend(n.different.iter().map(|d| (d, of.clone())));
        n.aliases
            .iter()
            .for_each(|a| note(a, Target::NonPartner(i)));
        non_partners.push(NonPartner {
            name: n.name.get_ref().trim().to_owned(),
            aliases: plain(&n.aliases),
            note: n.note.clone(),
            line: source.line(n.name.span().start),
        });
    }
    let declared_non_partners = non_partners.len();
    for (d, of) in different {
        note(d, Target::NonPartner(non_partners.len()));
        non_partners.push(NonPartner {
            name: d.get_ref().trim().to_owned(),
            aliases: Vec::new(),
            note: Some(format!(
                "a different organisation from {of}, declared beside it"
            )),
            line: source.line(d.span().start),
        });
    }
    raw.all.iter().for_each(|a| note(a, Target::All));
    let entity_count = written.len() - raw.all.len();
    Entries {
        partners,
        candidates,
        non_partners,
        written,
        entity_count,
        declared_non_partners,
    }
}

/// The lookup tables of every spelling. Exact strings, keys and compact keys may each
/// belong to one entry only: a second entry taking one is an error naming both lines.
fn index(entries: &Entries, source: &Source<'_>) -> Result<Index, RegistryError> {
    let written = &entries.written;
    let mut index = Index::default();
    let mut first_at: [HashMap<String, usize>; 3] = Default::default();
    for (i, w) in written.iter().enumerate() {
        let words = key_words(&w.text);
        if words.is_empty() {
            return Err(source.error(
                Some(w.span.clone()),
                format!("\"{}\" has no letters or digits", w.text),
            ));
        }
        let k = words.join(" ");
        let c = words.concat();
        let values = [collapse_whitespace(&w.text), k.clone(), c.clone()];
        let maps = [&mut index.exact, &mut index.keys, &mut index.compact];
        for (kind, (value, map)) in values.into_iter().zip(maps).enumerate() {
            match first_at[kind].get(&value) {
                Some(&j) if written[j].target != w.target => {
                    let message = clash(entries, source, w, &written[j], kind, &value);
                    return Err(source.error(Some(w.span.clone()), message));
                }
                Some(_) => {}
                None => {
                    first_at[kind].insert(value.clone(), i);
                    map.insert(value, w.target);
                }
            }
        }
        if let Some(acronym) = as_acronym(&w.text) {
            index.acronyms.entry(acronym).or_insert(w.target);
        }
        index.max_words = index.max_words.max(raw_words(&w.text).len());
        if is_entity(w.target) {
            // Room for "the" before and two legal suffixes after ("S.A. Inc.").
            let mut start = |prefix: &str, words: usize| {
                let e = index.starts.entry(prefix.to_owned()).or_insert(0);
                *e = (*e).max(words + 3);
            };
            start(&words[0], words.len());
            // "DigitalEurope" written "Digital Europe", "Goo gle": a compact key
            // split in a few places.
            for (i, _) in c.char_indices().skip(1) {
                start(&c[..i], words.len());
            }
            start(&c, words.len());
            let different =
                matches!(w.target, Target::NonPartner(j) if j >= entries.declared_non_partners);
            if !different {
                index.pool.push((k, c, w.target));
            }
        }
    }
    Ok(index)
}

/// The message for spelling `w` taking a `value` that `first` (another entry) holds:
/// the same exact string (`kind` 0) or the same key (1, 2).
fn clash(
    entries: &Entries,
    source: &Source<'_>,
    w: &Written,
    first: &Written,
    kind: usize,
    value: &str,
) -> String {
    let names = Names {
        partners: &entries.partners,
        candidates: &entries.candidates,
        non_partners: &entries.non_partners,
    };
    let line = source.line(first.span.start);
    if kind == 0 {
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
    }
}

/// The placeholders as key words, each also indexed by its exact spelling. A
/// placeholder may never be the start of an entity's name, or that entity could not be
/// matched any more.
fn placeholders(
    raw: &[Spanned<String>],
    entries: &Entries,
    index: &mut Index,
    source: &Source<'_>,
) -> Result<Vec<Vec<String>>, RegistryError> {
    let names = Names {
        partners: &entries.partners,
        candidates: &entries.candidates,
        non_partners: &entries.non_partners,
    };
    let mut placeholders = Vec::with_capacity(raw.len());
    for p in raw {
        let words = raw_words(p.get_ref());
        for w in entries.written.iter().take(entries.entity_count) {
            let entity_words = raw_words(&w.text);
            let swallowed = if words.is_empty() {
                entity_words.is_empty()
            } else {
                entity_words.starts_with(&words)
            };
            if swallowed {
                return Err(source.error(
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
        index
            .exact
            .entry(collapse_whitespace(p.get_ref()))
            .or_insert(Target::Placeholder);
        placeholders.push(words);
    }
    Ok(placeholders)
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
            Target::Affiliate(i, a) => format!(
                "affiliate {} of partner {}",
                self.partners[i].affiliates[a], self.partners[i].name
            ),
            Target::Placeholder => "the placeholders".to_owned(),
            Target::All => "`all`".to_owned(),
        }
    }
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
