//! The categories table of `README.md`, generated from the catalog between two markers.

use mist_catalog::Catalog;

pub const START_MARKER: &str = "<!-- categories:start -->";
pub const END_MARKER: &str = "<!-- categories:end -->";

/// A Markdown table with one row per category, in catalog order.
pub fn categories_table(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| Category | What it holds | Tools | Tool names |\n\
         |----------|---------------|------:|------------|\n",
    );
    for category in &catalog.categories {
        let names: Vec<String> = category.tools.iter().map(|t| format!("`{t}`")).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            category.name,
            cell(&category.description),
            category.tools.len(),
            names.join(", ")
        ));
    }
    out
}

/// Table cells cannot hold pipes or line breaks.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// `readme` with the block between the markers replaced by `table`, or `None` when the
/// markers are missing or out of order.
pub fn replace_block(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(START_MARKER)? + START_MARKER.len();
    let end = start + readme[start..].find(END_MARKER)?;
    Some(format!("{}\n{table}{}", &readme[..start], &readme[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mist_catalog::Category;

    fn catalog() -> Catalog {
        let mut catalog = Catalog::default();
        catalog.categories = vec![Category {
            name: "sites".into(),
            description: "Sites | maps\n and settings.".into(),
            tools: vec!["getSiteInfo".into(), "listSiteMaps".into()],
        }];
        catalog
    }

    #[test]
    fn each_category_becomes_one_row_with_escaped_words() {
        let table = categories_table(&catalog());
        let row = table.lines().nth(2).unwrap();
        assert_eq!(
            row,
            "| `sites` | Sites \\| maps and settings. | 2 | `getSiteInfo`, `listSiteMaps` |"
        );
    }

    #[test]
    fn the_block_between_markers_is_replaced_and_the_rest_kept() {
        let readme = format!("# Title\n{START_MARKER}\nold\n{END_MARKER}\nafter\n");
        let new = replace_block(&readme, "| t |\n").unwrap();
        assert_eq!(
            new,
            format!("# Title\n{START_MARKER}\n| t |\n{END_MARKER}\nafter\n")
        );
        assert_eq!(
            replace_block(&new, "| t |\n").unwrap(),
            new,
            "replacing is idempotent"
        );
    }

    #[test]
    fn missing_or_swapped_markers_give_nothing() {
        assert!(replace_block("# Title\n", "x").is_none());
        let swapped = format!("{END_MARKER}\n{START_MARKER}\n");
        assert!(replace_block(&swapped, "x").is_none());
    }
}
