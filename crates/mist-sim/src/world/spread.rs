//! The two ways generated records are placed at sites, shared by the collection builders: one
//! record per device or client at its own site, and a fixed number of records per site, each
//! about one randomly picked member of that site.

use super::entities::{Client, Device, Site};
use super::{Record, World};
use crate::rng::Rng;
use serde_json::Value;

/// Something that lives at one site.
pub(super) trait AtSite {
    fn site_id(&self) -> &str;
}

impl AtSite for Device {
    fn site_id(&self) -> &str {
        &self.site_id
    }
}

impl AtSite for Client {
    fn site_id(&self) -> &str {
        &self.site_id
    }
}

/// Organisation and site index of a site id; an unknown site still belongs to the main org.
pub(super) fn site_of(w: &World, site_id: &str) -> (usize, Option<usize>) {
    let site = w.site_index(site_id);
    let org = site.and_then(|s| w.org_index(&w.sites[s].org_id)).unwrap_or(0);
    (org, site)
}

/// One record per item, filed under the item's site; `build` gives the record's timestamp (for
/// collections that time windows apply to) and its body.
pub(super) fn each_at_site<'a, T: AtSite + 'a>(
    w: &World,
    items: impl Iterator<Item = &'a T>,
    mut build: impl FnMut(&'a T) -> (Option<i64>, Value),
) -> Vec<Record> {
    items
        .map(|item| {
            let (org, site) = site_of(w, item.site_id());
            let (ts, value) = build(item);
            Record { org, site, ts, value }
        })
        .collect()
}

/// `per_site` timestamped records at every site whose `pool` is not empty, each about one member
/// picked from it (picked before `build` runs, so `build` draws from `rng` after the pick).
pub(super) fn sampled_per_site<'w, T: 'w>(
    w: &'w World,
    rng: &mut Rng,
    per_site: usize,
    pool: impl Fn(&'w Site) -> Vec<&'w T>,
    mut build: impl FnMut(&mut Rng, &'w Site, &'w T) -> (i64, Value),
) -> Vec<Record> {
    let mut records = Vec::new();
    for (si, site) in w.sites.iter().enumerate() {
        let org = w.org_index(&site.org_id).unwrap_or(0);
        let members = pool(site);
        if members.is_empty() {
            continue;
        }
        for _ in 0..per_site {
            let member = *rng.pick(&members);
            let (t, value) = build(rng, site, member);
            records.push(Record {
                org,
                site: Some(si),
                ts: Some(t),
                value,
            });
        }
    }
    records
}

/// A pool for [`sampled_per_site`]: the wireless clients of each site.
pub(super) fn wireless_at<'w>(w: &'w World) -> impl Fn(&'w Site) -> Vec<&'w Client> {
    move |site| w.clients_at(&site.id).filter(|c| !c.wired).collect()
}

/// A pool for [`sampled_per_site`]: the devices of each site.
pub(super) fn devices_at<'w>(w: &'w World) -> impl Fn(&'w Site) -> Vec<&'w Device> {
    move |site| w.devices_at(&site.id).collect()
}
