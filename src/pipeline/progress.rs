//! Progress on a terminal: one line naming the stage the run is in (reading, laying
//! out, normalising: a sheet is laid out and normalised a part at a time as it is
//! read, so the line names the step it last took; then reports, writing and
//! reconciliation) with what it has done, its rate and the time elapsed. The line is
//! redrawn several times a second, so it never stands still while the run works; it is
//! drawn only when standard error is a terminal, and not at all with `--no-progress`.

use std::fmt;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How often the line is redrawn, whether or not anything was counted since.
const TICK: Duration = Duration::from_millis(200);

/// The line of a stage that counts `unit`s, towards a known total (`len`, which may be
/// set later) or as they come.
pub(super) fn stage(name: &str, len: Option<u64>, unit: &str, enabled: bool) -> ProgressBar {
    let template = match len {
        Some(_) => format!(
            "{{spinner}} {{prefix:<14}} [{{bar:24}}] {{human_pos}}/{{human_len}} {unit}  \
             {{rate}}  {{elapsed}}  {{wide_msg}}"
        ),
        None => format!(
            "{{spinner}} {{prefix:<14}} {{human_pos}} {unit}  {{rate}}  {{elapsed}}  \
             {{wide_msg}}"
        ),
    };
    line(name, len, &template, enabled)
}

/// The line of a stage that counts nothing: what it is waiting for, and for how long.
pub(super) fn waiting(name: &str, message: &str, enabled: bool) -> ProgressBar {
    let bar = line(
        name,
        None,
        "{spinner} {prefix:<14} {elapsed}  {wide_msg}",
        enabled,
    );
    bar.set_message(message.to_owned());
    bar
}

fn line(name: &str, len: Option<u64>, template: &str, enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", |state: &ProgressState, w: &mut dyn fmt::Write| {
                let _ = write!(w, "{:.0}/s", state.per_sec());
            })
            .progress_chars("=> "),
    );
    bar.set_prefix(name.to_owned());
    bar.enable_steady_tick(TICK);
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_not_wanted_is_hidden_and_draws_nothing() {
        for bar in [
            stage("reading", None, "rows", false),
            stage("reports", Some(0), "files", false),
            waiting("writing", "activities.json", false),
        ] {
            assert!(bar.is_hidden());
        }
    }

    #[test]
    fn a_line_names_its_stage_and_counts() {
        // Drawn nowhere, but made as on a terminal: its stage, count and total kept.
        let bar = stage("reports", Some(0), "files", true);
        bar.set_draw_target(ProgressDrawTarget::hidden());
        bar.set_length(120);
        bar.inc(3);
        assert_eq!(bar.prefix(), "reports");
        assert_eq!((bar.position(), bar.length()), (3, Some(120)));
        let reading = stage("reading", None, "rows", true);
        reading.set_draw_target(ProgressDrawTarget::hidden());
        assert_eq!(reading.length(), None);
        bar.finish_and_clear();
        reading.finish_and_clear();
    }
}
