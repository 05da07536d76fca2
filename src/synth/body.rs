//! The rows below the header: a seeded random stream, and the records it draws, run
//! of sector by run of sector, with the untidiness of the circulated copies.

use chrono::{Datelike, NaiveDate};

use super::values::{
    ACTIVITIES, COMPANIES, MONTHS, NON_LIST_CELLS, ORDINALS, ORDINAL_TEMPLATES, PROFILES,
    SECTIONS_2017, SENTENCES, SEPARATORS,
};
use super::{Cell, Row, Schema, Spec};

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [0, n); n > 0.
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in [lo, hi] (inclusive).
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut at = self.below(total as usize) as u32;
        for (w, item) in items {
            if at < *w {
                return item;
            }
            at -= w;
        }
        &items[items.len() - 1].1
    }

    /// Exponentially distributed with rate `lambda`.
    fn exponential(&mut self, lambda: f64) -> f64 {
        -(1.0 - self.unit()).ln() / lambda
    }
}

// ---------------------------------------------------------------------------------
// The rows below the header.

/// Generates the table body block by block (a block is a run of one sector).
pub(super) struct Body {
    rng: Rng,
    spec: Spec,
    made: usize,
    queue: std::collections::VecDeque<Row>,
}

impl Body {
    pub(super) fn new(spec: Spec) -> Self {
        Body {
            rng: Rng(spec.seed ^ 0x5745_5250_4C41_4E00),
            spec,
            made: 0,
            queue: std::collections::VecDeque::new(),
        }
    }

    /// Queues the next run of activities of one sector.
    fn block(&mut self) {
        let rng = &mut self.rng;
        let schema = self.spec.schema;
        let profile = rng.pick(PROFILES);
        let (topic, mut sector, domain) = (profile.0, profile.1.to_owned(), profile.2);
        let mut contact = profile.3.to_owned();
        if rng.chance(0.05) {
            sector = if sector.chars().count() < 12 {
                sector.to_uppercase()
            } else {
                sector.to_lowercase()
            };
        }
        if rng.chance(0.05) {
            sector = format!(" {sector} ");
        }
        if schema == Schema::Workplan2017 && rng.chance(0.03) {
            let heading: &&'static str = rng.pick(SECTIONS_2017);
            self.queue.push_back(Row::Heading(heading));
        }
        if rng.chance(0.06) {
            contact = broken_email(rng, &contact);
        }
        let left = self.spec.activities - self.made;
        let block = (1 + rng.exponential(0.5) as usize).min(left);
        for j in 0..block {
            if rng.chance(0.02) {
                self.queue.push_back(Row::Header);
            }
            // Merged cells in the original: blank in the copy.
            let first = j == 0 || rng.chance(0.3);
            let mut rec = Record {
                topic: if first {
                    topic.to_owned()
                } else {
                    String::new()
                },
                sector: if first { sector.clone() } else { String::new() },
                domain: domain.to_owned(),
                activity: activity(rng, sector.trim()),
                date: date_cell(rng),
                companies: companies_cell(rng),
                description: description(rng),
                contact: contact.clone(),
            };
            let mut more = Record::default();
            let spill = rng.unit();
            if spill < 0.01 {
                // The description runs over into the next row.
                let words: Vec<&str> = rec.description.split(' ').collect();
                let cut = words.len() / 2;
                more.description = words[cut..].join(" ");
                rec.description = words[..cut].join(" ");
            } else if spill < 0.015 && schema == Schema::Workplan2020 {
                // The second contact address sits alone on the next row.
                if let Some(at) = rec.contact.rfind(' ') {
                    more.contact = rec.contact[at + 1..].to_owned();
                    rec.contact.truncate(at);
                }
            } else if spill < 0.018 {
                // The end of a long activity title wraps onto the next row.
                let words: Vec<&str> = rec.activity.split(' ').collect();
                if words.len() > 3 {
                    let cut = words.len() - 2;
                    more.activity = words[cut..].join(" ");
                    rec.activity = words[..cut].join(" ");
                }
            }
            self.queue.push_back(Row::Cells(rec.cells(schema)));
            if !more.is_empty() {
                self.queue.push_back(Row::Cells(more.cells(schema)));
            }
            self.made += 1;
        }
    }
}

impl Iterator for Body {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        while self.queue.is_empty() {
            if self.made >= self.spec.activities {
                return None;
            }
            self.block();
        }
        self.queue.pop_front()
    }
}

/// One record's values before they are laid out in a schema's columns.
#[derive(Debug, Default)]
struct Record {
    topic: String,
    sector: String,
    domain: String,
    activity: String,
    date: Option<Cell>,
    companies: String,
    description: String,
    contact: String,
}

impl Record {
    fn is_empty(&self) -> bool {
        self.description.is_empty() && self.contact.is_empty() && self.activity.is_empty()
    }

    fn cells(self, schema: Schema) -> Vec<Cell> {
        let date = self.date.unwrap_or(Cell::Empty);
        match schema {
            Schema::Workplan2020 => vec![
                Cell::text(self.topic),
                Cell::text(self.sector),
                Cell::text(self.domain),
                Cell::text(self.activity),
                date,
                Cell::text(self.companies),
                Cell::text(self.description),
                Cell::text(self.contact),
            ],
            Schema::Workplan2017 => vec![
                Cell::text(self.sector),
                Cell::text(self.activity),
                date,
                Cell::text(self.companies),
                Cell::text(self.description),
            ],
        }
    }
}

fn activity(rng: &mut Rng, sector: &str) -> String {
    if rng.chance(0.3) {
        let template = rng.pick(ORDINAL_TEMPLATES);
        let ordinal: &&str = rng.pick(ORDINALS);
        template.replace("{o}", ordinal).replace("{s}", sector)
    } else {
        (*rng.pick(ACTIVITIES)).to_owned()
    }
}

/// A "Companies/associations" cell: a list in one of the circulated spellings and
/// separators, or one of the free texts.
fn companies_cell(rng: &mut Rng) -> String {
    let r = rng.unit();
    if r < 0.20 {
        return (*rng.weighted(NON_LIST_CELLS)).to_owned();
    }
    if r < 0.24 {
        return String::new();
    }
    let k = (1 + rng.exponential(0.45) as usize).min(11);
    let mut names: Vec<usize> = Vec::with_capacity(k);
    let weights: Vec<(u32, usize)> = COMPANIES
        .iter()
        .enumerate()
        .map(|(i, (_, w, _))| (*w, i))
        .collect();
    while names.len() < k {
        let c = *rng.weighted(&weights);
        if !names.contains(&c) {
            names.push(c);
        }
    }
    if rng.chance(0.8) {
        // Circulated lists are mostly alphabetical.
        names.sort_by_key(|i| COMPANIES[*i].0);
    }
    let shown: Vec<String> = names
        .iter()
        .map(|i| {
            let name = *rng.pick(COMPANIES[*i].2);
            if rng.chance(0.03) {
                typo(rng, name)
            } else {
                name.to_owned()
            }
        })
        .collect();
    let mut cell = match *rng.weighted(SEPARATORS) {
        "AND" if shown.len() > 1 => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        "AND" => shown[0].clone(),
        sep => shown.join(sep),
    };
    let r = rng.unit();
    if r < 0.02 {
        cell.push_str("  Non-partner: Tech Against Terrorism Initiative (TAT)");
    } else if r < 0.05 {
        cell = format!("Companies working on education e.g. {cell}");
    }
    cell
}

/// One typing slip: a letter dropped, two swapped, one doubled or one wrong.
pub(super) fn typo(rng: &mut Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 6 {
        return name.to_owned();
    }
    let i = 1 + rng.below(chars.len() - 3);
    match rng.below(4) {
        1 if chars[i] != chars[i + 1] => chars.swap(i, i + 1),
        2 => chars.insert(i, chars[i]),
        3 => {
            let was = chars[i];
            while chars[i] == was {
                chars[i] = *rng.pick(&['a', 'e', 'i', 'n', 'o', 'r', 's', 't']);
            }
        }
        _ => {
            chars.remove(i);
        }
    }
    chars.into_iter().collect()
}

/// An address of a contact cell broken the way PDF extraction breaks them.
pub(super) fn broken_email(rng: &mut Rng, contact: &str) -> String {
    let Some(at) = contact.find("@coe") else {
        return contact.to_owned();
    };
    let start = contact[..at].rfind(' ').map_or(0, |s| s + 1);
    let end = contact[at..].find(' ').map_or(contact.len(), |e| at + e);
    let address = &contact[start..end];
    let broken = match rng.below(6) {
        0 => address.replacen("@coe.int", "@coe .int", 1),
        1 => address.replacen("@coe.int", "@coe _int", 1),
        2 => address.replacen("@coe.int", "@coe.in  t", 1),
        3 => address.replacen("@coe.int", "@coe.", 1),
        4 => format!("<u>{address}</u>"),
        _ => match address.find('.') {
            Some(dot) if dot < at - start => {
                format!("{}- {}", &address[..dot], &address[dot + 1..])
            }
            _ => address.replacen("@coe.int", "@coe. int", 1),
        },
    };
    format!("{}{broken}{}", &contact[..start], &contact[end..])
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

/// A Date cell: one of the written forms of the seeds, a real date cell, or nothing.
fn date_cell(rng: &mut Rng) -> Option<Cell> {
    let y = rng.between(2017, 2022) as i32;
    let m = rng.between(1, 12);
    let last = days_in_month(y, m);
    let d = rng.between(1, last);
    let mon = MONTHS[m as usize - 1];
    let y2 = (y + 1) % 100;
    let r = rng.unit();
    let text = if r < 0.25 {
        if rng.chance(0.8) {
            format!("{d:02}/{m:02}/{y}")
        } else {
            format!("{d}/{m:02}/{y}")
        }
    } else if r < 0.35 {
        let d1 = rng.between(1, last - 3);
        let d2 = d1 + rng.between(1, 2);
        if rng.chance(0.3) {
            format!("{d1:02}-{d2:02}/{m:02}/{y}")
        } else {
            format!("{d1}-{d2}/{m:02}/{y}")
        }
    } else if r < 0.45 {
        return NaiveDate::from_ymd_opt(y, m, d).map(Cell::Date);
    } else if r < 0.51 {
        let d1 = rng.between(1, last - 3);
        format!("{d1}-{} {mon} {y}", d1 + rng.between(1, 2))
    } else if r < 0.54 {
        format!("{d} {mon} {y}")
    } else if r < 0.61 {
        format!("{mon} {y}")
    } else if r < 0.65 {
        format!("{mon} {y} (tbc)")
    } else if r < 0.67 {
        let m2 = rng.between(m, 12);
        format!("{mon} {y} (tbc) and {} {y} (tbc)", MONTHS[m2 as usize - 1])
    } else if r < 0.76 {
        format!("{y}")
    } else if r < 0.80 {
        format!("{y} (TBC)")
    } else if r < 0.84 {
        format!("{y} and {}", y + 1)
    } else if r < 0.88 {
        format!("{y} \u{2013} {}", y + 1)
    } else if r < 0.90 {
        format!("{y}-")
    } else if r < 0.92 {
        format!("{y}- {}", y + 1)
    } else if r < 0.94 {
        format!("{y}-{y2:02}")
    } else if r < 0.955 {
        format!("Four meetings in Strasbourg (March and September of {y}/{y2:02})")
    } else if r < 0.96 {
        // Words broken by the PDF's line wrapping, as in the seed.
        format!("Four meetings in Strasbour g (March and Septemb er of {y}/{y2:02})")
    } else if r < 0.97 {
        format!("Four meetings in Strasbourg in {y}/{y2:02} (May/October {y})")
    } else if r < 0.985 {
        String::new()
    } else {
        "TBD".to_owned()
    };
    Some(Cell::text(text))
}

/// 30 to 120 words of real sentences, always with some non-ASCII text; now and then
/// a line break inside the cell or a CANCELLED marker.
fn description(rng: &mut Rng) -> String {
    let target = rng.between(30, 120) as usize;
    let mut picked: Vec<usize> = Vec::new();
    let mut words = 0;
    while words < target {
        let s = rng.below(SENTENCES.len());
        words += SENTENCES[s].split_whitespace().count();
        picked.push(s);
    }
    if !picked.iter().any(|s| !SENTENCES[*s].is_ascii()) {
        let non_ascii: Vec<usize> = (0..SENTENCES.len())
            .filter(|s| !SENTENCES[*s].is_ascii())
            .collect();
        let at = rng.below(picked.len().min(2));
        picked.insert(at, *rng.pick(&non_ascii));
    }
    let mut text = String::with_capacity(words * 8);
    let mut count = 0;
    'outer: for s in &picked {
        for w in SENTENCES[*s].split_whitespace() {
            if count == 120 {
                text.push('\u{2026}');
                break 'outer;
            }
            if count > 0 {
                text.push(' ');
            }
            text.push_str(w);
            count += 1;
        }
    }
    if rng.chance(0.10) {
        // Alt-Enter inside the cell.
        let mut from = text.len() / 3;
        while !text.is_char_boundary(from) {
            from += 1;
        }
        if let Some(cut) = text[from..].find(". ").map(|c| c + from) {
            text.replace_range(cut + 1..cut + 2, "\n");
        }
    }
    if rng.chance(0.02) {
        text.insert_str(0, "CANCELLED  ");
    }
    text
}
