//! Helpers shared by the catalog's integration tests.

use std::path::PathBuf;

/// The reference material checked out next to the workspace (`../shared`), or `None` with a
/// notice when it is absent. CI always has it, so there its absence fails the test instead of
/// letting the check pass without looking.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI must check against it", dir.display());
    }
    eprintln!("notice: {} is absent; skipping this check", dir.display());
    None
}
