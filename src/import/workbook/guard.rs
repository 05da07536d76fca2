//! Containing the readers' panics: calamine (and the zip crate) meet hostile bytes, and a
//! panic in them must become a damaged file or a lost sheet, not a crash.
//!
//! [`guarded`] runs a call under `catch_unwind`. The panic hook it installs stays
//! silent for the panics it contains, so the user sees the file's error rather than a
//! backtrace, and hands every other panic to the hook that was there before.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

/// Runs a calamine call, turning a panic into its message.
///
/// The panic is contained, so it is not printed either: the user gets the file's
/// error, not a backtrace (see [`quiet_contained_panics`]).
pub(super) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    quiet_contained_panics();
    CONTAINED.with(|n| n.set(n.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|n| n.set(n.get().saturating_sub(1)));
    result.map_err(|payload| panic_message(payload.as_ref()))
}

thread_local! {
    /// How many [`guarded`] calls this thread is inside.
    static CONTAINED: Cell<u32> = const { Cell::new(0) };
}

/// Installs, once, a panic hook that stays silent for panics [`guarded`] contains and
/// hands every other panic to the hook that was there before (the default one, or a
/// test harness's or fuzzer's), so a panic anywhere else is reported as usual.
fn quiet_contained_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

pub(super) fn panic_message(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    };
    format!("the reader failed: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_panics() {
        let got = guarded(|| -> u8 { panic!("boom") });
        assert_eq!(got, Err("the reader failed: boom".to_owned()));
    }
}
