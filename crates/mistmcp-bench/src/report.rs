//! Figures, their targets and verdicts, printed as one table and written as JSON.

use crate::stats::Summary;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// Which statistic a target applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    Median,
    P99,
}

impl Stat {
    fn name(self) -> &'static str {
        match self {
            Stat::Median => "median",
            Stat::P99 => "p99",
        }
    }

    fn of(self, s: &Summary) -> f64 {
        match self {
            Stat::Median => s.median,
            Stat::P99 => s.p99,
        }
    }
}

/// One target a figure must meet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    AtMost(Stat, f64),
    AtLeast(Stat, f64),
}

impl Check {
    fn passes(self, s: &Summary) -> bool {
        match self {
            Check::AtMost(stat, limit) => stat.of(s) <= limit,
            Check::AtLeast(stat, limit) => stat.of(s) >= limit,
        }
    }

    fn describe(self, unit: &str) -> String {
        let (stat, op, limit) = match self {
            Check::AtMost(stat, limit) => (stat, "≤", limit),
            Check::AtLeast(stat, limit) => (stat, "≥", limit),
        };
        let prefix = if stat == Stat::Median {
            String::new()
        } else {
            format!("{} ", stat.name())
        };
        format!("{prefix}{op} {} {unit}", number(limit))
    }
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The suite that measured it (what `--only` selects).
    pub suite: &'static str,
    pub label: String,
    pub unit: &'static str,
    pub summary: Option<Summary>,
    pub checks: Vec<Check>,
    /// The Python original's figure, for comparison.
    pub original: &'static str,
    /// Context: what was measured exactly, side figures, why a value is missing.
    pub note: String,
}

impl Figure {
    pub fn new(suite: &'static str, label: impl Into<String>, unit: &'static str) -> Self {
        Figure {
            suite,
            label: label.into(),
            unit,
            summary: None,
            checks: Vec::new(),
            original: "",
            note: String::new(),
        }
    }

    pub fn samples(mut self, samples: &[f64]) -> Self {
        self.summary = Summary::of(samples);
        self
    }

    pub fn value(mut self, value: f64) -> Self {
        self.summary = Some(Summary::single(value));
        self
    }

    pub fn check(mut self, check: Check) -> Self {
        self.checks.push(check);
        self
    }

    pub fn original(mut self, original: &'static str) -> Self {
        self.original = original;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// A figure that could not be measured, with the reason.
    pub fn failed(suite: &'static str, label: impl Into<String>, unit: &'static str, why: String) -> Self {
        Figure::new(suite, label, unit).note(format!("not measured: {why}"))
    }

    pub fn verdict(&self) -> &'static str {
        match (&self.summary, self.checks.is_empty()) {
            (None, _) => "ERROR",
            (Some(_), true) => "report",
            (Some(s), false) if self.checks.iter().all(|c| c.passes(s)) => "pass",
            (Some(_), false) => "MISS",
        }
    }

    fn target_text(&self) -> String {
        if self.checks.is_empty() {
            return "-".into();
        }
        self.checks
            .iter()
            .map(|c| c.describe(self.unit))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A number with a precision that suits its size.
pub fn number(v: f64) -> String {
    let a = v.abs();
    if a >= 10_000.0 {
        let whole = format!("{:.0}", v);
        group_thousands(&whole)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// The table of every figure, with notes below it.
pub fn table(figures: &[Figure]) -> String {
    let header = [
        "figure", "unit", "n", "min", "median", "p99", "max", "target", "Python", "verdict",
    ];
    let mut rows: Vec<[String; 10]> = Vec::new();
    for f in figures {
        let cell = |g: fn(&Summary) -> f64| f.summary.as_ref().map_or("-".into(), |s| number(g(s)));
        let n = f.summary.as_ref().map_or("-".into(), |s| s.n.to_string());
        let p99 = match &f.summary {
            Some(s) if s.n >= 20 => number(s.p99),
            _ => "-".into(),
        };
        let original = if f.original.is_empty() { "-" } else { f.original };
        rows.push([
            f.label.clone(),
            f.unit.to_string(),
            n,
            cell(|s| s.min),
            cell(|s| s.median),
            p99,
            cell(|s| s.max),
            f.target_text(),
            original.to_string(),
            f.verdict().to_string(),
        ]);
    }
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            // Text columns align left, numbers right.
            if (2..=6).contains(&i) {
                let _ = write!(out, "{}{}", " ".repeat(pad), c);
            } else {
                let _ = write!(out, "{}{}", c, " ".repeat(pad));
            }
            out.push_str(if i + 1 < cells.len() { " | " } else { "\n" });
        }
    };
    line(&mut out, &header.map(String::from));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut out, &rule);
    for row in &rows {
        line(&mut out, row);
    }
    let notes: Vec<&Figure> = figures.iter().filter(|f| !f.note.is_empty()).collect();
    if !notes.is_empty() {
        out.push_str("\nNotes:\n");
        for f in notes {
            let _ = writeln!(out, "- {}: {}", f.label, f.note);
        }
    }
    out
}

/// The same figures as JSON.
pub fn json(figures: &[Figure], context: Value) -> Value {
    let items: Vec<Value> = figures
        .iter()
        .map(|f| {
            let stats = f.summary.as_ref().map(|s| {
                json!({"n": s.n, "min": s.min, "median": s.median, "p99": s.p99, "max": s.max})
            });
            json!({
                "suite": f.suite,
                "figure": f.label,
                "unit": f.unit,
                "stats": stats,
                "target": if f.checks.is_empty() { Value::Null } else { Value::String(f.target_text()) },
                "python_original": if f.original.is_empty() { Value::Null } else { Value::String(f.original.into()) },
                "verdict": f.verdict(),
                "note": f.note,
            })
        })
        .collect();
    json!({"context": context, "figures": items})
}

/// Writes `value` to `path`, creating its directory.
pub fn write_json(path: &Path, value: &Value) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    std::fs::write(path, text + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_passes_only_when_every_check_holds() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        let f = Figure::new("x", "t", "µs")
            .samples(&samples)
            .check(Check::AtMost(Stat::Median, 60.0));
        assert_eq!(f.verdict(), "pass");
        let f = f.check(Check::AtMost(Stat::P99, 90.0));
        assert_eq!(f.verdict(), "MISS");
    }

    #[test]
    fn a_figure_without_samples_is_an_error_and_without_target_a_report() {
        assert_eq!(
            Figure::failed("x", "t", "ms", "no server".into()).verdict(),
            "ERROR"
        );
        assert_eq!(Figure::new("x", "t", "ms").value(3.0).verdict(), "report");
    }

    #[test]
    fn large_numbers_are_grouped_by_thousands() {
        assert_eq!(number(246_723.0), "246,723");
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(0.0421), "0.042");
    }

    #[test]
    fn the_table_has_a_row_per_figure_and_the_notes_below() {
        let figures = [
            Figure::new("a", "first", "ms").value(1.0).note("why"),
            Figure::new("b", "second", "B").value(2.0),
        ];
        let text = table(&figures);
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with("first") || l.starts_with("second"))
                .count(),
            2
        );
        assert!(text.contains("- first: why"));
    }
}
