//! Sets of tool categories, and the names people give them.
//!
//! A set is a bit mask over the catalog's categories (30 today, at most 64), so a session's
//! whole tool configuration is one `u64`: cheap to store per session, to compare, and to use as
//! a cache key for rendered tool lists.

use mist_catalog::{Catalog, Category};
use std::fmt;

/// A set of the catalog's tool categories, one bit per category by its index: cheap to copy,
/// compare and keep per session (and in Redis, as its bits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u64);

impl CategorySet {
    /// No category.
    pub const EMPTY: CategorySet = CategorySet(0);

    /// Every category of `catalog`.
    pub fn all(catalog: &Catalog) -> Self {
        Self::all_of(&catalog.categories)
    }

    /// Every one of `categories` (the catalog's, or only its head read at start).
    pub(crate) fn all_of(categories: &[Category]) -> Self {
        let n = categories.len().min(64);
        if n == 64 {
            CategorySet(u64::MAX)
        } else {
            CategorySet((1u64 << n) - 1)
        }
    }

    /// The set whose bits were kept (by [`CategorySet::bits`]).
    pub fn from_bits(bits: u64) -> Self {
        CategorySet(bits)
    }

    /// The set as bits, to keep it (a session record) and read it back.
    pub fn bits(self) -> u64 {
        self.0
    }

    /// Whether the category at `index` is in the set.
    pub fn contains(self, index: usize) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }

    /// The set with the category at `index` added.
    pub fn with(self, index: usize) -> Self {
        if index < 64 {
            CategorySet(self.0 | (1 << index))
        } else {
            self
        }
    }

    #[cfg(test)]
    pub(crate) fn without(self, index: usize) -> Self {
        if index < 64 {
            CategorySet(self.0 & !(1 << index))
        } else {
            self
        }
    }

    pub(crate) fn union(self, other: Self) -> Self {
        CategorySet(self.0 | other.0)
    }

    pub(crate) fn minus(self, other: Self) -> Self {
        CategorySet(self.0 & !other.0)
    }

    /// Whether the set holds no category.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Indexes of the categories in the set, in catalog order.
    pub(crate) fn indexes(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |i| self.contains(*i))
    }

    /// Canonical names of the categories in the set, in catalog order.
    pub fn names(self, catalog: &Catalog) -> Vec<&str> {
        self.indexes()
            .filter_map(|i| catalog.categories.get(i).map(|c| c.name.as_str()))
            .collect()
    }
}

/// A category name that is not in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCategory {
    pub(crate) given: String,
    pub(crate) valid: Vec<String>,
}

impl UnknownCategory {
    /// The valid names closest to the one given, closest first.
    pub(crate) fn closest(&self) -> Vec<&str> {
        crate::suggest::closest(&normalize(&self.given), self.valid.iter().map(String::as_str), 3)
    }
}

impl fmt::Display for UnknownCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown tool category '{}'", self.given)?;
        let closest = self.closest();
        if !closest.is_empty() {
            write!(f, "; closest: {}", closest.join(", "))?;
        }
        write!(f, "; valid categories: {}", self.valid.join(", "))
    }
}

impl std::error::Error for UnknownCategory {}

/// `Orgs Stats`, ` orgs-stats ` and `orgs_stats` all name the category `orgs_stats`.
pub(crate) fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        match c {
            ' ' | '-' | '_' | '.' => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Position of a category in the catalog, from any spelling of its name.
pub(crate) fn index_of(catalog: &Catalog, name: &str) -> Result<usize, UnknownCategory> {
    index_in(&catalog.categories, name)
}

/// [`index_of`] among `categories`.
pub(crate) fn index_in(categories: &[Category], name: &str) -> Result<usize, UnknownCategory> {
    let wanted = normalize(name);
    categories
        .iter()
        .position(|c| c.name == wanted)
        .ok_or_else(|| UnknownCategory {
            given: mist_client::echo::clip(name.trim()).to_string(),
            valid: categories.iter().map(|c| c.name.clone()).collect(),
        })
}

/// Parses a list of category names; each item may itself be comma-separated. Empty items are
/// skipped, so `"orgs, sites,"` is two categories.
pub fn parse_list<'a, I>(catalog: &Catalog, items: I) -> Result<CategorySet, UnknownCategory>
where
    I: IntoIterator<Item = &'a str>,
{
    parse_names(&catalog.categories, items)
}

/// [`parse_list`] among `categories`.
pub fn parse_names<'a, I>(categories: &[Category], items: I) -> Result<CategorySet, UnknownCategory>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut set = CategorySet::EMPTY;
    for item in items {
        for name in item.split(',') {
            if name.trim().is_empty() {
                continue;
            }
            set = set.with(index_in(categories, name)?);
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_a_category_normalize_to_one_name() {
        assert_eq!(normalize("Orgs Stats"), "orgs_stats");
        assert_eq!(normalize(" orgs_stats "), "orgs_stats");
        assert_eq!(normalize("orgs-stats"), "orgs_stats");
        assert_eq!(normalize("ORGS  stats"), "orgs_stats");
    }

    #[test]
    fn lists_accept_commas_inside_items_and_skip_blanks() {
        let catalog = mist_catalog::catalog();
        let set = parse_list(catalog, ["orgs, Sites,", "Orgs Stats"]).unwrap();
        assert_eq!(set.names(catalog), vec!["orgs", "orgs_stats", "sites"]);
    }

    #[test]
    fn an_unknown_category_lists_the_valid_ones() {
        let catalog = mist_catalog::catalog();
        let err = parse_list(catalog, ["orgs,nope"]).unwrap_err();
        assert_eq!(err.given, "nope");
        let text = err.to_string();
        assert!(text.contains("'nope'") && text.contains("orgs_stats") && text.contains("webhooks"));
    }

    #[test]
    fn a_misspelt_category_names_the_closest_first() {
        let catalog = mist_catalog::catalog();
        let err = parse_list(catalog, ["devcies"]).unwrap_err();
        assert_eq!(err.closest().first(), Some(&"devices"));
        assert!(err.to_string().contains("closest: devices"), "{err}");
    }

    #[test]
    fn set_operations_behave_like_sets() {
        let a = CategorySet::EMPTY.with(1).with(3);
        let b = CategorySet::EMPTY.with(3).with(5);
        assert_eq!(a.union(b).indexes().collect::<Vec<_>>(), vec![1, 3, 5]);
        assert_eq!(a.minus(b).indexes().collect::<Vec<_>>(), vec![1]);
        assert!(a.without(1).without(3).is_empty());
        let all = CategorySet::all(mist_catalog::catalog());
        assert_eq!(all.indexes().count(), mist_catalog::catalog().categories.len());
    }
}
