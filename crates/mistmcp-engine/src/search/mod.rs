//! Ranked search over the catalog's tools, from what a model types: how names, descriptions
//! and queries become matching terms ([`words`]), the index itself ([`index`]), and whether a
//! query asks to change something ([`intent`]). It reads the catalog and nothing else.

pub(crate) mod index;
pub(crate) mod intent;
pub(crate) mod words;
