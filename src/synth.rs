//! Synthetic workplans of any size, for benchmarks: deterministic, and as untidy as the
//! circulated ones.
//!
//! Real workplans hold a few dozen activities; users batch years of them, so speed is
//! measured on generated ones. Every value is drawn from the two seed documents (the
//! 2017-2019 and 2020+ tables): their sectors, topics and domains, activity titles,
//! every organisation spelling and typo seen, every date form, contact points, and
//! descriptions built from real sentences (non-ASCII text included). The layout is a
//! circulated copy's: title rows above the header, blank "same as above" Topic and
//! Sector cells in runs of one sector, the header repeated at page breaks, records
//! broken over two rows (a description, a contact or an activity title running on),
//! category heading rows (2017-2019 layout), real date cells among date texts, broken
//! e-mail addresses, "CANCELLED" descriptions, tbc/TBD.
//!
//! The mix follows the analyst's generator it is compared against (same proportions of
//! date forms, separators, typos, placeholders), so both pipelines read comparable
//! files; the additions are the seed's broken e-mail addresses and continuation rows
//! beyond a spilled description.
//!
//! The same [`Spec`] always gives the same rows: the random numbers come from a fixed
//! SplitMix64 stream, the CSV is byte-identical between runs and so is the workbook
//! (its document properties carry a fixed date).

use std::io::{self, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

/// Which of the two circulated layouts to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Workplan 2020+: Topic, Sector, Domain, Activity, Date, Companies/associations
    /// involved, Description, Contact point.
    Workplan2020,
    /// Workplan 2017-2019: Sector, Activity, Date, Companies/association, Description,
    /// with category heading rows ("Studies", ...) between records.
    Workplan2017,
}

impl Schema {
    /// The header row as circulated.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Schema::Workplan2020 => &[
                "Topic",
                "Sector",
                "Domain",
                "Activity",
                "Date",
                "Companies/associations involved",
                "Description",
                "Contact point",
            ],
            Schema::Workplan2017 => &[
                "Sector",
                "Activity",
                "Date",
                "Companies/association",
                "Description",
            ],
        }
    }

    fn label(self) -> &'static str {
        match self {
            Schema::Workplan2020 => "2020+",
            Schema::Workplan2017 => "2017-2019",
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Activities (record rows; headers, headings and continuation rows come on top).
    pub activities: usize,
    /// The random stream's seed.
    pub seed: u64,
    /// The layout.
    pub schema: Schema,
}

impl Spec {
    /// `activities` activities of the 2020+ layout, seed 42.
    pub fn new(activities: usize) -> Self {
        Spec {
            activities,
            seed: 42,
            schema: Schema::Workplan2020,
        }
    }
}

/// One generated cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text as a user typed or pasted it.
    Text(String),
    /// A real date cell (an ISO date in the CSV export).
    Date(NaiveDate),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// One generated sheet row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A title above the table (first column).
    Title(String),
    /// An empty row.
    Blank,
    /// A category heading (first column).
    Heading(&'static str),
    /// The header row, first or repeated at a page break.
    Header,
    /// A record or a continuation row: one cell per header column.
    Cells(Vec<Cell>),
}

/// Every row of the sheet, title rows first.
pub fn rows(spec: Spec) -> impl Iterator<Item = Row> {
    let titles = [
        Row::Title("The Council of Europe Partnership with Digital Companies".to_owned()),
        Row::Title(format!(
            "Workplan {} \u{2013} activities with partner companies and associations \
             (version of 6 February 2020, {} activities)",
            spec.schema.label(),
            spec.activities
        )),
        Row::Blank,
        Row::Header,
    ];
    titles.into_iter().chain(Body::new(spec))
}

/// Writes the sheet as a CSV export (UTF-8, CRLF, every row as wide as the header;
/// real date cells as ISO dates).
pub fn write_csv<W: Write>(out: W, spec: Spec) -> io::Result<()> {
    let headers = spec.schema.headers();
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let mut line: Vec<String> = Vec::with_capacity(headers.len());
    for row in rows(spec) {
        line.clear();
        match row {
            Row::Title(t) => line.push(t),
            Row::Heading(h) => line.push(h.to_owned()),
            Row::Blank => {}
            Row::Header => line.extend(headers.iter().map(|h| (*h).to_owned())),
            Row::Cells(cells) => line.extend(cells.into_iter().map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Text(s) => s,
                Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            })),
        }
        line.resize(headers.len(), String::new());
        w.write_record(&line)?;
    }
    w.flush()
}

/// Writes the sheet as a workbook the way an office suite saves one: shared strings,
/// a merged bold title, a styled header, wrapped text, dates formatted dd/mm/yyyy,
/// frozen header pane. The sheet is named after the workplan.
pub fn write_xlsx(path: &Path, spec: Spec) -> Result<(), XlsxError> {
    let headers = spec.schema.headers();
    let last_col = (headers.len() - 1) as u16;
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2020, 2, 6)?.and_hms(9, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Workplan")
            .set_author("Council of Europe")
            .set_creation_datetime(&created),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let heading = Format::new().set_bold().set_italic();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top);

    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("Workplan {}", spec.schema.label()))?;
    for (c, h) in headers.iter().enumerate() {
        sheet.set_column_width(c as u16, if *h == "Description" { 60 } else { 22 })?;
    }
    let mut first_header = true;
    for (r, row) in (0u32..).zip(rows(spec)) {
        match row {
            Row::Title(t) if r == 0 => {
                sheet.merge_range(0, 0, 0, last_col, &t, &title)?;
            }
            Row::Title(t) => {
                sheet.write_string(r, 0, &t)?;
            }
            Row::Blank => {}
            Row::Heading(h) => {
                sheet.write_string_with_format(r, 0, h, &heading)?;
            }
            Row::Header => {
                for (c, h) in headers.iter().enumerate() {
                    sheet.write_string_with_format(r, c as u16, *h, &header)?;
                }
                if first_header {
                    sheet.set_freeze_panes(r + 1, 0)?;
                    first_header = false;
                }
            }
            Row::Cells(cells) => {
                for (c, cell) in cells.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Empty => {}
                        Cell::Text(s) => {
                            sheet.write_string_with_format(r, c, s, &wrap)?;
                        }
                        Cell::Date(d) => {
                            let serial = ExcelDateTime::from_ymd(
                                d.year() as u16,
                                d.month() as u8,
                                d.day() as u8,
                            )?;
                            sheet.write_datetime_with_format(r, c, &serial, &date)?;
                        }
                    }
                }
            }
        }
    }
    workbook.save(path)
}

/// Which files [`write_files`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formats {
    /// Both the workbook and its CSV export.
    Both,
    /// The workbook only.
    Xlsx,
    /// The CSV export only.
    Csv,
}

/// Why a synthetic workplan could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The CSV file.
    #[error("{path}: cannot write: {source}")]
    Csv {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The workbook.
    #[error("{path}: cannot write the workbook: {source}")]
    Xlsx {
        /// The file.
        path: String,
        /// The writer's error.
        #[source]
        source: XlsxError,
    },
}

/// Writes `<prefix>.xlsx` and/or `<prefix>.csv`, creating the folder; returns the
/// files written.
pub fn write_files(
    prefix: &Path,
    spec: Spec,
    formats: Formats,
) -> Result<Vec<std::path::PathBuf>, SynthError> {
    let with_ext = |ext: &str| {
        let mut name = prefix.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        std::path::PathBuf::from(name)
    };
    let mut written = Vec::new();
    if formats != Formats::Xlsx {
        let path = with_ext("csv");
        let err = |source| SynthError::Csv {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let file = std::fs::File::create(&path).map_err(err)?;
        write_csv(io::BufWriter::new(file), spec).map_err(err)?;
        written.push(path);
    }
    if formats != Formats::Csv {
        let path = with_ext("xlsx");
        let err = |source| SynthError::Xlsx {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| err(XlsxError::IoError(e)))?;
        }
        write_xlsx(&path, spec).map_err(err)?;
        written.push(path);
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------
// The random stream.

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
struct Rng(u64);

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
struct Body {
    rng: Rng,
    spec: Spec,
    made: usize,
    queue: std::collections::VecDeque<Row>,
}

impl Body {
    fn new(spec: Spec) -> Self {
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
fn typo(rng: &mut Rng, name: &str) -> String {
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
fn broken_email(rng: &mut Rng, contact: &str) -> String {
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

// ---------------------------------------------------------------------------------
// The values, from the seed documents.

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

const SECTIONS_2017: &[&str] = &[
    "Binding standard settings",
    "Non-binding standard settings",
    "Studies",
    "Conferences / Roundtables",
];

/// (topic, sector, domain, contact point) as they stand together in the tables.
const PROFILES: &[(&str, &str, &str, &str)] = &[
    ("Artificial intelligence", "CAHAI", "Transversal",
     "Co-secretaries of the CAHAI  clementina.barbaro@coe.int livia.stoica@coe.int"),
    ("Artificial intelligence", "MSI-DIG", "Freedom of Expression",
     "Media and Internet Division  charlotte.altenhoener-dion@coe.int"),
    ("Artificial Intelligence", "PACE", "Committee on Political Affairs and Democracy",
     "Secretariat of the As/POL  Pavel.Chevtchenko@coe.int Vasileios.Giannias@coe.int"),
    ("Artificial intelligence and discrimination", "PACE", "Equality and non-discrimination",
     "PACE Committee on Equality and Non- Discrimination secretariat  liri.kopaci-dimichele@coe.int  sarah.burton@coe.int"),
    ("Artificial intelligence and justice", "CEPEJ", "Justice", "CEPEJ Secretariat  muriel.decot@coe.int"),
    ("Artificial Intelligence and Blockchain technology", "CDPPE", "Education",
     "Education Policy Division  Michael.remmert@coe.int; Ahmet-murat.kilic@coe.int"),
    ("Autonomous vehicles", "CDPC", "Criminal law", "CDPC Secretariat  Carlo.chiaromonte@coe.int"),
    ("Autonomous vehicles", "PACE", "Legal Affairs  \u{2013} regulatory issues",
     "PACE Committee on Legal Affairs and Human Rights  David.Milner@coe.int"),
    ("Brain- computer interface technology", "PACE", "Human dignity, human rights",
     "PACE Committee on Legal Affairs and Human Rights  David.Milner@coe.int"),
    ("Children's rights in the digital environment", "CDENF", "Children's rights",
     "Children's Rights Division  Regina.jensdottir@coe.int"),
    ("Children with disabilities and their rights in the digital environment", "CDENF",
     "Children's rights", "Children's Rights Division  Regina.jensdottir@coe.int"),
    ("Cybercrime", "T-CY", "Fight against Cybercrime", "Cybercrime division Alexander.seger@coe.int"),
    ("Data protection", "Data protection", "Data protection", "Data Protection Unit  Peter.Kimpian@coe.int"),
    ("Data protection", "Data protection", "Data protection", "Data Protection Unit  Sophie.Kwasny@coe.int"),
    ("Digital Citizenship Education", "CDPPE", "Education",
     "Education Policy Division  Michael.remmert@coe.int; Ahmet-murat.kilic@coe.int"),
    ("Digital transformation , AI, democracy", "CDDG", "Democracy and governance",
     "Democratic Governance Division  sonia.sirtori@coe.int  judith.orland@coe.int"),
    ("Guidelines for partnerships between education institutions and internet companies", "CDPPE",
     "Education; (Data protection, Children's rights)",
     "Education Policy Division  Michael.remmert@coe.int; Ahmet-murat.kilic@coe.int"),
    ("Hate Speech", "ADI/MSI- DIG", "Anti- discriminatio n/ Freedom of Expression",
     "Media and Internet Division/Anti- Discrimination  charlotte.altenhoener-dion@coe.int menno.ettema@coe.int"),
    ("Media content and electoral communicatio n online", "MSI-REF", "Freedom of expression",
     "Media and Internet Division Urska.Umek@coe.int"),
    ("Online forms of violence against women", "GREVIO", "Gender Equality and Violence Against women",
     "GREVIO Secretariat \u{2013} Johanna.Nelles@coe.int  Gender Equality Division  Caterina.Bolognese@coe.int"),
    ("Protection of children against sexual exploitation and sexual abuse facilitated by information \
      and communicatio n technologies", "Lanzarote Committee", "Children's rights",
     "Children's Rights Division  Lanzarote Committee  regina.jensdottir@coe.int  gioia.scappucci@coe.int"),
    ("Use of the Internet for Trafficking in Human Beings", "GRETA", "Human trafficking",
     "GRETA Secretariat Lilia.kolombet@coe.int"),
    // 2017-2019 sectors (that table has no topic or domain: plausible ones).
    ("Data protection", "Information society / data protection", "Data protection",
     "Data Protection Unit  Sophie.Kwasny@coe.int"),
    ("Data protection", "Information society / Data protection", "Data protection",
     "Data Protection Unit  Peter.Kimpian@coe.int"),
    ("Artificial intelligence", "Information society / internet governance", "Freedom of Expression",
     "Media and Internet Division  charlotte.altenhoener-dion@coe.int"),
    ("Digital Citizenship Education", "Education", "Education",
     "Education Policy Division  Michael.remmert@coe.int"),
    ("Terrorism", "CDCT", "Counter-terrorism", "CDCT Secretariat  cdct@coe.int"),
    ("Artificial intelligence and discrimination", "ECRI", "Equality and non-discrimination",
     "ECRI Secretariat  ecri@coe.int"),
    ("Hate Speech", "Inclusion and anti- discrimination programmes/No Hate Speech and Cooperation Unit",
     "Anti-discrimination", "No Hate Speech and Cooperation Unit  menno.ettema@coe.int"),
    ("Internet governance", "TC-INF", "Transversal", "Information Society Department  tc-inf@coe.int"),
    ("Artificial intelligence", "World Forum of Democracy", "Democracy and governance",
     "World Forum for Democracy  forum.democracy@coe.int"),
    ("Artificial intelligence", "Council of Europe and the Finnish Presidency of the Council of Europe \
      Committee of Ministers", "Transversal", "Information Society Department  jan.kleijssen@coe.int"),
    ("Cybercrime", "Information society / Cybercrime", "Fight against Cybercrime",
     "Cybercrime division Alexander.seger@coe.int"),
    ("Hate Speech", "Information society department", "Freedom of Expression",
     "Media and Internet Division Urska.Umek@coe.int"),
    ("Internet governance", "Information society department/ Internet governance", "Transversal",
     "Information Society Department  internet.governance@coe.int"),
    ("Internet governance", "Information society department/  Internet governance", "Transversal",
     "Information Society Department  internet.governance@coe.int"),
];

const ACTIVITIES: &[&str] = &[
    "Presentation of the Convention 108+",
    "Roundtable meeting",
    "Online information meeting",
    "Thematic Session on Terrorism and the Internet",
    "Study on \"Discrimination, artificial intelligence and algorithmic decision making\"",
    "TC-INF meeting",
    "Roundtable \"Artificial Intelligence and gender (in-) equality\"",
    "High level conference  \"Governing the Game Changer  \u{2014} Impacts of artificial intelligence \
     development on human rights, democracy and the rule of law\"",
    "Conference on Criminal Justice in Cyberspace (Bucharest)",
    "Octopus Conference 2018+Consultations on the Protocol to the Budapest Convention",
    "World Mobile Congress 2019",
    "Mobile World Congress 2020",
    "Convention 108+ event",
    "International conference \"Addressing hate speech in the media: the role of regulatory \
     authorities and the judiciary\"",
    "CoE co-organised workshops in various forums",
    "Multi-stakeholder consultation",
    "Multistake-holder consultation",
    "Expert Committee on Freedom of Expression and Digital Technologies",
    "Hearing on the Need for Democratic Governance of Al",
    "Possible hearing on preventing discrimination caused by the use of Al",
    "Operationalisation of the European charter on the use of artificial intelligence in judicial \
     systems and their environment",
    "Workshop",
    "Possible development of common legal standards.",
    "Fact-finding visit/ exchange with experts",
    "Publication of a Handbook for policy makers, including business  Workshop / consultation",
    "Hearing/exchang e of views with experts and business",
    "Consultations on the 2nd Additional Protocol",
    "Roadshow",
    "Study",
    "Expert Committee on Combating Hate Speech",
    "Expert Committee on Media Environment and Reform",
    "Follow-up to the CM informal exchange of views/ possible CoE-led side event at the CSW in March 2020",
    "Follow-up to the meeting on \"Stepping up the Council of Europe action against trafficking in \
     human beings in the digital age\"",
];

const ORDINAL_TEMPLATES: &[&str] = &[
    "{o} meeting of the Committee of experts on Human Rights Dimensions of automated data (MSI-AUT)",
    "{o} Meeting of the Working Group on Drafting Guidelines for Governing Partnerships between \
     Education Institutions and Private Sector (WG-PEP)",
    "{o} plenary meeting of the {s}",
    "{o} Exchange of views with partner companies \u{2013} {s}",
];

const ORDINALS: &[&str] = &[
    "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th",
];

/// (canonical name, weight, spellings seen in circulated tables).
const COMPANIES: &[(&str, u32, &[&str])] = &[
    ("Apple", 4, &["Apple", "Apple Inc."]),
    ("Cloudflare", 3, &["Cloudflare", "Cloudflare Inc."]),
    (
        "CCIA",
        3,
        &[
            "CCIA",
            "CCIA (Computer & Communication Industry association)",
            "Computer & Communications industry association (CCIA)",
        ],
    ),
    (
        "Deutsche Telekom",
        5,
        &[
            "Deutsche Telecom",
            "Deutsche Telekom",
            "Deutsche Telekom AG",
        ],
    ),
    (
        "DigitalEurope",
        4,
        &[
            "DigitalEurope",
            "Digital Europe",
            "Digital Europe - Digital Economy & Trade Groups",
        ],
    ),
    (
        "EuroISPA",
        4,
        &[
            "EuroISPA",
            "EuroISPA (European Internet Services Providers Association)",
        ],
    ),
    (
        "European Digital SME Alliance",
        3,
        &[
            "European Digital SME Alliance",
            "European DIGITAL SME Alliance",
            "DIGITAL SME",
        ],
    ),
    (
        "ETNO",
        4,
        &[
            "ETNO",
            "ETNO association (European Telecommunications Netiwork Operators)",
            "European Telecommunications Network Operators' Association (ETNO)",
        ],
    ),
    ("Facebook", 7, &["Facebook", "Facebook Inc."]),
    (
        "GNI",
        5,
        &[
            "GNI",
            "GNI (Global Network Initiative)",
            "Global Network Initiative (GNI)",
            "Global Network Initiative",
        ],
    ),
    ("Google", 9, &["Google", "Google LLC"]),
    ("Microsoft", 9, &["Microsoft", "Microsoft Corporation"]),
    ("Kaspersky", 3, &["Kaspersky", "Kaspersky Lab"]),
    ("Orange", 4, &["Orange", "Orange S.A."]),
    (
        "Telef\u{f3}nica",
        5,
        &[
            "Telef\u{f3}nica",
            "Telef\u{f3}nica SA",
            "Telefonica",
            "Telef\u{f3}nica S.A.",
        ],
    ),
    ("Element AI", 2, &["Element AI", "Element Al"]),
    (
        "ICCO",
        1,
        &[
            "ICCO",
            "International Communications Consultancy Organisation (ICCO)",
        ],
    ),
    ("IEEE", 2, &["IEEE"]),
    ("Intel", 2, &["INTEL", "Intel", "Intel Corporation"]),
    (
        "RIPE NCC",
        2,
        &[
            "RIPE NCC",
            "RIPE-NCC",
            "R\u{e9}seaux IP Europ\u{e9}ens Network Coordination Centre (RIPE NCC)",
        ],
    ),
    ("AT&T", 1, &["AT&T", "AT&T Inc."]),
    ("GSMA", 2, &["GSMA"]),
    ("ICANN", 1, &["ICANN"]),
    ("Symantec", 1, &["Symantec"]),
    (
        "eco",
        1,
        &[
            "eco (Internet Industry Association)",
            "Internet Industry Association (eco)",
        ],
    ),
    ("Thal\u{e8}s", 1, &["Thal\u{e8}s", "Thales"]),
    ("IBM", 1, &["IBM"]),
    ("ISOC", 1, &["ISOC"]),
];

/// The free texts seen in the Companies column instead of a list.
const NON_LIST_CELLS: &[(u32, &str)] = &[
    (10, "TBD"),
    (4, "All"),
    (
        3,
        "Companies interested in providing input to standard-setting work",
    ),
    (
        1,
        "Companies and research centres working on BCI in and around San Francisco.",
    ),
    (1, "TBD. Possibly \"Tech against Trafficking\" network"),
    (1, "tbc"),
];

/// How lists are separated; "AND" is "A, B and C".
const SEPARATORS: &[(u32, &str)] = &[
    (48, ", "),
    (15, " "),
    (10, "\n"),
    (8, "; "),
    (5, ","),
    (7, "AND"),
    (5, " / "),
    (2, ",  "),
];

const SENTENCES: &[&str] = &[
    "The fast pace of technological advancement and the cross-border nature of digital services present great opportunities but also challenges for individuals, societies and institutional frameworks.",
    "Presentation by the Secretariat in Brussels of the Convention 108.",
    "A number of internet companies/associations \u{2013} signatories of the Exchange of letters regularly participate in the work of the MSI-AUT and provide input and comments to the documents prepared by the Committee.",
    "Information of the private sector and representative associations about intergovernmental projects in education in particular Digital Citizenship Education (DCE) Project.",
    "Discussion with the participants (representatives of the private sector, representative associations and CDPPE) the idea of drafting a code of conduct governing interaction and partnerships between education institutions and private industry (Internet companies).",
    "Review and agreement on the principles and the main topics of the Code of Conduct.",
    "Preparation of an initial draft for review and wider consultation.",
    "Review of the first draft of the guidelines and preparation of questions for consultation.",
    "This Thematic Session brought together experts and practitioners from the 47 member States of the Council of Europe as well as representatives from internet and telecommunications technology firms and associations, social media platforms and different search engines.",
    "After the Thematic Session, the CDCT agreed to ensure a follow up to the cooperation with internet companies and representative associations.",
    "Following adoption of the NetzDG law in Germany (act to improve enforcement of Law on social networks), the No Hate Speech and cooperation Unit engaged a work particularly regarding the initiative to set-up independent co-regulatory mechanisms for assessment of complex reports.",
    "Discussion with the representatives of Council of Europe member States suitable implementation mechanisms of the CM recommendation on the roles and responsibilities of internet intermediaries.",
    "High-level representatives of the Internet Industry Association (eco) and of Microsoft spoke at the conference \u{201c}Governing the Game Changer \u{2013} Impacts of artificial intelligence development on human rights, democracy and the rule of law\u{201d}.",
    "The conference was co-organised by the Finnish Presidency of the Council of Europe Committee of Ministers and the Council of Europe in Helsinki, Finland, 26 \u{2013}27 February 2019.",
    "Representatives of Orange, Google, Global Network Initiative (GNI), Telef\u{f3}nica and Facebook attended the conference.",
    "Participation in the Conference (including as speakers in workshops).",
    "Conference organised by the Council of Europe in partnership with the Croatian Agency for Electronic Media in Zagreb (Croatia).",
    "Regular collaboration of EoL partners in CoE co-organised workshops and open forums during Internet Governance related events (EuroDIG, IGF, etc.).",
    "Consultation about the feasibility and potential elements of a legal framework for the development, design and application of artificial intelligence.",
    "Development of Recommendation and Study on the impacts of digital technologies on freedom of expression.",
    "Participation as experts in the hearing on Need for democratic governance of AI.",
    "Hearing on preventing discrimination caused by the use of AI, feeding into report on this issue.",
    "Consultation on the feasibility of a certification process.",
    "Exploration of the implications of digital technologies, in particular AI and blockchain, on education.",
    "Possible consultation on legislation on driving automation.",
    "Rapporteur's visit to a centre of industry research.",
    "Strengthening the rights of the child in the digital environment, both in terms of access and protection.",
    "Consultations on a legally binding instrument.",
    "Participation in global event and visibility for Convention 108+.",
    "Promotional event in Washington DC.",
    "Study on the impact of digital transformation on democracy and governance/public administration.",
    "Consensus building on general principles.",
    "Development of recommendations on (i) principles for media and communication governance and (ii) electoral campaigning, and (iii) a guidance note on prioritisation of public interest content online.",
    "TBD - Initiate a dialogue with the private sector in order to involve it more in the fight against online sexual abuse based on findings of the Committee.",
    "Following multilateral consultations, the then Secretary General Thorbj\u{f8}rn Jagland exchanged letters with representatives of leading technology firms and associations in Strasbourg.",
    "On 6 February 2020, new companies and associations exchanged letters with the Secretary General Marija Pej\u{10d}inovi\u{107} Buri\u{107}.",
    "Element AI founders Jean-Fran\u{e7}ois Gagn\u{e9} and Yoshua Bengio contributed to the Montr\u{e9}al Declaration for the Responsible Development of AI.",
    "The R\u{e9}seaux IP Europ\u{e9}ens Network Coordination Centre (RIPE NCC) supports the technical coordination of the internet infrastructure.",
    "Orange S.A., formerly France T\u{e9}l\u{e9}com S.A., will present its approach to content moderation.",
    "Telef\u{f3}nica, S.A. offered to host the follow-up meeting in Madrid.",
    "Follow-up meetings are foreseen in Z\u{fc}rich, Krak\u{f3}w, Bucure\u{15f}ti and Reykjav\u{ed}k, subject to confirmation (\u{2248} 40 participants).",
    "The budget of the event (approx. 25 000 \u{20ac}) is covered by the voluntary contributions of member States.",
    "Partners will be fully involved in the work of the Ad hoc Committee on Artificial Intelligence (CAHAI) as part of the multi-stakeholder consultations.",
    "The workplan will further facilitate co-operation between partners themselves, as well as with civil society organisations affiliated with the Council of Europe.",
    "Venue: Palais de l\u{2019}Europe, Strasbourg \u{2014} interpretation in English and French (fran\u{e7}ais).",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn body(spec: Spec) -> Vec<Vec<Cell>> {
        rows(spec)
            .filter_map(|r| match r {
                Row::Cells(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn same_spec_same_csv() {
        let spec = Spec::new(300);
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_csv(&mut a, spec).unwrap();
        write_csv(&mut b, spec).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        write_csv(&mut c, Spec { seed: 7, ..spec }).unwrap();
        assert_ne!(a, c, "the seed changes the rows");
    }

    #[test]
    fn makes_the_requested_number_of_records() {
        for n in [0, 1, 2, 57, 1000] {
            let spec = Spec::new(n);
            // Record rows carry a Date, Companies or Sector cell, or at least an Activity
            // with a Domain; continuation rows carry none of those.
            let records = body(spec)
                .iter()
                .filter(|cells| !cells[2].eq(&Cell::Empty))
                .count();
            assert_eq!(records, n, "{n} activities");
        }
    }

    #[test]
    fn has_the_seeds_untidiness() {
        let spec = Spec::new(5000);
        let all: Vec<Row> = rows(spec).collect();
        let headers = all.iter().filter(|r| **r == Row::Header).count();
        assert!(headers > 50, "repeated headers: {headers}");
        let cells = body(spec);
        let texts: Vec<&str> = cells
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Cell::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        let any = |needle: &str| texts.iter().any(|t| t.contains(needle));
        for needle in [
            "CANCELLED",
            "(tbc)",
            "(TBC)",
            "Deutsche Telecom",
            "Non-partner:",
            "e.g.",
            "@coe .int",
            "<u>",
            "Strasbour g",
            "\u{2026}",
            "\n",
        ] {
            assert!(any(needle), "no cell holds {needle:?}");
        }
        assert!(cells.iter().flatten().any(|c| matches!(c, Cell::Date(_))));
        // Blank "same as above" sectors and continuation rows.
        assert!(cells
            .iter()
            .any(|c| c[1] == Cell::Empty && c[2] != Cell::Empty));
        let continuations = cells.iter().filter(|c| c[2] == Cell::Empty).count();
        assert!(continuations > 20, "continuation rows: {continuations}");
    }

    #[test]
    fn the_2017_layout_has_category_headings() {
        let spec = Spec {
            schema: Schema::Workplan2017,
            ..Spec::new(3000)
        };
        let all: Vec<Row> = rows(spec).collect();
        assert!(all.iter().any(|r| matches!(r, Row::Heading(_))));
        assert!(all
            .iter()
            .all(|r| !matches!(r, Row::Cells(c) if c.len() != 5)));
    }

    #[test]
    fn typos_and_broken_addresses_change_the_text() {
        let mut rng = Rng(1);
        for _ in 0..50 {
            assert_ne!(typo(&mut rng, "Microsoft"), "Microsoft");
            let c = "Unit  Peter.Kimpian@coe.int other";
            let b = broken_email(&mut rng, c);
            assert_ne!(b, c);
            assert!(b.starts_with("Unit  ") && b.ends_with(" other"), "{b}");
        }
    }
}
