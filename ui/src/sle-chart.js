// The SLE chart: an SLE summary or trend. The metric's value over the window as a line (in
// percent of user-minutes that met the goal), and below it each classifier's share of the
// degraded minutes.

import { h, s, section, start } from "./view.js";

const W = 640;
const H = 200;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

const sum = (xs) => (xs || []).reduce((n, x) => n + (typeof x === "number" ? x : 0), 0);

/** Values as percent: Mist gives a fraction (0..1) in summaries, a percent in some trends. */
function percents(values) {
  const numbers = (values || []).map((v) => (typeof v === "number" ? v : null));
  const scale = numbers.some((v) => v !== null && v > 1) ? 1 : 100;
  return numbers.map((v) => (v === null ? null : Math.min(100, Math.max(0, v * scale))));
}

function time(epoch, context) {
  if (typeof epoch !== "number") return "";
  const options = { dateStyle: "short", timeStyle: "short" };
  if (context.timeZone) options.timeZone = context.timeZone;
  return new Intl.DateTimeFormat(context.locale || undefined, options).format(new Date(epoch * 1000));
}

/** The lowest percent the axis shows: ten points under the lowest value, in tens, so that a
 * metric between 90% and 100% does not sit as a flat line at the top. */
function floor(values) {
  const low = Math.min(...values.filter((v) => v !== null));
  return Math.max(0, Math.floor((low - 5) / 10) * 10);
}

function chart(values, data, context) {
  const n = values.length;
  const lo = floor(values);
  const x = (i) => PAD.left + (n > 1 ? (i * (W - PAD.left - PAD.right)) / (n - 1) : (W - PAD.left - PAD.right) / 2);
  const y = (v) => PAD.top + ((100 - v) * (H - PAD.top - PAD.bottom)) / (100 - lo);
  const points = values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
  const grid = [lo, (lo + 100) / 2, 100].map((g) => [
    s("line", { x1: PAD.left, x2: W - PAD.right, y1: y(g), y2: y(g), class: "grid" }),
    s("text", { x: PAD.left - 6, y: y(g) + 4, class: "axis", "text-anchor": "end" }, `${g}%`),
  ]);
  return s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `${data.sle?.name || "SLE"} over time` },
    grid,
    s("polyline", { points: points.join(" "), class: "line", "data-points": points.length }),
    n <= 60 ? points.map((p) => s("circle", { cx: p.split(",")[0], cy: p.split(",")[1], r: 2.5, class: "dot" })) : [],
    s("text", { x: PAD.left, y: H - 6, class: "axis" }, time(data.start, context)),
    s("text", { x: W - PAD.right, y: H - 6, class: "axis", "text-anchor": "end" }, time(data.end, context)),
  );
}

function classifiers(list) {
  const rows = (list || []).map((c) => ({ name: c.name, degraded: sum(c.samples?.degraded) }));
  const total = sum(rows.map((r) => r.degraded));
  rows.sort((a, b) => b.degraded - a.degraded);
  return rows.map((r) => {
    const share = total ? (100 * r.degraded) / total : 0;
    return h(
      "div",
      { class: "classifier", "data-classifier": r.name, "data-share": share.toFixed(1) },
      h("span", { class: "name" }, r.name),
      h("span", { class: "track" }, h("span", { class: "bar", style: `width:${share.toFixed(1)}%` })),
      h("span", { class: "share" }, `${share.toFixed(1)}%`),
    );
  });
}

start("SLE chart", (envelope, context) => {
  const data = envelope.data || {};
  const sle = data.sle || {};
  const values = percents(sle.samples?.value);
  const known = values.filter((v) => v !== null);
  const average = known.length ? (known.reduce((a, b) => a + b, 0) / known.length).toFixed(1) : null;
  const breakdown = classifiers(data.classifiers);
  return h(
    "div",
    {},
    h("h1", {}, sle.name || "SLE"),
    h("div", { class: "sub" }, average === null ? "no samples in the window" : `${average}% on average over ${known.length} samples`),
    known.length ? chart(values, data, context) : "",
    breakdown.length ? section("Classifiers (share of degraded minutes)", breakdown) : "",
  );
});
