//! What the subcommands print for a person or a script, written so that a reader who stops
//! early (`mistmcp tools | head`) ends the command quietly instead of panicking.
//!
//! `println!` panics when stdout is a closed pipe: Rust ignores SIGPIPE, so the write fails
//! with `BrokenPipe`, and the panic message lands on the terminal after `head`'s output.

use std::fmt;
use std::io::{self, Write};

/// Prints one line on stdout. A reader that has gone away ends the process with status 0, as
/// the default SIGPIPE action would have, less the signal; any other write error is named on
/// stderr and ends it with 1.
pub(super) fn line(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(e) = writeln!(out, "{args}") {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("mistmcp: error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// `println!` for the subcommands' output; see [`line`].
macro_rules! outln {
    () => {
        $crate::commands::stdout::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::commands::stdout::line(format_args!($($arg)*))
    };
}
pub(crate) use outln;
