//! Suggestions for names that matched nothing: the closest canonical names, ranked by
//! a measure that sees swapped letters (optimal string alignment) and shared beginnings
//! (Jaro-Winkler) on normalised keys, acronyms with two letters swapped, and names that
//! hold a registry name among other words; remembered per name. List markers and bare
//! legal forms get none.

use rustc_hash::FxHashMap as HashMap;

use super::key::{as_acronym, is_legal_suffix, is_list_marker, key_words};
use super::lookup::letters_apart;
use super::{floor_char_boundary, PartnerRegistry};

/// How many suggestions [`SuggestionMemo`] keeps per name: as many as any caller asks.
const MEMO_SUGGESTIONS: usize = 3;

/// A canonical name offered for an unmatched one, with its score (0 to 1) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The canonical name offered.
    pub canonical: String,
    /// How alike the two are, from 0 to 1.
    pub score: f64,
    /// Why it is offered: "similar spelling", "letters swapped".
    pub why: &'static str,
}

impl std::fmt::Display for Suggestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (similarity {:.2}, {})",
            self.canonical, self.score, self.why
        )
    }
}

/// The best [`MEMO_SUGGESTIONS`] suggestions per key, worked out once: a large run
/// meets the same unknown name in thousands of cells, and each suggestion is a pass
/// over the registry.
#[derive(Debug, Default)]
pub(super) struct SuggestionMemo(std::sync::Mutex<HashMap<String, Vec<Suggestion>>>);

impl Clone for SuggestionMemo {
    fn clone(&self) -> Self {
        SuggestionMemo::default()
    }
}

impl PartnerRegistry {
    /// The best canonical names for an unmatched `name`, with similarity scores from 0
    /// to 1, best first; ties in name order. None for a list marker or a legal form.
    pub fn suggest(&self, name: &str, n: usize) -> Vec<(String, f64)> {
        self.suggestions(name, n)
            .into_iter()
            .map(|s| (s.canonical, s.score))
            .collect()
    }

    /// [`Self::suggest`], each suggestion with why it is offered.
    pub fn suggestions(&self, name: &str, n: usize) -> Vec<Suggestion> {
        // Names are short; similarity of a whole paragraph is both useless and slow.
        let name = &name[..floor_char_boundary(name, 300)];
        if n == 0 || is_list_marker(name) || is_legal_suffix(name) {
            return Vec::new();
        }
        let words = key_words(name);
        if words.is_empty() {
            return Vec::new();
        }
        let k = words.join(" ");
        if n <= MEMO_SUGGESTIONS {
            let memo = self.suggested.0.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(known) = memo.get(&k) {
                return known[..n.min(known.len())].to_vec();
            }
        }
        let acronym = as_acronym(name).is_some();
        let mut out = self.rank(&k, &words.concat(), acronym, n.max(MEMO_SUGGESTIONS));
        if n <= MEMO_SUGGESTIONS {
            let mut memo = self.suggested.0.lock().unwrap_or_else(|e| e.into_inner());
            memo.insert(k, out.clone());
        }
        out.truncate(n);
        out
    }

    /// The `n` canonical names closest to key `k` (compact key `c`), best first.
    fn rank(&self, k: &str, c: &str, acronym: bool, n: usize) -> Vec<Suggestion> {
        let mut best: HashMap<&str, (f64, &'static str)> = HashMap::default();
        for (pk, pc, t) in &self.pool {
            let score = similarity(k, c, pk, pc, acronym);
            let e = best.entry(self.canonical_of(*t)).or_insert((0.0, ""));
            if score.0 > e.0 {
                *e = score;
            }
        }
        let mut out: Vec<Suggestion> = best
            .into_iter()
            .map(|(name, (score, why))| Suggestion {
                canonical: name.to_owned(),
                score,
                why,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.canonical.cmp(&b.canonical))
        });
        out.truncate(n);
        out
    }
}

/// How alike a name (key `k`, compact key `c`) and a registry name (`pk`, `pc`) are,
/// and why: the best of Jaro-Winkler on the keys and on the compact keys, and of the
/// optimal string alignment distance (a swap of two neighbours is one edit) scaled by
/// length; an acronym written with two letters swapped ("IMB" for "IBM") scores 0.9.
fn similarity(k: &str, c: &str, pk: &str, pc: &str, acronym: bool) -> (f64, &'static str) {
    if acronym && pc.len() == c.len() && strsim::osa_distance(c, pc) == 1 && swapped(c, pc) {
        return (0.9, "letters swapped");
    }
    let jw = strsim::jaro_winkler(k, pk).max(strsim::jaro_winkler(c, pc));
    let longest = c.chars().count().max(pc.chars().count()).max(1) as f64;
    // The edit distance is at least half the letters apart: skip it when even that
    // bound cannot beat Jaro-Winkler.
    let best_osa = 1.0 - (letters_apart(c, pc) / 2) as f64 / longest;
    let score = if best_osa > jw {
        jw.max(1.0 - strsim::osa_distance(c, pc) as f64 / longest)
    } else {
        jw
    };
    // "Friends of the LEGO Group" holds a registry name whole, among other words.
    if score < CONTAINS && pk.len() >= 4 && contains_words(k, pk) {
        return (CONTAINS, "holds its name");
    }
    (score, "similar spelling")
}

/// The score of a name holding a registry name whole among other words.
const CONTAINS: f64 = 0.8;

/// Whether key `k` holds key `pk` as whole words.
fn contains_words(k: &str, pk: &str) -> bool {
    k != pk
        && k.match_indices(pk).any(|(i, _)| {
            let before = k[..i].ends_with(' ') || i == 0;
            let after = k[i + pk.len()..].starts_with(' ') || i + pk.len() == k.len();
            before && after
        })
}

/// Whether `a` and `b` hold the same letters, in another order.
fn swapped(a: &str, b: &str) -> bool {
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    a != b && sorted(a) == sorted(b)
}
