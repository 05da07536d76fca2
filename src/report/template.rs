//! The wording of the reports: titles, intro texts, column labels, legend.
//!
//! `templates/report.toml` ships with the project and is also compiled into the binary,
//! so the reports read the same without it. A user's file overrides key by key: a key it
//! leaves out keeps the shipped wording; an unknown key is an error naming the line, so
//! a misspelt key is not silently ignored.

use std::path::Path;

use serde::Deserialize;

/// The shipped template, compiled in.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/report.toml");

/// The template's file name inside the templates folder.
pub const TEMPLATE_FILE: &str = "report.toml";

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
    pub footer: String,
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
    pub joined: String,
    pub joined_unknown: String,
    pub other_names: String,
    pub renamed: String,
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
}

impl Default for ReportTemplate {
    fn default() -> Self {
        toml::from_str(DEFAULT_TEMPLATE).expect("the shipped report template is valid")
    }
}

impl ReportTemplate {
    /// Reads `report.toml` from `dir` over the shipped wording; the shipped wording alone
    /// when the file does not exist.
    pub fn load(dir: &Path) -> Result<Self, TemplateError> {
        let path = dir.join(TEMPLATE_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_toml(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(TemplateError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Parses a user's template text (`origin` names it in errors) over the shipped one.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, TemplateError> {
        let invalid = |e: toml::de::Error| TemplateError::Invalid {
            path: origin.to_owned(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().to_owned(),
        };
        let user: toml::Table = toml::from_str(text).map_err(invalid)?;
        let mut merged: toml::Table =
            toml::from_str(DEFAULT_TEMPLATE).expect("the shipped report template is valid");
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
                            "unknown section `{section}` (known: common, columns, sector, partner, overview)"
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
        )
        .unwrap();
        assert_eq!(t.sector.title, "Rapport sectoriel : {sector}");
        assert_eq!(t.partner.title, "Partner report: {partner}");
    }

    #[test]
    fn unknown_key_names_its_line() {
        let err = ReportTemplate::from_toml("[sector]\n\ntitel = \"x\"\n", "t.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("t.toml line 3"), "{msg}");
        assert!(msg.contains("titel"), "{msg}");
        let err = ReportTemplate::from_toml("[sectors]\ntitle = \"x\"\n", "t.toml").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn wrong_type_and_bad_toml_are_errors() {
        assert!(ReportTemplate::from_toml("[sector]\ntitle = 3\n", "t").is_err());
        let err = ReportTemplate::from_toml("[sector\n", "t.toml").unwrap_err();
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
