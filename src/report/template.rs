//! The wording of the reports: titles, intro texts, column labels, legend, in English
//! or French.
//!
//! `templates/report.toml` (English) and `templates/report.fr.toml` (French) ship with
//! the project and are also compiled into the binary, so the reports read the same
//! without them. A user's file overrides key by key: a key it leaves out keeps the
//! shipped wording of its language (its `lang` key, else the language asked for); an
//! unknown key is an error naming the line, so a misspelt key is not silently ignored.

use std::path::Path;

use serde::Deserialize;

use crate::config::Lang;

/// The shipped template, compiled in.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/report.toml");

/// The shipped French template, compiled in.
pub const FRENCH_TEMPLATE: &str = include_str!("../../templates/report.fr.toml");

/// The template's file name inside the templates folder.
pub const TEMPLATE_FILE: &str = "report.toml";

/// The French template's file name inside the templates folder.
pub const FRENCH_TEMPLATE_FILE: &str = "report.fr.toml";

/// The shipped template of `lang`.
fn shipped(lang: Lang) -> &'static str {
    match lang {
        Lang::En => DEFAULT_TEMPLATE,
        Lang::Fr => FRENCH_TEMPLATE,
    }
}

/// Why a template could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The file exists but cannot be read.
    #[error("{path}: cannot read the report template: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{path}{}: {message} (fix the report template, or delete it to use the shipped wording)", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line, where the parser gives one.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
}

/// Wording shared by every report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is documented by the shipped templates/report.toml
pub struct CommonText {
    pub lang: String,
    pub footer: String,
    pub attachment_table: String,
    pub sources_label: String,
    pub no_activities: String,
    pub undated_heading: String,
    pub legend_heading: String,
    pub legend_cancelled: String,
    pub legend_tentative: String,
    pub date_written_note: String,
    pub all_partners: String,
    pub also: String,
    pub none_named: String,
    pub to_be_determined: String,
    pub planned: String,
    pub cancelled: String,
}

/// Column labels of the activity tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ColumnText {
    pub date_written: String,
    pub date_normalised: String,
    pub activity: String,
    pub sector: String,
    pub partners: String,
    pub status: String,
    pub number: String,
}

/// Wording of the sector reports.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct SectorText {
    pub title: String,
    pub covers: String,
    pub intro: String,
}

/// Wording of the partner reports.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PartnerText {
    pub title: String,
    pub covers: String,
    pub intro: String,
    pub profile_heading: String,
    pub kind: String,
    pub company: String,
    pub association: String,
    pub joined: String,
    pub joined_unknown: String,
    pub other_names: String,
    pub renamed: String,
    pub note: String,
    pub activities_heading: String,
    pub open_heading: String,
    pub open_intro: String,
}

/// Wording of the annual overviews.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct OverviewText {
    pub title: String,
    pub covers: String,
    pub undated_title: String,
    pub undated_covers: String,
    pub summary_heading: String,
    pub by_sector_heading: String,
    pub by_partner_heading: String,
    pub participation_heading: String,
    pub participation_intro: String,
    pub chart_title: String,
    pub activities_label: String,
    pub sectors_label: String,
    pub partners_label: String,
    pub cancelled_label: String,
    pub tentative_label: String,
    pub open_to_all_label: String,
}

/// Headings and fixed wording of `reconciliation.pdf` (its findings are worded by
/// `reconcile::wording` in the same language).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ReconciliationText {
    pub title: String,
    pub footer: String,
    pub attachment_names: String,
    pub attachment_years: String,
    pub subtitle_registry: String,
    pub subtitle_lists: String,
    pub subtitle_activities: String,
    pub no_workplan: String,
    pub overview_heading: String,
    pub registry: String,
    pub partner_lists: String,
    pub none_read: String,
    pub no_lists_read: String,
    pub lists_summary: String,
    pub activities: String,
    pub activities_from: String,
    pub disagreements: String,
    pub settled: String,
    pub to_review: String,
    pub years_columns: [String; 6],
    pub years_note: String,
    pub year_by_year_heading: String,
    pub undated_renames_heading: String,
    pub year_partners: String,
    pub year_joined_nobody: String,
    pub year_joined: String,
    pub joined_columns: [String; 3],
    pub year_renamed: String,
    pub year_discussions: String,
    pub nobody: String,
    pub discussion_columns: [String; 4],
    pub year_lists: String,
    pub list_names: String,
    pub timelines_heading: String,
    pub timelines_note: String,
    pub timeline_columns: [String; 7],
    pub activities_read_from: String,
    pub disagreements_heading: String,
    pub sources_agree: String,
    pub ranked_columns: [String; 4],
    pub each_disagreement: String,
    pub sources: String,
    pub settled_heading: String,
    pub settled_note: String,
    pub counts_heading: String,
    pub counts_columns: [String; 5],
    pub agrees: String,
    pub disagrees: String,
    pub no_names: String,
    pub not_compared: String,
    pub possibly_more: String,
    pub review_heading: String,
    pub all_matched: String,
    pub review_note: String,
    pub review_columns: [String; 3],
    pub lists_heading: String,
    pub lists_columns: [String; 6],
}

/// The whole wording of the reports.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportTemplate {
    /// Shared by every report.
    pub common: CommonText,
    /// Table column labels.
    pub columns: ColumnText,
    /// Sector reports.
    pub sector: SectorText,
    /// Partner reports.
    pub partner: PartnerText,
    /// Annual overviews.
    pub overview: OverviewText,
    /// `reconciliation.pdf`.
    pub reconciliation: ReconciliationText,
}

impl Default for ReportTemplate {
    fn default() -> Self {
        Self::shipped(Lang::En)
    }
}

impl ReportTemplate {
    /// The shipped wording of `lang`.
    pub fn shipped(lang: Lang) -> Self {
        toml::from_str(shipped(lang)).expect("the shipped report templates are valid")
    }

    /// The language of the wording (its `lang` key).
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.common.lang).unwrap_or_default()
    }

    /// Reads the template of `lang` from `dir` (`report.toml`, or `report.fr.toml` for
    /// French) over the shipped wording; the shipped wording alone when the file does
    /// not exist. `None` reads `report.toml`, whose `lang` key says its language.
    pub fn load(dir: &Path, lang: Option<Lang>) -> Result<Self, TemplateError> {
        let file = match lang {
            Some(Lang::Fr) => FRENCH_TEMPLATE_FILE,
            _ => TEMPLATE_FILE,
        };
        let path = dir.join(file);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_toml(&text, &path.display().to_string(), lang),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Self::shipped(lang.unwrap_or_default()))
            }
            Err(source) => Err(TemplateError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Parses a user's template text (`origin` names it in errors) over the shipped one
    /// of its language: its `lang` key, else `lang`, else English.
    pub fn from_toml(text: &str, origin: &str, lang: Option<Lang>) -> Result<Self, TemplateError> {
        let invalid = |e: toml::de::Error| TemplateError::Invalid {
            path: origin.to_owned(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().to_owned(),
        };
        let user: toml::Table = toml::from_str(text).map_err(invalid)?;
        let own = user
            .get("common")
            .and_then(|c| c.get("lang"))
            .map(|l| {
                l.as_str()
                    .and_then(Lang::parse)
                    .ok_or_else(|| TemplateError::Invalid {
                        path: origin.to_owned(),
                        line: find_key_line(text, "lang"),
                        message: format!(
                            "unknown language `{}` (known: en, fr)",
                            l.as_str().unwrap_or("?")
                        ),
                    })
            })
            .transpose()?;
        let base = shipped(own.or(lang).unwrap_or_default());
        let mut merged: toml::Table =
            toml::from_str(base).expect("the shipped report templates are valid");
        for (section, value) in user {
            match (merged.get_mut(&section), value) {
                (Some(toml::Value::Table(base)), toml::Value::Table(over)) => {
                    for (k, v) in over {
                        if !base.contains_key(&k) {
                            return Err(TemplateError::Invalid {
                                path: origin.to_owned(),
                                line: find_key_line(text, &k),
                                message: format!("unknown key `{k}` in [{section}]"),
                            });
                        }
                        base.insert(k, v);
                    }
                }
                _ => {
                    return Err(TemplateError::Invalid {
                        path: origin.to_owned(),
                        line: find_key_line(text, &section),
                        message: format!(
                            "unknown section `{section}` (known: common, columns, sector, partner, overview, reconciliation)"
                        ),
                    })
                }
            }
        }
        toml::Value::Table(merged).try_into().map_err(invalid)
    }
}

/// Replaces `{name}` placeholders by their values; unknown placeholders stay as written.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (close, *v))
        }) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('[');
            l.starts_with(key) && l[key.len()..].trim_start().starts_with(['=', ']'])
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_template_parses() {
        let t = ReportTemplate::default();
        assert_eq!(t.sector.title, "Sector report: {sector}");
        assert_eq!(t.columns.status, "Status");
    }

    #[test]
    fn user_keys_override_and_others_stay() {
        let t = ReportTemplate::from_toml(
            "[sector]\ntitle = \"Rapport sectoriel : {sector}\"\n",
            "t.toml",
            None,
        )
        .unwrap();
        assert_eq!(t.sector.title, "Rapport sectoriel : {sector}");
        assert_eq!(t.partner.title, "Partner report: {partner}");
    }

    #[test]
    fn french_keys_left_out_keep_the_shipped_french_wording() {
        // Asked for on the command line, or said by the file itself.
        let asked = ReportTemplate::from_toml(
            "[sector]\ntitle = \"Secteur : {sector}\"\n",
            "report.fr.toml",
            Some(Lang::Fr),
        )
        .unwrap();
        let said = ReportTemplate::from_toml(
            "[common]\nlang = \"fr\"\n[sector]\ntitle = \"Secteur : {sector}\"\n",
            "report.toml",
            None,
        )
        .unwrap();
        for t in [asked, said] {
            assert_eq!(t.lang(), Lang::Fr);
            assert_eq!(t.sector.title, "Secteur : {sector}");
            assert_eq!(t.partner.title, "Rapport du partenaire : {partner}");
        }
        let err = ReportTemplate::from_toml("[common]\n\nlang = \"de\"\n", "t.toml", None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.toml line 3") && err.contains("de"), "{err}");
        // Both shipped templates have the same keys.
        let keys = |text: &str| {
            let t: toml::Table = toml::from_str(text).unwrap();
            t.iter()
                .flat_map(|(s, v)| {
                    let v = v.as_table().unwrap();
                    v.keys().map(|k| format!("{s}.{k}")).collect::<Vec<_>>()
                })
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(keys(DEFAULT_TEMPLATE), keys(FRENCH_TEMPLATE));
    }

    #[test]
    fn unknown_key_names_its_line() {
        let err =
            ReportTemplate::from_toml("[sector]\n\ntitel = \"x\"\n", "t.toml", None).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("t.toml line 3"), "{msg}");
        assert!(msg.contains("titel"), "{msg}");
        let err =
            ReportTemplate::from_toml("[sectors]\ntitle = \"x\"\n", "t.toml", None).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn wrong_type_and_bad_toml_are_errors() {
        assert!(ReportTemplate::from_toml("[sector]\ntitle = 3\n", "t", None).is_err());
        let err = ReportTemplate::from_toml("[sector\n", "t.toml", None).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                "Report: {sector} ({count})",
                &[("sector", "CDPPE"), ("count", "3")]
            ),
            "Report: CDPPE (3)"
        );
        assert_eq!(fill("{unknown} {", &[("x", "y")]), "{unknown} {");
        assert_eq!(fill("{a}{a}", &[("a", "é")]), "éé");
    }
}
