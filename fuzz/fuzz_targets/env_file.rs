//! Any bytes as a `.env` file: reading it never panics, and an error names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("mistmcp-fuzz-{}.env", std::process::id()));
    let Ok(mut file) = std::fs::File::create(&path) else { return };
    if file.write_all(data).is_err() {
        return;
    }
    drop(file);
    if let Err(e) = mistmcp::read_env_file(&path) {
        assert!(e.contains(&*path.to_string_lossy()), "{e}");
    }
});
