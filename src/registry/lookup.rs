//! Lookups: what a name stands for (exact spelling, normalised key, acronym, and the
//! weaker rules whose matches are to be confirmed: initials, near spellings), the
//! placeholders a text starts with, and the longest registry name at the start of a text.

use super::key::{
    affixes, as_acronym, initial, is_legal_suffix, key_words, tokens, tokens_up_to, STOPWORDS,
};
use super::{
    floor_char_boundary, is_entity, Entity, MatchRule, NameMatch, PartnerRegistry, Target,
};
use crate::text::collapse_whitespace;

impl PartnerRegistry {
    /// What `name` stands for: the exact spelling, then the normalised key (a
    /// placeholder by its first words), then the acronym rules, whose matches may not
    /// be certain ([`MatchRule::is_certain`]). Never a near spelling: see
    /// [`Self::near_spelling`].
    pub fn lookup(&self, name: &str) -> Option<NameMatch<'_>> {
        let exact = collapse_whitespace(name);
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
            .map(|(t, rule)| self.name_match(t, rule))
    }

    /// The entry whose long name `name` spells with a letter or two wrong, missing or
    /// swapped ("Deutsche Telekon AG"): a match to confirm, asked for a name that
    /// [`Self::lookup`] and a reading as a list did not find.
    pub fn near_spelling(&self, name: &str) -> Option<NameMatch<'_>> {
        self.by_near_spelling(name)
            .map(|t| self.name_match(t, MatchRule::NearSpelling))
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
            let rule = if self.exact.get(&collapse_whitespace(&text[..end])) == Some(&t) {
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
        let all: Vec<&str> = words.collect();
        let (start, end) = affixes(&all);
        let words = &all[start..end];
        if words.is_empty() {
            return None;
        }
        // "Apple, BT": a legal form set aside (the Hungarian "Bt.") that is itself a
        // registry name makes the words two names, not one.
        let first = usize::from(all.first() == Some(&"the"));
        for set_aside in [&all[first.min(start)..start], &all[end..]] {
            if !set_aside.is_empty() && self.keys.contains_key(&set_aside.join(" ")) {
                return None;
            }
        }
        let stripped = (start, end) != (0, all.len());
        self.keys
            .get(&words.join(" "))
            .or_else(|| self.compact.get(&words.concat()))
            // "RIPEN CC" is "RIPE NCC" run together, not "Ripen" and a legal form.
            .or_else(|| stripped.then(|| self.compact.get(&all.concat())).flatten())
            .copied()
    }

    /// The acronym rules. "Long Name (ABC)" / "ABC (Long Name)": when both parts name
    /// the same entry, that entry; when the long name names one and the acronym
    /// another or nothing, the long name's entry (an acronym is evidence, not proof);
    /// when only the acronym names one, that entry if the long name is a near spelling
    /// of one of its names, to be confirmed. Without parentheses: the initials of a
    /// long name, to be confirmed.
    fn by_acronym(&self, name: &str) -> Option<(Target, MatchRule)> {
        let trimmed = name.trim();
        let Some(open) = trailing_paren_start(trimmed) else {
            return self.by_initials(trimmed).map(|t| (t, MatchRule::Initials));
        };
        let outer = trimmed[..open].trim();
        let inner = trimmed[open + 1..trimmed.len() - 1].trim();
        let resolve = |part: &str| -> Option<Target> {
            let t = self
                .exact
                .get(&collapse_whitespace(part))
                .copied()
                .or_else(|| self.by_key(part))?;
            is_entity(t).then_some(t)
        };
        let (long, short) = if as_acronym(outer).is_some() && as_acronym(inner).is_none() {
            (inner, outer)
        } else {
            (outer, inner)
        };
        match (resolve(long), resolve(short)) {
            (Some(a), Some(b)) if self.canonical_of(a) == self.canonical_of(b) => {
                Some((a, MatchRule::Acronym))
            }
            // Two long names of two entries: no telling which is meant.
            (Some(_), Some(_)) if as_acronym(short).is_none() => None,
            (Some(a), _) => Some((a, MatchRule::Acronym)),
            (None, Some(b)) => self
                .is_near_name_of(long, b)
                .then_some((b, MatchRule::AcronymNearName)),
            (None, None) => None,
        }
    }

    /// Whether `long` is a near spelling of one of the long names of the entry `t`, or
    /// starts with one ("Global Network Initiative Foundation").
    fn is_near_name_of(&self, long: &str, t: Target) -> bool {
        let words = key_words(long);
        if words.is_empty() {
            return false;
        }
        let (k, c) = (words.join(" "), words.concat());
        let canonical = self.canonical_of(t);
        self.pool
            .iter()
            .filter(|(_, pc, pt)| self.canonical_of(*pt) == canonical && pc.len() > 6)
            .any(|(pk, pc, _)| {
                near(&k, pk)
                    || near(&c, pc)
                    || k.strip_prefix(pk.as_str())
                        .is_some_and(|r| r.starts_with(' '))
            })
    }

    /// The one entry whose long name (at least two words, ten letters) `name` spells
    /// with a letter or two wrong, missing or swapped; none when two entries are as
    /// near.
    fn by_near_spelling(&self, name: &str) -> Option<Target> {
        let words = key_words(name);
        let c = words.concat();
        if words.len() < 2 || c.chars().count() < 10 {
            return None;
        }
        let mut found: Option<Target> = None;
        for (_, pc, t) in &self.pool {
            if pc.chars().count() < 10 || !near(&c, pc) {
                continue;
            }
            match found {
                Some(f) if self.canonical_of(f) != self.canonical_of(*t) => return None,
                _ => found = Some(*t),
            }
        }
        found
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
            .filter(|w| !STOPWORDS.contains(&w.to_lowercase().as_str()))
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
}

/// Whether compact keys `a` and `b` differ by a letter or two (at most one edit per
/// eight letters, a swap of two neighbours counting one), and not only by their ends
/// ("Google" and "Google Ireland" are not near spellings: they are two names).
pub(super) fn near(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let allowed = la.max(lb) / 8;
    if allowed == 0 || la.abs_diff(lb) > allowed || letters_apart(a, b) > 2 * allowed {
        return false;
    }
    strsim::osa_distance(a, b) <= allowed
}

/// A lower bound of twice the edit distance of `a` and `b`, cheap to compute: how many
/// letters one has more than the other, counted in 64 bins (an insertion or deletion
/// changes the count by one, a substitution by two, a swap not at all).
pub(super) fn letters_apart(a: &str, b: &str) -> usize {
    let mut bins = [0i32; 64];
    a.chars().for_each(|c| bins[c as usize % 64] += 1);
    b.chars().for_each(|c| bins[c as usize % 64] -= 1);
    bins.iter().map(|n| n.unsigned_abs() as usize).sum()
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
