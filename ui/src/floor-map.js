// The floor plan: showSiteMap's answer. The map's image at its own size, each AP a dot at its
// x/y (pixels of the image), down APs red with their name beside them; hovering an AP names
// it with its status, model and clients. When the image cannot load (the host's policy, or an
// unreachable link) the APs stay in place on a blank plan of the map's size.

import { h, s, start } from "./view.js";

function tooltip(ap, map) {
  const metres = map.ppm ? ` · ${(ap.x / map.ppm).toFixed(1)} m, ${(ap.y / map.ppm).toFixed(1)} m` : "";
  return [
    h("strong", {}, ap.name || ap.mac),
    h("div", {}, `${ap.status || "status unknown"} · ${ap.model || "model unknown"}`),
    h("div", {}, `${ap.num_clients ?? 0} clients${metres}`),
  ];
}

function marker(ap, radius, tip, map) {
  const down = ap.status !== "connected";
  const g = s(
    "g",
    { class: `ap ${down ? "down" : "up"}`, "data-name": ap.name || ap.mac, tabindex: 0 },
    s("title", {}, `${ap.name || ap.mac}: ${ap.status || "status unknown"}`),
    down ? s("circle", { cx: ap.x, cy: ap.y, r: radius * 1.9, class: "halo" }) : "",
    s("circle", { cx: ap.x, cy: ap.y, r: radius, class: "dot" }),
    down ? s("text", { x: ap.x + radius * 2.2, y: ap.y + radius * 0.5, class: "label", "font-size": radius * 1.3 }, ap.name || ap.mac) : "",
  );
  const show = (e) => {
    tip.replaceChildren(...tooltip(ap, map));
    tip.hidden = false;
    const box = tip.parentElement.getBoundingClientRect();
    const at = e.clientX === undefined ? g.getBoundingClientRect() : { left: e.clientX, top: e.clientY };
    tip.style.left = `${Math.min(at.left - box.left + 12, box.width - 180)}px`;
    tip.style.top = `${at.top - box.top + 12}px`;
  };
  g.addEventListener("mouseenter", show);
  g.addEventListener("focus", show);
  g.addEventListener("mouseleave", () => (tip.hidden = true));
  g.addEventListener("blur", () => (tip.hidden = true));
  return g;
}

function plan(map, aps) {
  const width = map.width || 1000;
  const height = map.height || 700;
  const radius = Math.max(width, height) / 90;
  const tip = h("div", { class: "tip", role: "tooltip", hidden: true });
  const frame = h("div", { class: "plan", "data-image": map.url ? "loading" : "none" });
  const image = map.url
    ? s("image", { href: map.url, x: 0, y: 0, width, height, preserveAspectRatio: "none" })
    : "";
  if (image) {
    image.addEventListener("load", () => (frame.dataset.image = "loaded"));
    image.addEventListener("error", () => (frame.dataset.image = "failed"));
  }
  const svg = s(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${map.name || "map"} with ${aps.length} APs` },
    s("rect", { width, height, class: "blank" }),
    image,
    // Down APs last, so they are drawn over any AP beside them.
    [...aps].sort((a, b) => (a.status !== "connected") - (b.status !== "connected")).map((ap) => marker(ap, radius, tip, map)),
  );
  frame.append(svg, tip);
  return frame;
}

start("floor plan", (envelope) => {
  const data = envelope.data || {};
  const map = data.map;
  const aps = data.aps || [];
  const title = [data.site?.name, map?.name].filter(Boolean).join(" · ") || "Floor plan";
  if (!map) return h("div", {}, h("h1", {}, title), h("p", { class: "empty" }, "This answer has no map to show."));
  const summary = data.summary || {};
  const others = (data.maps || []).filter((m) => m.id !== map.id).map((m) => `${m.name} (${m.aps} APs)`);
  const unplaced = data.unplaced || [];
  return h(
    "div",
    {},
    h("h1", {}, title),
    h(
      "div",
      { class: "sub legend" },
      h("span", { class: "key up" }, `${summary.connected ?? 0} up`),
      h("span", { class: "key down" }, `${summary.down ?? 0} down`),
      summary.down ? ` ${(summary.down_names || []).join(", ")}` : "",
    ),
    plan(map, aps),
    others.length ? h("div", { class: "sub" }, `Other maps: ${others.join(", ")}`) : "",
    unplaced.length ? h("div", { class: "sub" }, `Placed on no map: ${unplaced.map((a) => a.name || a.mac).join(", ")}`) : "",
  );
});
