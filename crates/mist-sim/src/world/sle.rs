//! Service-level samples, the one source every SLE answer reads: for a site (or one AP,
//! switch, gateway or client of it) and a metric, the minutes in each ten-minute bucket and how
//! many of them were degraded, split over the metric's classifiers. Summaries, classifier
//! details, impacts and the organisation's per-site scores are sums of these buckets, so they
//! agree with each other for any window; availability follows the devices' status.

use super::entities::{DeviceKind, Site};
use super::{World, names};
use crate::rng::Rng;

/// Length of one sample bucket, seconds.
pub(crate) const BUCKET: i64 = 600;

/// What an SLE is measured on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subject<'a> {
    pub(crate) site: &'a Site,
    /// `site`, `ap`, `switch`, `gateway` or `client`.
    pub(crate) scope: &'a str,
    /// The site id, a device id or a client MAC.
    pub(crate) id: &'a str,
}

/// Minutes of one interval: all of them, the degraded ones, and the degraded ones per
/// classifier (in the metric's order; their sum is `degraded`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Sample {
    pub(crate) total: f64,
    pub(crate) degraded: f64,
    pub(crate) classifiers: Vec<f64>,
}

/// The family of a metric: `wifi`, `wired` or `wan`; `None` for a name the world does not
/// measure.
pub(crate) fn family(metric: &str) -> Option<&'static str> {
    let has = |list: &[(&str, &[&str])]| list.iter().any(|(m, _)| *m == metric);
    if has(names::WIFI_SLES) {
        Some("wifi")
    } else if has(names::WIRED_SLES) {
        Some("wired")
    } else if has(names::WAN_SLES) {
        Some("wan")
    } else {
        None
    }
}

/// The classifiers of a metric.
pub(crate) fn classifiers(metric: &str) -> Option<&'static [&'static str]> {
    names::WIFI_SLES
        .iter()
        .chain(names::WIRED_SLES)
        .chain(names::WAN_SLES)
        .find(|(m, _)| *m == metric)
        .map(|(_, c)| *c)
}

/// The column of a metric in the organisation's sites-SLE rows, which spell some metrics
/// their own way; `None` for a metric those rows do not carry.
pub(crate) fn site_column(metric: &str) -> Option<&'static str> {
    Some(match metric {
        "coverage" => "coverage",
        "capacity" => "capacity",
        "time-to-connect" => "time-to-connect",
        "failed-to-connect" => "successful-connect",
        "roaming" => "roaming",
        "throughput" => "throughput",
        "ap-availability" => "ap-availability",
        "switch_health" => "switch-health",
        "switch_throughput" => "switch-throughput",
        "gateway-health" => "gateway-health",
        "wan-link-health" => "wan-link-health",
        "application_health" => "application_health",
        _ => return None,
    })
}

/// Users and devices an SLE of `subject` counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Population {
    pub(crate) users: usize,
    pub(crate) aps: usize,
    /// Devices the metric's own minutes are counted on, for device metrics.
    pub(crate) devices: usize,
}

impl World {
    /// Who the SLE of `metric` on `subject` is about.
    pub(crate) fn sle_population(&self, subject: Subject<'_>, metric: &str) -> Population {
        let site = &subject.site.id;
        let aps_at_site = self.devices_at(site).filter(|d| d.kind == DeviceKind::Ap).count();
        let family = family(metric).unwrap_or("wifi");
        let device_mac = self
            .devices_at(site)
            .find(|d| d.id == subject.id)
            .map(|d| d.mac.as_str());
        let users = self
            .clients_at(site)
            .filter(|c| match family {
                "wifi" => !c.wired,
                "wired" => c.wired,
                _ => true,
            })
            .filter(|c| match subject.scope {
                "client" => c.mac == subject.id,
                "ap" | "switch" | "gateway" => Some(c.device_mac.as_str()) == device_mac,
                _ => true,
            })
            .count();
        let kind = match metric {
            "ap-availability" => Some(DeviceKind::Ap),
            "switch_health" => Some(DeviceKind::Switch),
            "gateway-health" => Some(DeviceKind::Gateway),
            _ => None,
        };
        let devices = kind.map_or(0, |k| {
            self.devices_at(site)
                .filter(|d| d.kind == k)
                .filter(|d| subject.scope == "site" || d.id == subject.id)
                .count()
        });
        let aps = match subject.scope {
            "site" => aps_at_site,
            "ap" => 1,
            "client" => usize::from(users > 0),
            _ => 0,
        };
        Population { users, aps, devices }
    }

    /// The bucket starting at `t` (a multiple of [`BUCKET`]).
    fn sle_bucket(&self, subject: Subject<'_>, metric: &str, pop: Population, t: i64) -> Sample {
        let classifiers = classifiers(metric).unwrap_or(&[]);
        let minutes = (BUCKET / 60) as f64;
        let mut rng = Rng::derive(self.seed, &format!("sle:{}:{metric}:{t}", subject.id));
        let (total, degraded) = if metric == "ap-availability" {
            // AP-minutes; an AP is degraded from the moment it dropped.
            let down = self
                .devices_at(&subject.site.id)
                .filter(|d| d.kind == DeviceKind::Ap)
                .filter(|d| subject.scope == "site" || d.id == subject.id)
                .filter(|d| !d.connected && d.last_seen <= t)
                .count();
            (pop.devices as f64 * minutes, down as f64 * minutes)
        } else {
            let units = if pop.devices > 0 { pop.devices } else { pop.users };
            let activity = 0.6 + 0.4 * rng.float();
            let total = (units as f64 * minutes * activity * 10.0).round() / 10.0;
            // Each subject has its own typical quality per metric.
            let quality =
                0.80 + 0.19 * Rng::derive(self.seed, &format!("sle-quality:{}:{metric}", subject.id)).float();
            let share = ((1.0 - quality) * 2.0 * rng.float()).min(1.0);
            (total, (total * share * 10.0).floor() / 10.0)
        };
        // The degraded minutes fall on the classifiers by fixed weights per subject.
        let mut weights_rng = Rng::derive(self.seed, &format!("sle-weights:{}:{metric}", subject.id));
        let weights: Vec<f64> = classifiers.iter().map(|_| 0.1 + weights_rng.float()).collect();
        let sum: f64 = weights.iter().sum();
        let split = weights
            .iter()
            .map(|w| (degraded * w / sum * 100.0).floor() / 100.0)
            .collect();
        Sample {
            total,
            degraded,
            classifiers: split,
        }
    }

    /// One sample per step of `times` (each `interval` long): the sums of the buckets in it.
    pub(crate) fn sle_samples(
        &self,
        subject: Subject<'_>,
        metric: &str,
        times: &[i64],
        interval: i64,
    ) -> Vec<Sample> {
        let pop = self.sle_population(subject, metric);
        let n = classifiers(metric).map_or(0, <[&str]>::len);
        times
            .iter()
            .map(|&t| {
                let first = t - t.rem_euclid(BUCKET);
                let mut out = Sample {
                    classifiers: vec![0.0; n],
                    ..Sample::default()
                };
                // An interval shorter than a bucket gets its share of the bucket.
                let part = (interval as f64 / BUCKET as f64).min(1.0);
                let mut b = first;
                while b < t + interval.max(1) {
                    let s = self.sle_bucket(subject, metric, pop, b);
                    out.total += s.total * part;
                    out.degraded += s.degraded * part;
                    for (o, c) in out.classifiers.iter_mut().zip(&s.classifiers) {
                        *o += c * part;
                    }
                    b += BUCKET;
                }
                let round = |x: f64| (x * 100.0).round() / 100.0;
                out.total = round(out.total);
                out.degraded = round(out.degraded).min(out.total);
                let mut left = out.degraded;
                for c in &mut out.classifiers {
                    *c = (*c * 100.0).floor() / 100.0;
                    *c = c.min(left);
                    left -= *c;
                }
                out
            })
            .collect()
    }
}

/// The share of minutes that met the service level; 1 when nothing was measured.
pub(crate) fn score(samples: &[Sample]) -> f64 {
    let total: f64 = samples.iter().map(|s| s.total).sum();
    let degraded: f64 = samples.iter().map(|s| s.degraded).sum();
    if total > 0.0 {
        (1.0 - degraded / total).clamp(0.0, 1.0)
    } else {
        1.0
    }
}
