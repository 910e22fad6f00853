//! The catalog honours the seed's contract: the same 30 categories and 207 tool names, each
//! tool in the category the seed's "Available Tool Categories" table puts it in.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use mist_catalog::catalog;

/// One row of the seed's table.
struct SeedCategory {
    name: String,
    count: usize,
    tools: Vec<String>,
}

/// Reads the Markdown table that follows the `| Category | Description | Tools | Tool List |`
/// header, up to the first line that is not a table row.
fn seed_table(text: &str) -> Vec<SeedCategory> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with("| Category | Description | Tools | Tool List |"))
        .skip(2);
    let mut rows = Vec::new();
    while let Some(line) = lines.next().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "unexpected row: {line}");
        rows.push(SeedCategory {
            name: cells[0].trim_matches('*').to_owned(),
            count: cells[2].parse().expect("tool count is a number"),
            tools: cells[3]
                .split(',')
                .map(|t| t.trim().trim_matches('`').to_owned())
                .collect(),
        });
    }
    rows
}

#[test]
fn categories_and_tools_match_the_seed_table() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("seed/000_b2be24e1ac5caf8f.txt"))
        .expect("the seed README is readable");
    let seed = seed_table(&text);
    assert_eq!(seed.len(), 30, "the seed table has 30 categories");
    assert_eq!(seed.iter().map(|c| c.count).sum::<usize>(), 207);

    let catalog = catalog();
    // The original's categories come first; the added ones reach the rest of the API.
    let original: Vec<_> = catalog.categories.iter().filter(|c| !c.added).collect();
    assert_eq!(original.len(), 30);
    assert_eq!(original.iter().map(|c| c.tools.len()).sum::<usize>(), 207);
    assert!(catalog.categories[..30].iter().all(|c| !c.added));
    for (ours, theirs) in original.iter().zip(&seed) {
        assert_eq!(ours.name, theirs.name, "categories in the seed's order");
        assert_eq!(
            theirs.tools.len(),
            theirs.count,
            "seed row {} is consistent",
            theirs.name
        );
        assert_eq!(
            ours.tools, theirs.tools,
            "tools of {} in the seed's order",
            ours.name
        );
    }
    for theirs in &seed {
        for name in &theirs.tools {
            let tool = catalog.tool(name).unwrap_or_else(|| panic!("{name} is missing"));
            assert_eq!(&tool.name, name, "{name} is a tool name, not only an alias");
            assert_eq!(tool.category, theirs.name);
        }
    }
}
