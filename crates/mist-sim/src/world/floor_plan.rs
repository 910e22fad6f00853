//! Floor plans: the image of each map and where the APs sit on it.
//!
//! A map record is Mist's `type: image` map (width and height in pixels, `ppm` pixels per
//! metre); its `url` and `thumbnail_url` name the drawing this module makes, served without a
//! token at [`IMAGE_PREFIX`]`<map id>.svg` as Mist's own image links are. The world holds the
//! path only: the simulator's address is known once it listens, so the answer that carries a
//! map makes the link absolute for the host the caller reached ([`absolute_links`]).
//!
//! The drawing is a building inside a margin: two rows of rooms on either side of a corridor.
//! An AP sits in the middle of a room, spread over both rows in turn; once every room has
//! one, the next ones go along the corridor. Its stats say so (`map_id`, `x`, `y` in pixels of
//! the image), for the same map its configuration names: the site's first.

use super::World;
use super::entities::{Device, DeviceKind};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Where map images are served, before the map id and `.svg`.
pub(crate) const IMAGE_PREFIX: &str = "/floorplans/";

/// Room width the drawing aims at, in pixels; the building holds as many as fit.
const ROOM_WIDTH: i64 = 300;
/// Space between the image's edge and the building's outer wall, in pixels.
const MARGIN: i64 = 60;
/// Half the corridor's width, in pixels.
const HALF_CORRIDOR: i64 = 50;

/// The path of a map's image, as its record's `url` holds it.
pub(crate) fn image_path(map_id: &str) -> String {
    format!("{IMAGE_PREFIX}{map_id}.svg")
}

/// The id of a site's first map, the one its APs are placed on.
pub(crate) fn first_map<'w>(w: &'w World, site_id: &str) -> Option<&'w Value> {
    w.collection("maps")?
        .records
        .iter()
        .find(|r| r.value.get("site_id").and_then(Value::as_str) == Some(site_id))
        .map(|r| &r.value)
}

/// Sets an AP's `map_id`, `x` and `y` in its stats record: a room of its site's first map.
/// Devices of other kinds, and APs of a site without a map, are left unplaced.
pub(crate) fn place(w: &World, d: &Device, stats: &mut Value) {
    if d.kind != DeviceKind::Ap {
        return;
    }
    let Some(map) = first_map(w, &d.site_id) else {
        return;
    };
    let Some((index, count)) = super::device_stats::ap_position(w, d) else {
        return;
    };
    let (x, y) = Plan::of(map).spot(index, count);
    stats["map_id"] = map.get("id").cloned().unwrap_or(Value::Null);
    stats["x"] = json!(x);
    stats["y"] = json!(y);
}

/// The drawing of map `map_id` as SVG, or `None` when no map has that id.
pub(crate) fn image(w: &World, map_id: &str) -> Option<String> {
    let map = w
        .collection("maps")?
        .records
        .iter()
        .map(|r| &r.value)
        .find(|m| m.get("id").and_then(Value::as_str) == Some(map_id))?;
    Some(Plan::of(map).svg(map.get("name").and_then(Value::as_str).unwrap_or("")))
}

/// `body` with every map link made absolute for `host` (`127.0.0.1:8123`, the Host the caller
/// sent). The answer is compact JSON, so a link is exactly `":"/floorplans/`. A host holding
/// anything but name, address and port characters leaves the links as they are.
pub(crate) fn absolute_links(body: Vec<u8>, host: Option<&str>) -> Vec<u8> {
    let Some(host) = host.filter(|h| {
        !h.is_empty()
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    }) else {
        return body;
    };
    let needle = format!("\":\"{IMAGE_PREFIX}");
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    if !text.contains(&needle) {
        return text.into_bytes();
    }
    text.replace(&needle, &format!("\":\"http://{host}{IMAGE_PREFIX}"))
        .into_bytes()
}

/// A map's size and scale, and the rooms drawn on it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Plan {
    width: i64,
    height: i64,
    ppm: f64,
}

impl Plan {
    fn of(map: &Value) -> Self {
        let int = |k: &str, default: i64| map.get(k).and_then(Value::as_i64).unwrap_or(default);
        Plan {
            width: int("width", 1800).max(4 * MARGIN),
            height: int("height", 1200).max(4 * MARGIN + 2 * HALF_CORRIDOR),
            ppm: map.get("ppm").and_then(Value::as_f64).unwrap_or(24.5),
        }
    }

    /// Rooms per row.
    fn columns(self) -> i64 {
        ((self.width - 2 * MARGIN) / ROOM_WIDTH).max(1)
    }

    fn room_width(self) -> i64 {
        (self.width - 2 * MARGIN) / self.columns()
    }

    fn corridor_top(self) -> i64 {
        self.height / 2 - HALF_CORRIDOR
    }

    fn corridor_bottom(self) -> i64 {
        self.height / 2 + HALF_CORRIDOR
    }

    /// The room `room` (0-based, both rows in turn) as (left, top, right, bottom).
    fn room(self, room: i64) -> (i64, i64, i64, i64) {
        let columns = self.columns();
        let (row, column) = (room % 2, (room / 2 + room % 2 * (columns / 2)) % columns);
        let left = MARGIN + column * self.room_width();
        let right = left + self.room_width();
        if row == 0 {
            (left, MARGIN, right, self.corridor_top())
        } else {
            (left, self.corridor_bottom(), right, self.height - MARGIN)
        }
    }

    /// Where AP `index` of `count` sits: a room's middle, then the corridor once the rooms are
    /// taken.
    fn spot(self, index: usize, count: usize) -> (i64, i64) {
        let rooms = 2 * self.columns();
        let index = index as i64;
        if index < rooms {
            let (left, top, right, bottom) = self.room(index);
            return ((left + right) / 2, (top + bottom) / 2);
        }
        let along = (count as i64 - rooms).max(1);
        let step = (self.width - 2 * MARGIN) / along;
        (MARGIN + step / 2 + (index - rooms) * step, self.height / 2)
    }

    fn svg(self, name: &str) -> String {
        let (w, h) = (self.width, self.height);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"sans-serif\"><rect width=\"{w}\" height=\"{h}\" fill=\"#f3f0e8\"/>\
             <rect x=\"{MARGIN}\" y=\"{MARGIN}\" width=\"{}\" height=\"{}\" fill=\"#fdfcf9\" stroke=\"#3c3c3c\" stroke-width=\"8\"/>\
             <rect x=\"{MARGIN}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#e6e1d5\"/>",
            w - 2 * MARGIN,
            h - 2 * MARGIN,
            self.corridor_top(),
            w - 2 * MARGIN,
            2 * HALF_CORRIDOR,
        );
        for room in 0..2 * self.columns() {
            self.draw_room(&mut out, room);
        }
        let bar = (10.0 * self.ppm).round() as i64;
        let _ = write!(
            out,
            "<text x=\"{MARGIN}\" y=\"40\" font-size=\"28\" fill=\"#3c3c3c\">{}</text>\
             <path d=\"M{} {} h{bar}\" stroke=\"#3c3c3c\" stroke-width=\"6\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"20\" fill=\"#3c3c3c\">10 m</text></svg>",
            escape(name),
            w - MARGIN - bar,
            h - 24,
            w - MARGIN - bar,
            h - 32,
        );
        out
    }

    /// A room's walls, its door onto the corridor and its number.
    fn draw_room(self, out: &mut String, room: i64) {
        let (left, top, right, bottom) = self.room(room);
        let door_y = if top == MARGIN { bottom } else { top };
        let first = if top == MARGIN { 101 } else { 151 };
        let number = first + (left - MARGIN) / self.room_width();
        let _ = write!(
            out,
            "<rect x=\"{left}\" y=\"{top}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#6b6b6b\" stroke-width=\"4\"/>\
             <path d=\"M{} {door_y} h70\" stroke=\"#e6e1d5\" stroke-width=\"6\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"22\" fill=\"#8a8a8a\">Room {number}</text>",
            right - left,
            bottom - top,
            left + 30,
            left + 16,
            top + 34,
        );
    }
}

/// Text for an SVG text node.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan::of(&json!({"width": 1800, "height": 1200, "ppm": 24.5}))
    }

    fn inside_the_building(p: Plan, (x, y): (i64, i64)) -> bool {
        x > MARGIN && x < p.width - MARGIN && y > MARGIN && y < p.height - MARGIN
    }

    #[test]
    fn the_first_aps_of_a_site_each_get_a_room_of_their_own() {
        let p = plan();
        let rooms = 2 * p.columns() as usize;
        let spots: Vec<_> = (0..rooms).map(|i| p.spot(i, rooms)).collect();
        let mut distinct = spots.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), rooms, "{spots:?}");
        for (i, spot) in spots.iter().enumerate() {
            let (left, top, right, bottom) = p.room(i as i64);
            assert!(spot.0 > left && spot.0 < right && spot.1 > top && spot.1 < bottom);
        }
    }

    #[test]
    fn aps_beyond_the_rooms_stand_in_the_corridor_inside_the_building() {
        let p = plan();
        let count = 2 * p.columns() as usize + 7;
        for i in 0..count {
            let spot = p.spot(i, count);
            assert!(inside_the_building(p, spot), "AP {i} at {spot:?}");
        }
        assert_eq!(p.spot(count - 1, count).1, p.height / 2);
    }

    #[test]
    fn consecutive_aps_alternate_between_the_two_rows() {
        let p = plan();
        let (_, top_a, _, _) = p.room(0);
        let (_, top_b, _, _) = p.room(1);
        assert_eq!(top_a, MARGIN);
        assert_eq!(top_b, p.corridor_bottom());
    }

    #[test]
    fn the_drawing_is_an_svg_of_the_map_size_with_every_room_numbered() {
        let svg = plan().svg("Ground <Floor>");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains("width=\"1800\" height=\"1200\""));
        assert!(svg.contains("Ground &lt;Floor&gt;"));
        assert_eq!(svg.matches("Room 1").count(), 2 * plan().columns() as usize);
    }

    #[test]
    fn every_ap_stands_inside_the_map_its_configuration_names() {
        let routes = crate::route::Routes::new(mist_catalog::catalog());
        let w = World::generate(&crate::config::SimConfig::default(), 1_790_000_000, &routes);
        let config: std::collections::HashMap<&str, &Value> = w
            .records("devices")
            .into_iter()
            .filter_map(|d| Some((d.get("mac")?.as_str()?, d.get("map_id")?)))
            .collect();
        let aps: Vec<&Value> = w
            .records("stats/devices")
            .into_iter()
            .filter(|d| d.get("type").and_then(Value::as_str) == Some("ap"))
            .collect();
        assert!(!aps.is_empty());
        for ap in aps {
            let mac = ap["mac"].as_str().unwrap();
            assert_eq!(Some(&&ap["map_id"]), config.get(mac), "AP {mac}");
            let map = first_map(&w, ap["site_id"].as_str().unwrap()).unwrap();
            let spot = (ap["x"].as_i64().unwrap(), ap["y"].as_i64().unwrap());
            assert!(inside_the_building(Plan::of(map), spot), "AP {mac} at {spot:?}");
        }
    }

    #[test]
    fn map_links_become_absolute_for_the_host_the_caller_reached() {
        let body = br#"{"url":"/floorplans/m1.svg","thumbnail_url":"/floorplans/m1.svg","name":"x"}"#;
        let out = absolute_links(body.to_vec(), Some("127.0.0.1:8123"));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"url":"http://127.0.0.1:8123/floorplans/m1.svg","thumbnail_url":"http://127.0.0.1:8123/floorplans/m1.svg","name":"x"}"#
        );
    }

    #[test]
    fn a_host_header_with_odd_characters_leaves_the_links_relative() {
        let body = br#"{"url":"/floorplans/m1.svg"}"#.to_vec();
        let out = absolute_links(body.clone(), Some("evil\"/x"));
        assert_eq!(out, body);
        assert_eq!(absolute_links(body.clone(), None), body);
    }
}
