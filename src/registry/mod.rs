//! The partner registry: canonical names, aliases, join dates, renames, candidates,
//! non-partners and placeholders, read from `input/partners.toml`.
//!
//! The registry is the one place that says what a name in a workplan stands for. It is
//! built once per run, then only read (it is `Send + Sync`), and every lookup is a few
//! hash-map probes: exact strings, normalised keys and acronyms are precomputed at load.
//!
//! Matching is deliberately strict. [`PartnerRegistry::lookup`] tries, in order, the
//! exact spelling, the normalised key ([`name_key`]: case, accents, punctuation, "&", a
//! leading "the" and legal suffixes ignored) and the acronym rule; it never guesses.
//! Similarity scores are only offered as suggestions ([`PartnerRegistry::suggest`]) for
//! a human to turn into aliases. Because keys forget so much, the loader refuses a file
//! in which two entries share a key, naming the line of each.

pub mod apply;
mod date;
mod file;
mod key;
mod legal;
mod lookup;
mod suggest;
#[cfg(test)]
mod tests;

/// The registry shipped in `input/partners.toml`, read from disk: the tests of every
/// stage run on it.
#[cfg(test)]
pub(crate) fn shipped() -> PartnerRegistry {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml");
    PartnerRegistry::load(&path).expect("the shipped registry")
}

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

pub use date::PartialDate;
pub use file::RegistryError;
pub use key::{is_legal_suffix, is_list_marker, name_key};
pub use suggest::Suggestion;
use suggest::SuggestionMemo;

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
    /// Subsidiaries, national offices and research arms that count as the partner,
    /// with a note naming them ("Google Ireland").
    pub affiliates: Vec<String>,
    /// Known different organisations sharing its name's start or its acronym ("Apple
    /// Bank for Savings"): never matched to it, each read as a non-partner.
    pub different: Vec<String>,
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

/// How a name was matched (for provenance notes). The first four are certain and
/// silent; the others are weaker and the match is to be confirmed by a person
/// ([`MatchRule::is_certain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchRule {
    /// The canonical name or an alias, exactly as written (spaces collapsed).
    ExactAlias,
    /// The normalised key of the canonical name or an alias (see [`name_key`]): case,
    /// accents, punctuation and legal forms set aside; also a placeholder matched by
    /// its first words.
    NormalisedKey,
    /// A declared affiliate of a partner, by its spelling or its normalised key.
    Affiliate,
    /// "Long Name (ABC)" / "ABC (Long Name)" where both parts name the entry.
    Acronym,
    /// "Long Name (ABC)" where only the acronym names the entry and the long name is a
    /// near spelling of the entry's.
    AcronymNearName,
    /// The initials of a long name ("Global Network Initative" = "GNI").
    Initials,
    /// A near spelling of a long name (a letter or two wrong, missing or swapped).
    NearSpelling,
    /// A partner's name followed by more words ("Google Cloud Germany"): probably an
    /// affiliate the registry does not declare.
    AffiliateGuessed,
}

impl MatchRule {
    /// The rule's name as used in notes ("matched X by {as_str}") and in the review
    /// file's `rule` column.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchRule::ExactAlias => "alias",
            MatchRule::NormalisedKey => "normalised name",
            MatchRule::Affiliate => "declared affiliate",
            MatchRule::Acronym => "acronym",
            MatchRule::AcronymNearName => "acronym with a near long name",
            MatchRule::Initials => "initials",
            MatchRule::NearSpelling => "near spelling",
            MatchRule::AffiliateGuessed => "guessed affiliate",
        }
    }

    /// Whether a match by this rule is certain: exact, alias, normalised key (legal
    /// forms included), declared affiliate, or both parts of "Long Name (ABC)". A match
    /// by any other rule is made, and listed for a person to confirm.
    pub fn is_certain(self) -> bool {
        matches!(
            self,
            MatchRule::ExactAlias
                | MatchRule::NormalisedKey
                | MatchRule::Affiliate
                | MatchRule::Acronym
        )
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
    /// The declared affiliate the name is, as the registry writes it.
    pub affiliate: Option<&'a str>,
}

/// What an indexed string points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Partner(usize),
    Candidate(usize),
    NonPartner(usize),
    /// A declared affiliate: (partner, affiliate) indices.
    Affiliate(usize, usize),
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

impl PartnerRegistry {
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

    fn name_match(&self, t: Target, rule: MatchRule) -> NameMatch<'_> {
        let mut affiliate = None;
        let mut rule = rule;
        let entity = match t {
            Target::Partner(i) => Entity::Partner(&self.partners[i]),
            Target::Affiliate(i, a) => {
                affiliate = Some(self.partners[i].affiliates[a].as_str());
                if matches!(rule, MatchRule::ExactAlias | MatchRule::NormalisedKey) {
                    rule = MatchRule::Affiliate;
                }
                Entity::Partner(&self.partners[i])
            }
            Target::Candidate(i) => Entity::Candidate(&self.candidates[i]),
            Target::NonPartner(i) => Entity::NonPartner(&self.non_partners[i]),
            Target::Placeholder => Entity::Placeholder,
            Target::All => Entity::All,
        };
        NameMatch {
            entity,
            canonical: self.canonical_of(t),
            rule,
            affiliate,
        }
    }

    fn canonical_of(&self, t: Target) -> &str {
        match t {
            Target::Partner(i) | Target::Affiliate(i, _) => &self.partners[i].name,
            Target::Candidate(i) => &self.candidates[i].name,
            Target::NonPartner(i) => &self.non_partners[i].name,
            Target::Placeholder | Target::All => "",
        }
    }
}

/// A partner, candidate or non-partner (not a placeholder or "All").
fn is_entity(t: Target) -> bool {
    !matches!(t, Target::Placeholder | Target::All)
}

/// The largest char boundary of `text` not after `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
