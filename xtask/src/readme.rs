//! The categories tables of `README.md`, generated from the catalog between markers: one for
//! the original's 30 categories, one for the categories added to reach the rest of the API.

use mist_catalog::Catalog;

pub const START_MARKER: &str = "<!-- categories:start -->";
pub const END_MARKER: &str = "<!-- categories:end -->";
pub const ADDED_START_MARKER: &str = "<!-- added-categories:start -->";
pub const ADDED_END_MARKER: &str = "<!-- added-categories:end -->";

/// The table of the original's categories, in catalog order.
pub fn categories_table(catalog: &Catalog) -> String {
    table(catalog, false)
}

/// The table of the added categories, in catalog order.
pub fn added_categories_table(catalog: &Catalog) -> String {
    table(catalog, true)
}

/// A Markdown table with one row per category whose `added` flag is `added`.
fn table(catalog: &Catalog, added: bool) -> String {
    let mut out = String::from(
        "| Category | What it holds | Tools | Tool names |\n\
         |----------|---------------|------:|------------|\n",
    );
    for category in catalog.categories.iter().filter(|c| c.added == added) {
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
    replace_between(readme, START_MARKER, END_MARKER, table)
}

/// `readme` with both tables in place, or `None` when either pair of markers is missing.
pub fn replace_tables(readme: &str, catalog: &Catalog) -> Option<String> {
    let first = replace_block(readme, &categories_table(catalog))?;
    replace_between(
        &first,
        ADDED_START_MARKER,
        ADDED_END_MARKER,
        &added_categories_table(catalog),
    )
}

fn replace_between(readme: &str, start_marker: &str, end_marker: &str, table: &str) -> Option<String> {
    let start = readme.find(start_marker)? + start_marker.len();
    let end = start + readme[start..].find(end_marker)?;
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
            added: false,
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
    fn added_categories_get_their_own_table_and_leave_the_first_alone() {
        let mut catalog = catalog();
        catalog.categories.push(Category {
            name: "zones".into(),
            description: "Zones.".into(),
            tools: vec!["listSiteZones".into()],
            added: true,
        });
        assert!(!categories_table(&catalog).contains("zones"));
        let readme =
            format!("{START_MARKER}\n{END_MARKER}\ntext\n{ADDED_START_MARKER}\n{ADDED_END_MARKER}\n");
        let new = replace_tables(&readme, &catalog).unwrap();
        let (first, second) = new.split_once("text").unwrap();
        assert!(first.contains("`sites`") && !first.contains("`zones`"));
        assert!(second.contains("| `zones` | Zones. | 1 | `listSiteZones` |"));
        assert!(replace_tables(&format!("{START_MARKER}\n{END_MARKER}\n"), &catalog).is_none());
    }

    #[test]
    fn missing_or_swapped_markers_give_nothing() {
        assert!(replace_block("# Title\n", "x").is_none());
        let swapped = format!("{END_MARKER}\n{START_MARKER}\n");
        assert!(replace_block(&swapped, "x").is_none());
    }
}
