//! Reading Mist credentials from a `.env` file without touching the process environment.

use std::collections::HashMap;
use std::path::Path;

/// The `MIST_*` entries of a `.env` file. Errors name the file and the line.
pub fn read(path: &Path) -> Result<HashMap<String, String>, String> {
    let iter = dotenvy::from_path_iter(path).map_err(|e| match e {
        dotenvy::Error::Io(io) => format!("cannot read env file {}: {io}", path.display()),
        other => format!("cannot read env file {}: {other}", path.display()),
    })?;
    let mut values = HashMap::new();
    for item in iter {
        let (key, value) = item.map_err(|e| match e {
            dotenvy::Error::LineParse(_, index) => {
                format!(
                    "env file {} has a line it cannot parse near character {index}",
                    path.display()
                )
            }
            other => format!("env file {}: {other}", path.display()),
        })?;
        values.insert(key, value);
    }
    Ok(values)
}
