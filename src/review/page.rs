//! `index.html`: one self-contained page to open from the output folder. The summary
//! first, then what needs attention (unmatched names with their cells, places and
//! suggestions; warnings; rejected rows; disagreements), then a link to every output
//! file, relative to the folder.
//!
//! The page fetches nothing: its styles are inline, it has no script, and every text
//! from the inputs is escaped. A long list is cut on the page, with a link to the file
//! that holds it whole.

use std::fmt::Write as _;

/// At most this many items of one list are shown; the rest are in the file linked.
pub const SHOWN: usize = 200;

/// One line of the summary: "activities 41 (22 duplicate records merged)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    /// What is counted ("activities", "  records").
    pub label: String,
    /// The count.
    pub value: String,
    /// What the count means or where to look, possibly empty.
    pub detail: String,
}

/// A name that matched no registry entry, or a match to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameItem {
    /// The name as written.
    pub name: String,
    /// The whole cell it was read from.
    pub cell: String,
    /// Where: `file [sheet]!cell`, each.
    pub places: Vec<String>,
    /// A canonical name and why, possibly empty.
    pub suggestion: String,
    /// `unmatched` or `confirm`.
    pub status: String,
}

/// A warning, as told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningItem {
    /// Where.
    pub place: String,
    /// Its code.
    pub code: String,
    /// Its message.
    pub message: String,
    /// What to do, possibly empty.
    pub hint: String,
    /// Its fingerprint, to accept it.
    pub fingerprint: String,
}

/// A row that was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectItem {
    /// Where: file, sheet and row.
    pub place: String,
    /// Why.
    pub reason: String,
    /// Its cells, joined.
    pub cells: String,
}

/// A disagreement between sources, or a settled fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingItem {
    /// Its kind's heading.
    pub kind: String,
    /// The name or list concerned.
    pub name: String,
    /// The year, possibly empty.
    pub year: String,
    /// What disagrees.
    pub explanation: String,
    /// The places of its claims.
    pub sources: Vec<String>,
}

/// A list of items and how many there are in all (more than shown when cut).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<T> {
    /// The items, at most [`SHOWN`].
    pub items: Vec<T>,
    /// How many there are in all.
    pub total: usize,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: Vec::new(),
            total: 0,
        }
    }
}

impl<T> Listed<T> {
    /// The first [`SHOWN`] of `items`, counting them all.
    pub fn of(items: impl IntoIterator<Item = T>) -> Self {
        let mut total = 0;
        let mut shown = Vec::new();
        for item in items {
            total += 1;
            if shown.len() < SHOWN {
                shown.push(item);
            }
        }
        Listed {
            items: shown,
            total,
        }
    }
}

/// An output file, relative to the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLink {
    /// The path inside the folder, with forward slashes.
    pub path: String,
    /// What it holds, possibly empty.
    pub about: String,
}

/// Everything the page shows.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The command and where it read from ("workplan run: input").
    pub title: String,
    /// The exit status and what it means.
    pub status: (u8, String),
    /// The summary, line by line, as printed.
    pub summary: Vec<SummaryLine>,
    /// Names to review.
    pub names: Listed<NameItem>,
    /// Files that could not be read.
    pub refused: Listed<WarningItem>,
    /// Warnings still to look at.
    pub warnings: Listed<WarningItem>,
    /// Warnings accepted earlier, listed apart.
    pub accepted: Listed<WarningItem>,
    /// Rejected rows.
    pub rejects: Listed<RejectItem>,
    /// Disagreements between sources.
    pub disagreements: Listed<FindingItem>,
    /// Facts the registry settles.
    pub settled: Listed<FindingItem>,
    /// Every output file.
    pub files: Vec<FileLink>,
}

/// `&`, `<`, `>`, `"` and `'` escaped: text safe inside elements and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A relative URL for a path inside the folder: every byte outside the unreserved set
/// and `/` percent-encoded, so a file named "a b#1.csv" links to itself.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;\
max-width:72rem;padding:0 1rem;color:#1d2330;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #d8dce6;\
padding-bottom:.2rem}h3{margin-top:1.4rem}\
table{border-collapse:collapse;width:100%;margin:.5rem 0}\
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e6ee}\
th{background:#f3f5f9;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\
table.summary{width:auto}table.summary td{border:none;padding:.1rem .8rem .1rem 0}\
.status{display:inline-block;padding:.3rem .7rem;border-radius:.3rem;font-weight:600}\
.s0{background:#e3f4e6;color:#1c5b2a}.s1{background:#fff2d6;color:#6b4a00}\
.s2{background:#fde2e1;color:#8a1c17}.muted{color:#5b6475}.cell{white-space:pre-wrap}\
code{font-size:.9em;background:#f3f5f9;padding:0 .2rem;border-radius:.2rem}\
nav a{margin-right:1rem}ul.files{columns:2;padding-left:1.2rem}";

impl Page {
    /// The page as HTML.
    pub fn render(&self) -> String {
        let mut h = String::with_capacity(16 * 1024);
        h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(h, "<title>{}</title>", escape(&self.title));
        let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");
        let _ = writeln!(h, "<h1>{}</h1>", escape(&self.title));
        let (code, meaning) = &self.status;
        let _ = writeln!(
            h,
            "<p><span class=\"status s{}\" id=\"status\">exit status {code}: {}</span></p>",
            (*code).min(2),
            escape(meaning)
        );
        h.push_str(
            "<nav><a href=\"#summary\">Summary</a><a href=\"#attention\">Needs attention</a>\
             <a href=\"#files\">Files</a></nav>\n",
        );
        self.summary_section(&mut h);
        h.push_str("<h2 id=\"attention\">Needs attention</h2>\n");
        if self.nothing_to_review() {
            h.push_str("<p id=\"all-clear\">Nothing: every name matched, no warning, no rejected row, no disagreement.</p>\n");
        }
        self.names_section(&mut h);
        self.warnings_section(&mut h);
        self.rejects_section(&mut h);
        self.findings_section(&mut h);
        self.files_section(&mut h);
        h.push_str("</body>\n</html>\n");
        h
    }

    fn nothing_to_review(&self) -> bool {
        self.names.total == 0
            && self.refused.total == 0
            && self.warnings.total == 0
            && self.rejects.total == 0
            && self.disagreements.total == 0
    }

    fn summary_section(&self, h: &mut String) {
        h.push_str("<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n");
        for line in &self.summary {
            let indent = line.label.len() - line.label.trim_start().len();
            let _ = writeln!(
                h,
                "<tr><td style=\"padding-left:{}rem\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"muted\">{}</td></tr>",
                indent,
                escape(line.label.trim()),
                escape(&line.value),
                escape(&line.detail)
            );
        }
        h.push_str("</table>\n");
    }

    fn names_section(&self, h: &mut String) {
        if self.names.total == 0 {
            return;
        }
        let _ = writeln!(
            h,
            "<h3 id=\"names\">Names to review ({})</h3>\n<p class=\"muted\">Fill the \
             <code>decision</code> column of {} (<code>alias</code>, \
             <code>non-partner</code>, <code>placeholder</code>, <code>partner</code>, \
             <code>affiliate</code>, <code>different</code>), then run <code>workplan \
             registry apply</code> on it and run again.</p>",
            self.names.total,
            link("review/unmatched-names.csv")
        );
        // The cell column only when some name knows its cell.
        let cells = self.names.items.iter().any(|n| !n.cell.is_empty());
        let _ = writeln!(
            h,
            "<table id=\"names-table\"><tr><th>Name</th>{}<th>Where</th><th>Suggestion</th>\
             <th>Status</th></tr>",
            if cells {
                "<th>Cell as written</th>"
            } else {
                ""
            }
        );
        for n in &self.names.items {
            let cell = if cells {
                format!("<td class=\"cell\">{}</td>", escape(&n.cell))
            } else {
                String::new()
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td>{cell}<td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&n.name),
                escape(&n.places.join("; ")),
                escape(&n.suggestion),
                escape(&n.status)
            );
        }
        h.push_str("</table>\n");
        more(h, &self.names, "review/unmatched-names.csv");
    }

    fn warnings_section(&self, h: &mut String) {
        if self.refused.total > 0 {
            let _ = writeln!(
                h,
                "<h3 id=\"refused\">Files that could not be read ({})</h3>",
                self.refused.total
            );
            warning_table(h, "refused-table", &self.refused.items);
        }
        if self.warnings.total > 0 {
            let _ = writeln!(
                h,
                "<h3 id=\"warnings\">Warnings ({})</h3>\n<p class=\"muted\">A warning \
                 reviewed and found harmless can be accepted (<code>workplan accept \
                 FINGERPRINT</code>): it is then listed apart and no longer makes the exit \
                 status 1, until its cell changes.</p>",
                self.warnings.total
            );
            warning_table(h, "warnings-table", &self.warnings.items);
            more(h, &self.warnings, "warnings.csv");
        }
        if self.accepted.total > 0 {
            let _ = writeln!(
                h,
                "<h3 id=\"accepted\">Accepted warnings ({})</h3>",
                self.accepted.total
            );
            warning_table(h, "accepted-table", &self.accepted.items);
            more(h, &self.accepted, "warnings.csv");
        }
    }

    fn rejects_section(&self, h: &mut String) {
        if self.rejects.total == 0 {
            return;
        }
        let _ = writeln!(
            h,
            "<h3 id=\"rejects\">Rejected rows ({})</h3>\n<table id=\"rejects-table\">\
             <tr><th>Where</th><th>Why</th><th>Cells</th></tr>",
            self.rejects.total
        );
        for r in &self.rejects.items {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"cell\">{}</td></tr>",
                escape(&r.place),
                escape(&r.reason),
                escape(&r.cells)
            );
        }
        h.push_str("</table>\n");
        more(h, &self.rejects, "rejects.csv");
    }

    fn findings_section(&self, h: &mut String) {
        if self.disagreements.total > 0 {
            let _ = writeln!(
                h,
                "<h3 id=\"disagreements\">Disagreements ({})</h3>",
                self.disagreements.total
            );
            finding_table(h, "disagreements-table", &self.disagreements.items);
            more(h, &self.disagreements, "disagreements.csv");
        }
        if self.settled.total > 0 {
            let _ = writeln!(
                h,
                "<h3 id=\"settled\">Settled by the registry ({})</h3>\n<p class=\"muted\">\
                 Known non-partners and candidates: not disagreements.</p>",
                self.settled.total
            );
            finding_table(h, "settled-table", &self.settled.items);
        }
    }

    fn files_section(&self, h: &mut String) {
        let _ = writeln!(
            h,
            "<h2 id=\"files\">Files ({})</h2>\n<ul class=\"files\">",
            self.files.len()
        );
        for f in &self.files {
            let about = if f.about.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"muted\">{}</span>", escape(&f.about))
            };
            let _ = writeln!(h, "<li>{}{about}</li>", link(&f.path));
        }
        h.push_str("</ul>\n");
    }
}

/// `<a href="path">path</a>`.
fn link(path: &str) -> String {
    format!("<a href=\"{}\">{}</a>", href(path), escape(path))
}

/// "and 1,234 more in FILE" when the list was cut.
fn more<T>(h: &mut String, listed: &Listed<T>, file: &str) {
    if listed.total > listed.items.len() {
        let _ = writeln!(
            h,
            "<p class=\"muted\">{} shown of {}; all are in {}.</p>",
            listed.items.len(),
            listed.total,
            link(file)
        );
    }
}

fn warning_table(h: &mut String, id: &str, items: &[WarningItem]) {
    let _ = writeln!(
        h,
        "<table id=\"{id}\"><tr><th>Where</th><th>What</th><th>Code</th>\
         <th>Fingerprint</th></tr>"
    );
    for w in items {
        let hint = if w.hint.is_empty() {
            String::new()
        } else {
            format!("<br><span class=\"muted\">{}</span>", escape(&w.hint))
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}{hint}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
            escape(&w.place),
            escape(&w.message),
            escape(&w.code),
            escape(&w.fingerprint)
        );
    }
    h.push_str("</table>\n");
}

fn finding_table(h: &mut String, id: &str, items: &[FindingItem]) {
    let _ = writeln!(
        h,
        "<table id=\"{id}\"><tr><th>Kind</th><th>Name</th><th>Year</th><th>What</th></tr>"
    );
    for f in items {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}<br><span class=\"muted\">Sources: \
             {}</span></td></tr>",
            escape(&f.kind),
            escape(&f.name),
            escape(&f.year),
            escape(&f.explanation),
            escape(&f.sources.join("; "))
        );
    }
    h.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_links_are_relative_and_encoded() {
        assert_eq!(
            escape("<b>\"A&B\"</b> it's"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; it&#39;s"
        );
        assert_eq!(href("sectors/a b#1.csv"), "sectors/a%20b%231.csv");
        assert_eq!(href("partners/télé.pdf"), "partners/t%C3%A9l%C3%A9.pdf");
        let page = Page {
            title: "workplan run".into(),
            status: (1, "finished with warnings".into()),
            names: Listed::of([NameItem {
                name: "<script>alert(1)</script>".into(),
                cell: "Google, <script>alert(1)</script>".into(),
                places: vec!["plan.xlsx [Workplan]!E4".into()],
                suggestion: String::new(),
                status: "unmatched".into(),
            }]),
            files: vec![FileLink {
                path: "review/unmatched-names.csv".into(),
                about: "names to review".into(),
            }],
            ..Page::default()
        };
        let html = page.render();
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<a href=\"review/unmatched-names.csv\">"));
        // Nothing fetched: no script, no external stylesheet, image or font.
        for fetch in ["src=", "<link", "@import", "url(", "http:", "https:"] {
            assert!(!html.contains(fetch), "{fetch} in {html}");
        }
    }

    #[test]
    fn a_long_list_is_cut_and_points_at_its_file() {
        let listed = Listed::of((0..SHOWN + 5).map(|i| RejectItem {
            place: format!("a.csv row {i}"),
            reason: "no header".into(),
            cells: String::new(),
        }));
        assert_eq!((listed.items.len(), listed.total), (SHOWN, SHOWN + 5));
        let page = Page {
            rejects: listed,
            ..Page::default()
        };
        let html = page.render();
        assert!(html.contains("Rejected rows (205)"), "{html}");
        assert!(html.contains("200 shown of 205; all are in <a href=\"rejects.csv\">"));
        assert!(!html.contains("all-clear"));
        assert!(Page::default().render().contains("id=\"all-clear\""));
    }
}
