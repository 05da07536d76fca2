//! How findings are worded: each [`Finding`] in English or French ([`explain`]), counts
//! and lists in words, suggestions with their scores, renames, and the places of
//! activities and list rows ("rows 3-5, 9"). Findings carry facts and are worded here
//! when printed: `disagreements.csv` in English, `reconciliation.pdf` in the run's
//! language.

use std::collections::BTreeMap;

use super::findings::{
    ActivityRef, Finding, JoinRow, ListRef, Outcome, RenameNote, Source, Standing, Topic,
};
use super::lists::{Announced, ListKind};
use crate::config::Lang;
use crate::model::{Activity, Location};
use crate::registry::{PartialDate, Partner, PartnerKind, Rename};

/// "; suggestions: Google (0.93), Orange (0.71)" or "".
pub(super) fn suggestion_text(suggestions: &[(String, f64)]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; suggestions: {}", format_suggestions(suggestions))
    }
}

/// "Google (0.93), Orange (0.71)".
pub fn format_suggestions(suggestions: &[(String, f64)]) -> String {
    suggestions
        .iter()
        .map(|(s, score)| format!("{s} ({score:.2})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1 list", "3 lists".
pub(super) fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `text` cut to at most `max` characters at the last space before the cut, with "…";
/// unchanged when short enough. Activity titles are cited so; the name reader's
/// `shorten` (in `normalise::names`) cuts a quoted piece at exactly 120 characters.
pub(super) fn shorten_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// "Element AI → ServiceNow (date not given)".
pub(super) fn describe_rename(p: &Partner, r: &Rename) -> String {
    format!("{} → {}", p.name, later_name(r, Lang::En))
}

/// "ServiceNow (date not given)", "Meta (2021-10-28)"; in French "ServiceNow (date non
/// indiquée)", "Meta (28 octobre 2021)".
pub(super) fn later_name(r: &Rename, lang: Lang) -> String {
    let date = match (r.date, lang) {
        (Some(d), _) => Words::of(lang).date(Some(d)),
        (None, Lang::En) => "date not given".to_owned(),
        (None, Lang::Fr) => "date non indiquée".to_owned(),
    };
    format!("{} ({date})", r.to)
}

impl RenameNote {
    /// The rename in words of `lang`: "Element AI → ServiceNow (date not given); source:
    /// …; input/partners.toml line 272 (Element AI); written so: “…” at … row 75 (…)".
    pub fn words(&self, lang: Lang) -> String {
        let w = Words::of(lang);
        let (sep, colon) = if w.fr() { (" ; ", " :") } else { ("; ", ":") };
        let mut s = format!("{} → {}", self.from, later_name(&self.rename, lang));
        if let Some(src) = &self.rename.source {
            s.push_str(&format!("{sep}source{colon} {src}"));
        }
        if let Some(r) = &self.registry {
            s.push_str(&format!("{sep}{}", r.words(lang)));
        }
        if !self.written.is_empty() {
            let at: Vec<String> = self.written.iter().map(|n| written_at(n, lang)).collect();
            let so = if w.fr() { "écrit ainsi" } else { "written so" };
            s.push_str(&format!("{sep}{so}{colon} {}", at.join(", ")));
        }
        s
    }
}

/// Later names joined: "Meta (2021-10-28); X (date not given)", " ; " in French.
pub(super) fn later_names(renames: &[Rename], lang: Lang) -> String {
    let names: Vec<String> = renames.iter().map(|r| later_name(r, lang)).collect();
    names.join(Words::of(lang).semicolon())
}

/// Renames joined: "Facebook → Meta (2021-10-28); …", " ; " in French.
pub(super) fn rename_notes(notes: &[RenameNote], lang: Lang) -> String {
    let words: Vec<String> = notes.iter().map(|n| n.words(lang)).collect();
    words.join(Words::of(lang).semicolon())
}

/// "“Element AI (now ServiceNow)” at lists.csv row 75 (Participants)"; in French
/// "« … » à lists.csv ligne 75 (Participants)".
fn written_at(name: &Source, lang: Lang) -> String {
    match name {
        Source::Name {
            place,
            list,
            written,
        } => {
            let at = if lang == Lang::Fr { "à" } else { "at" };
            let written = Words::of(lang).quote(written);
            format!("{written} {at} {} ({list})", location_in(place, lang))
        }
        other => other.words(lang),
    }
}

/// "input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 31" (rows 27-28 when joined).
pub fn activity_place(a: &Activity) -> String {
    let rows = row_numbers(&a.source.rows);
    match &a.source.sheet {
        Some(sheet) => format!("{} [{sheet}] {rows}", a.source.file),
        None => format!("{} {rows}", a.source.file),
    }
}

/// "row 7", "rows 3-16", "rows 3-5, 9".
pub(super) fn row_numbers(rows: &[u32]) -> String {
    row_numbers_in(rows, Lang::En)
}

/// [`row_numbers`] in `lang`: "ligne 7", "lignes 3-5, 9".
pub(super) fn row_numbers_in(rows: &[u32], lang: Lang) -> String {
    let mut sorted: Vec<u32> = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        runs.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    let word = match (lang, sorted.len() == 1) {
        (Lang::En, true) => "row",
        (Lang::En, false) => "rows",
        (Lang::Fr, true) => "ligne",
        (Lang::Fr, false) => "lignes",
    };
    format!("{word} {}", runs.join(", "))
}

/// The places of a list's rows, per file and sheet: "input/partner-lists.csv rows 3-16",
/// or in French "… lignes 3-16".
pub(super) fn rows_place_in(rows: &[Location], lang: Lang) -> String {
    let mut by_file: BTreeMap<(String, Option<String>), Vec<u32>> = BTreeMap::new();
    let mut order: Vec<(String, Option<String>)> = Vec::new();
    for l in rows {
        let key = (l.file.clone(), l.sheet.clone());
        if !by_file.contains_key(&key) {
            order.push(key.clone());
        }
        by_file.entry(key).or_default().extend(l.row);
    }
    order
        .iter()
        .map(|key| {
            let rows = row_numbers_in(&by_file[key], lang);
            match &key.1 {
                Some(sheet) => format!("{} [{sheet}] {rows}", key.0),
                None => format!("{} {rows}", key.0),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Source {
    /// The source in words of `lang`: "input/partners.toml line 12 (Google)", or
    /// "input/partners.toml ligne 12 (Google)".
    pub fn words(&self, lang: Lang) -> String {
        let w = Words::of(lang);
        let colon = if w.fr() { " :" } else { ":" };
        match self {
            Source::At(place) => location_in(place, lang),
            Source::Claim { place, note } if note.is_empty() => location_in(place, lang),
            Source::Claim { place, note } => format!("{}{colon} {note}", location_in(place, lang)),
            Source::Activity { file, rows } => format!("{file} {}", row_numbers_in(rows, lang)),
            Source::List { rows, label } => {
                let label = match (label, w.fr()) {
                    (Some(l), _) => l.as_str(),
                    (None, false) => "the list",
                    (None, true) => "la liste",
                };
                format!("{} ({label})", rows_place_in(rows, lang))
            }
            Source::Name {
                place,
                list,
                written,
            } => format!(
                "{} ({list}{colon} {})",
                location_in(place, lang),
                w.quote(written)
            ),
            Source::Registry {
                file,
                line,
                name,
                joined,
                source,
            } => {
                let mut s = match lang {
                    Lang::En => format!("{file} line {line} ({name})"),
                    Lang::Fr => format!("{file} ligne {line} ({name})"),
                };
                if let Some(j) = joined {
                    s.push_str(&match lang {
                        Lang::En => format!(": joined {j}"),
                        Lang::Fr => format!(" : adhésion {}", w.date(Some(*j))),
                    });
                }
                if let Some(src) = source {
                    s.push_str(&format!(" (source{colon} {src})"));
                }
                s
            }
            Source::RegistryFile(file) => file.clone(),
        }
    }
}

/// A place in words of `lang`: "lists.csv row 7", or "lists.csv ligne 7" (a cell
/// reference such as "lists.csv!B7" is the same in both).
fn location_in(place: &Location, lang: Lang) -> String {
    match (lang, place.row, place.col) {
        (Lang::Fr, Some(row), None) => {
            let file = Location {
                row: None,
                header: None,
                ..place.clone()
            };
            match &place.header {
                Some(h) => format!("{file} ligne {row} ({h})"),
                None => format!("{file} ligne {row}"),
            }
        }
        _ => place.to_string(),
    }
}

/// Small words of one language: quotes, "and", nouns counted, dates.
#[derive(Debug, Clone, Copy)]
pub(super) struct Words {
    lang: Lang,
}

/// Nouns counted: English singular, English plural, French singular, French plural.
const NOUNS: &[[&str; 4]] = &[
    ["company", "companies", "entreprise", "entreprises"],
    ["association", "associations", "association", "associations"],
    ["other name", "other names", "autre nom", "autres noms"],
    ["partner", "partners", "partenaire", "partenaires"],
    ["list", "lists", "liste", "listes"],
    ["activity", "activities", "activité", "activités"],
];

/// Single words: English, French.
const WORDS: &[[&str; 2]] = &[["undated", "sans date"], ["cancelled", "annulée"]];

impl Words {
    /// The words of `lang`.
    pub(super) fn of(lang: Lang) -> Words {
        Words { lang }
    }

    fn fr(self) -> bool {
        self.lang == Lang::Fr
    }

    /// "“text”", or "« text »".
    pub(super) fn quote(self, text: &str) -> String {
        if self.fr() {
            // Non-breaking spaces: the marks stay with the words.
            format!("«\u{a0}{text}\u{a0}»")
        } else {
            format!("“{text}”")
        }
    }

    /// "a, b and c", or "a, b et c".
    pub(super) fn join_and(self, parts: &[String]) -> String {
        if !self.fr() {
            return join_and(parts);
        }
        match parts {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} et {last}", init.join(", ")),
        }
    }

    /// "1 list", "3 lists", "3 listes" (`noun` in English, singular).
    pub(super) fn count(self, n: u32, noun: &str) -> String {
        let forms = NOUNS
            .iter()
            .find(|f| f[0] == noun)
            .expect("a noun of the table");
        if self.fr() {
            let word = if n <= 1 { forms[2] } else { forms[3] };
            format!("{n} {word}")
        } else {
            plural(n, forms[0], forms[1])
        }
    }

    /// A word of the table (given in English) in this language.
    pub(super) fn word(self, en: &str) -> &'static str {
        let w = WORDS
            .iter()
            .find(|w| w[0] == en)
            .expect("a word of the table");
        if self.fr() {
            w[1]
        } else {
            w[0]
        }
    }

    /// "2017-11-08", or "8 novembre 2017" (empty when unknown).
    pub(super) fn date(self, d: Option<PartialDate>) -> String {
        match d {
            Some(d) if self.fr() => crate::report::french::partial(d),
            Some(d) => d.to_string(),
            None => String::new(),
        }
    }

    /// "le 8 novembre 2017", "en mai 2018", "en 2020" (French only).
    fn on(self, d: Option<PartialDate>) -> String {
        match d {
            Some(p) if p.day.is_some() => format!("le {}", self.date(d)),
            _ => format!("en {}", self.date(d)),
        }
    }

    /// "“2017 list” (2020 overview, as of 2017-11-08)".
    pub(super) fn list(self, l: &ListRef) -> String {
        let label = self.quote(&l.label);
        match (l.as_of.is_empty(), self.fr()) {
            (true, _) => format!("{label} ({})", l.source),
            (false, false) => format!("{label} ({}, as of {})", l.source, l.as_of),
            (false, true) => format!("{label} ({}, état au {})", l.source, l.as_of),
        }
    }

    /// "; ", or " ; " in French.
    pub(super) fn semicolon(self) -> &'static str {
        if self.fr() {
            " ; "
        } else {
            "; "
        }
    }

    /// Lists cited, joined by semicolons.
    fn lists(self, ls: &[ListRef]) -> String {
        let cited: Vec<String> = ls.iter().map(|l| self.list(l)).collect();
        cited.join(self.semicolon())
    }

    /// Activities cited, joined by semicolons.
    fn activities(self, refs: &[ActivityRef]) -> String {
        let cited: Vec<String> = refs.iter().map(|r| r.describe_in(self.lang)).collect();
        cited.join(self.semicolon())
    }

    /// "8 companies and 6 associations", or "25 partners".
    pub(super) fn announced(self, a: &Announced) -> String {
        let mut parts = Vec::new();
        if let Some(c) = a.companies {
            parts.push(self.count(c, "company"));
        }
        if let Some(n) = a.associations {
            parts.push(self.count(n, "association"));
        }
        if parts.is_empty() {
            self.count(a.total, "partner")
        } else {
            self.join_and(&parts)
        }
    }

    /// "; suggestions: Google (0.93)", or " ; suggestions : Google (0.93)".
    fn suggestions(self, suggestions: &[(String, f64)]) -> String {
        match (suggestions.is_empty(), self.fr()) {
            (true, _) => String::new(),
            (false, false) => suggestion_text(suggestions),
            (false, true) => format!(" ; suggestions : {}", format_suggestions(suggestions)),
        }
    }
}

/// The finding `f` in one or two sentences of `lang`.
pub(super) fn explain(f: &Finding, lang: Lang) -> String {
    let w = Words::of(lang);
    match lang {
        Lang::En => english(f, w),
        Lang::Fr => french(f, w),
    }
}

/// [`explain`] in English: the sentences of `disagreements.csv`.
fn english(f: &Finding, w: Words) -> String {
    let n = |items: usize, noun: &str| w.count(items as u32, noun);
    match f {
        Finding::NamesCandidate { list, written } => format!(
            "{} names “{written}”, a candidate that the registry says never joined.",
            w.list(list)
        ),
        Finding::NamesKnownNonPartner { list, written } => format!(
            "{} names “{written}”, which the registry settles as not a partner.",
            w.list(list)
        ),
        Finding::AlreadyPartner {
            list,
            written,
            partner,
            joined,
        } => format!(
            "{} names “{written}” as in discussion, but {partner} had joined on {} by the \
             registry.",
            w.list(list),
            w.date(*joined)
        ),
        Finding::JoinDate {
            list,
            written,
            partner,
            joined,
        } => format!(
            "{} lists “{written}” as joining then, but the registry has {partner} joining on \
             {}.",
            w.list(list),
            w.date(*joined)
        ),
        Finding::NotYetPartner {
            list,
            written,
            partner,
            joined,
        } => format!(
            "{} names “{written}”, but {partner} joined only on {} by the registry.",
            w.list(list),
            w.date(*joined)
        ),
        Finding::ListsOmitPartner {
            partner,
            joined,
            lists,
        } => format!(
            "{partner} is not named on {} that should name it, since the registry has it \
             joining on {}: {}.",
            n(lists.len(), "list"),
            w.date(*joined),
            w.lists(lists)
        ),
        Finding::ListOmitsOwnJoiners {
            members,
            joiners,
            left_out,
        } => format!(
            "The {}'s {} does not name {} that its own {} lists as joined: {}.",
            members.source,
            w.list(members),
            n(left_out.len(), "partner"),
            w.list(joiners),
            left_out.join(", ")
        ),
        Finding::NeverJoined {
            candidate,
            discussed,
            later,
            note,
        } => {
            let mut text = if discussed.is_empty() {
                format!("{candidate} is a registry candidate that never joined; no list names it.")
            } else if later.is_empty() {
                format!(
                    "{candidate} was in discussion ({}) but never joined: the registry lists it \
                     as a candidate.",
                    w.lists(discussed)
                )
            } else {
                format!(
                    "{candidate} was in discussion ({}) but never joined: the registry lists it \
                     as a candidate, and none of the partner lists speaking for that time or \
                     later names it: {}.",
                    w.lists(discussed),
                    w.lists(later)
                )
            };
            if let Some(note) = note {
                text.push_str(&format!(" Registry note: {note}."));
            }
            text
        }
        _ => english_activities(f, w),
    }
}

/// [`english`] for the findings on activities and counts.
fn english_activities(f: &Finding, w: Words) -> String {
    let n = |items: usize, noun: &str| w.count(items as u32, noun);
    match f {
        Finding::ActiveBeforeJoined {
            partner,
            joined,
            activities,
        } => format!(
            "{partner} is named in {} dated before its join date ({}): {}.",
            n(activities.len(), "activity"),
            w.date(*joined),
            w.activities(activities)
        ),
        Finding::ActiveBeforeListed {
            partner,
            activities,
            years,
            checked,
            first_listed,
        } => {
            let years: Vec<String> = years.iter().map(i32::to_string).collect();
            let first = match first_listed {
                Some(l) => format!(" First listed: {}.", w.list(l)),
                None => " No list names it.".to_owned(),
            };
            format!(
                "{partner} takes part in {} in {} but is absent from every partner list \
                 speaking for that time or earlier: {}. Activities: {}.{first}",
                n(activities.len(), "activity"),
                w.join_and(&years),
                w.lists(checked),
                w.activities(activities)
            )
        }
        Finding::NamedNotPartner {
            name,
            standing,
            activities,
        } => {
            let said = match standing {
                Standing::KnownNonPartner(Some(note)) => format!("a known non-partner ({note})"),
                Standing::KnownNonPartner(None) => "a known non-partner".to_owned(),
                Standing::Candidate => "a candidate that never joined".to_owned(),
                Standing::WorkplanOnly => {
                    "marked as a non-partner in the workplan; not in the registry".to_owned()
                }
            };
            format!(
                "{name} is named in {} but is not a partner: {said}. {}.",
                n(activities.len(), "activity"),
                w.activities(activities)
            )
        }
        Finding::NamedUnmatched {
            name,
            suggestions,
            activities,
        } => format!(
            "“{name}” is named in {} and matches no partner{}. {}.",
            n(activities.len(), "activity"),
            w.suggestions(suggestions),
            w.activities(activities)
        ),
        Finding::CountAgainstNames {
            list,
            announced,
            named,
            kinds,
        } => {
            let mut text = format!(
                "The {} announces {} for {}, but the list names {}",
                list.source,
                w.announced(announced),
                w.list(list),
                named.describe_in(w.lang)
            );
            for (kind, names) in kinds {
                let label = match kind {
                    PartnerKind::Company => "companies",
                    PartnerKind::Association => "associations",
                };
                text.push_str(&format!("; the {label} named: {}", names.join(", ")));
            }
            text.push('.');
            text
        }
        Finding::CountAgainstRegistry {
            list,
            announced,
            counted,
            names,
            possible,
        } => {
            let maybe = if possible.is_empty() {
                String::new()
            } else {
                format!(
                    " (and possibly {} more, whose dates are less precise: {})",
                    possible.len(),
                    possible.join(", ")
                )
            };
            format!(
                "The {} announces {} for {}, but the registry counts {}{maybe}: {}.",
                list.source,
                w.announced(announced),
                w.list(list),
                counted.describe_in(w.lang),
                names.join(", ")
            )
        }
        _ => unreachable!("worded by english"),
    }
}

/// [`explain`] in French: the sentences of the French `reconciliation.pdf`.
fn french(f: &Finding, w: Words) -> String {
    let n = |items: usize, noun: &str| w.count(items as u32, noun);
    match f {
        Finding::NamesCandidate { list, written } => format!(
            "{} nomme {}, un candidat qui, selon le registre, n'a jamais adhéré.",
            w.list(list),
            w.quote(written)
        ),
        Finding::NamesKnownNonPartner { list, written } => format!(
            "{} nomme {}, que le registre établit comme non partenaire.",
            w.list(list),
            w.quote(written)
        ),
        Finding::AlreadyPartner {
            list,
            written,
            partner,
            joined,
        } => format!(
            "{} cite {} comme en discussion, mais selon le registre {partner} avait adhéré {}.",
            w.list(list),
            w.quote(written),
            w.on(*joined)
        ),
        Finding::JoinDate {
            list,
            written,
            partner,
            joined,
        } => format!(
            "{} donne {} comme adhérant à cette date, mais selon le registre {partner} a \
             adhéré {}.",
            w.list(list),
            w.quote(written),
            w.on(*joined)
        ),
        Finding::NotYetPartner {
            list,
            written,
            partner,
            joined,
        } => format!(
            "{} nomme {}, mais selon le registre {partner} n'a adhéré que {}.",
            w.list(list),
            w.quote(written),
            w.on(*joined)
        ),
        Finding::ListsOmitPartner {
            partner,
            joined,
            lists,
        } => format!(
            "{partner} n'est pas nommé sur {} qui devrai{} le nommer, puisque selon le \
             registre il a adhéré {} : {}.",
            n(lists.len(), "list"),
            if lists.len() > 1 { "ent" } else { "t" },
            w.on(*joined),
            w.lists(lists)
        ),
        Finding::ListOmitsOwnJoiners {
            members,
            joiners,
            left_out,
        } => format!(
            "Dans {}, la liste {} ne nomme pas {} que la liste {} du même document donne \
             comme ayant adhéré : {}.",
            members.source,
            w.list(members),
            n(left_out.len(), "partner"),
            w.list(joiners),
            left_out.join(", ")
        ),
        Finding::NeverJoined {
            candidate,
            discussed,
            later,
            note,
        } => {
            let mut text = if discussed.is_empty() {
                format!(
                    "{candidate} est un candidat du registre qui n'a jamais adhéré ; aucune \
                     liste ne le nomme."
                )
            } else if later.is_empty() {
                format!(
                    "{candidate} était en discussion ({}) mais n'a jamais adhéré : le registre \
                     le donne comme candidat.",
                    w.lists(discussed)
                )
            } else {
                format!(
                    "{candidate} était en discussion ({}) mais n'a jamais adhéré : le registre \
                     le donne comme candidat, et aucune des listes de partenaires valant pour \
                     cette période ou après ne le nomme : {}.",
                    w.lists(discussed),
                    w.lists(later)
                )
            };
            if let Some(note) = note {
                text.push_str(&format!(" Note du registre : {note}."));
            }
            text
        }
        _ => french_activities(f, w),
    }
}

/// [`french`] for the findings on activities and counts.
fn french_activities(f: &Finding, w: Words) -> String {
    let n = |items: usize, noun: &str| w.count(items as u32, noun);
    match f {
        Finding::ActiveBeforeJoined {
            partner,
            joined,
            activities,
        } => format!(
            "{partner} est nommé dans {} antérieure{} à son adhésion ({}) : {}.",
            n(activities.len(), "activity"),
            if activities.len() > 1 { "s" } else { "" },
            w.date(*joined),
            w.activities(activities)
        ),
        Finding::ActiveBeforeListed {
            partner,
            activities,
            years,
            checked,
            first_listed,
        } => {
            let years: Vec<String> = years.iter().map(i32::to_string).collect();
            let first = match first_listed {
                Some(l) => format!(" Première liste qui le nomme : {}.", w.list(l)),
                None => " Aucune liste ne le nomme.".to_owned(),
            };
            format!(
                "{partner} prend part à {} en {} mais ne figure sur aucune liste de \
                 partenaires valant pour cette période ou avant : {}. Activités : {}.{first}",
                n(activities.len(), "activity"),
                w.join_and(&years),
                w.lists(checked),
                w.activities(activities)
            )
        }
        Finding::NamedNotPartner {
            name,
            standing,
            activities,
        } => {
            let said = match standing {
                Standing::KnownNonPartner(Some(note)) => {
                    format!("un non-partenaire connu ({note})")
                }
                Standing::KnownNonPartner(None) => "un non-partenaire connu".to_owned(),
                Standing::Candidate => "un candidat qui n'a jamais adhéré".to_owned(),
                Standing::WorkplanOnly => {
                    "marqué comme non partenaire dans le plan de travail ; absent du registre"
                        .to_owned()
                }
            };
            format!(
                "{name} est nommé dans {} mais n'est pas partenaire : {said}. {}.",
                n(activities.len(), "activity"),
                w.activities(activities)
            )
        }
        Finding::NamedUnmatched {
            name,
            suggestions,
            activities,
        } => format!(
            "{} est nommé dans {} et ne correspond à aucun partenaire{}. {}.",
            w.quote(name),
            n(activities.len(), "activity"),
            w.suggestions(suggestions),
            w.activities(activities)
        ),
        Finding::CountAgainstNames {
            list,
            announced,
            named,
            kinds,
        } => {
            let mut text = format!(
                "Le document {} annonce {} pour {}, mais la liste nomme {}",
                w.quote(&list.source),
                w.announced(announced),
                w.list(list),
                named.describe_in(w.lang)
            );
            for (kind, names) in kinds {
                let label = match kind {
                    PartnerKind::Company => "les entreprises nommées",
                    PartnerKind::Association => "les associations nommées",
                };
                text.push_str(&format!(" ; {label} : {}", names.join(", ")));
            }
            text.push('.');
            text
        }
        Finding::CountAgainstRegistry {
            list,
            announced,
            counted,
            names,
            possible,
        } => {
            let maybe = if possible.is_empty() {
                String::new()
            } else {
                format!(
                    " (et peut-être {} de plus, dont les dates sont moins précises : {})",
                    possible.len(),
                    possible.join(", ")
                )
            };
            format!(
                "Le document {} annonce {} pour {}, mais le registre compte {}{maybe} : {}.",
                w.quote(&list.source),
                w.announced(announced),
                w.list(list),
                counted.describe_in(w.lang),
                names.join(", ")
            )
        }
        _ => unreachable!("worded by french"),
    }
}

/// The topic's short heading in `lang` ([`Topic::title`] in English).
pub(super) fn topic_title(topic: Topic, lang: Lang) -> &'static str {
    if lang == Lang::En {
        return topic.title();
    }
    match topic {
        Topic::AnnouncedCount => "nombre annoncé",
        Topic::ListOmitsPartner => "une liste omet un partenaire",
        Topic::ListOmitsOwnJoiners => "une liste omet ses propres adhésions",
        Topic::ListNamesNonMember => "une liste nomme un non-membre",
        Topic::JoinDate => "date d'adhésion",
        Topic::AlreadyPartner => "en discussion, déjà partenaire",
        Topic::ActiveBeforeListed => "actif avant d'être listé",
        Topic::ActiveBeforeJoined => "actif avant l'adhésion",
        Topic::NamedNotPartner => "nommé dans les activités, non partenaire",
        Topic::NeverJoined => "candidat jamais adhérent",
        Topic::ListNamesKnownNonPartner => "une liste nomme un non-partenaire connu",
        Topic::NamedKnownNonPartner => "nommé dans les activités, non-partenaire connu",
    }
}

/// Where the registry gives a join date: "2020 overview, section 1 (registry line 85)",
/// or in French "… (registre, ligne 85)".
pub(super) fn join_source(j: &JoinRow, lang: Lang) -> String {
    let line = match lang {
        Lang::En => format!("registry line {}", j.line),
        Lang::Fr => format!("registre, ligne {}", j.line),
    };
    match &j.source {
        Some(src) => format!("{src} ({line})"),
        None => line,
    }
}

/// What became of an organisation in discussion, in `lang`.
pub(super) fn outcome_words(outcome: Outcome, lang: Lang) -> String {
    let w = Words::of(lang);
    match (outcome, lang) {
        (Outcome::Joined(j), Lang::En) => format!("joined {j}"),
        (Outcome::Joined(j), Lang::Fr) => format!("adhésion {}", w.date(Some(j))),
        (Outcome::PartnerUndated, Lang::En) => "a partner (no join date)".to_owned(),
        (Outcome::PartnerUndated, Lang::Fr) => "partenaire (date d'adhésion inconnue)".to_owned(),
        (Outcome::NeverJoined, Lang::En) => "never joined".to_owned(),
        (Outcome::NeverJoined, Lang::Fr) => "jamais adhéré".to_owned(),
        (Outcome::NotAPartner, Lang::En) => "not a partner".to_owned(),
        (Outcome::NotAPartner, Lang::Fr) => "non partenaire".to_owned(),
        (Outcome::NotInRegistry, Lang::En) => "not in the registry".to_owned(),
        (Outcome::NotInRegistry, Lang::Fr) => "absent du registre".to_owned(),
    }
}

/// What a list lists, in `lang` ([`ListKind::as_str`] in English).
pub(super) fn list_kind(kind: ListKind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::En, _) => kind.as_str(),
        (Lang::Fr, ListKind::Members) => "membres",
        (Lang::Fr, ListKind::Joined) => "adhésions",
        (Lang::Fr, ListKind::Candidates) => "candidats",
        (Lang::Fr, ListKind::Named) => "nommés",
    }
}
