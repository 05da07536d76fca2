//! Suggestions for names that matched nothing: the closest canonical names by
//! similarity of their keys, remembered per name.

use rustc_hash::FxHashMap as HashMap;

use super::key::key_words;
use super::{floor_char_boundary, PartnerRegistry};

/// How many suggestions [`SuggestionMemo`] keeps per name: as many as any caller asks.
const MEMO_SUGGESTIONS: usize = 3;

/// The best [`MEMO_SUGGESTIONS`] suggestions per key, worked out once: a large run
/// meets the same unknown name in thousands of cells, and each suggestion is a pass
/// over the registry.
#[derive(Debug, Default)]
pub(super) struct SuggestionMemo(std::sync::Mutex<HashMap<String, Vec<(String, f64)>>>);

impl Clone for SuggestionMemo {
    fn clone(&self) -> Self {
        SuggestionMemo::default()
    }
}

impl PartnerRegistry {
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
}
