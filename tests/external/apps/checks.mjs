// What each view must show, checked in its frame against the answer it was given.

import { check } from "./harness.mjs";

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (xs) => [...xs].sort();

export async function siteCard(frame, result) {
  const data = result.structuredContent.data;
  const bars = await frame.$$eval(".sle", (els) =>
    els.map((e) => ({ metric: e.dataset.metric, worst: e.querySelector(".worst").textContent, width: e.querySelector(".bar")?.style.width ?? null })),
  );
  check(`site card: one bar per SLE metric (${data.sle.length})`, same(bars.map((b) => b.metric), data.sle.map((r) => r.metric)), JSON.stringify(bars.map((b) => b.metric)));
  const wrong = data.sle.filter((r, i) => {
    const bar = bars[i] || {};
    const width = typeof r.score === "number" ? `${r.score}%` : null;
    return bar.width !== width || (r.worst_classifier && !bar.worst.includes(r.worst_classifier));
  });
  check("site card: each bar is as long as its score and names its worst classifier", wrong.length === 0, JSON.stringify(wrong));
  const down = await frame.$$eval(".down-device", (els) => els.map((e) => e.dataset.name));
  const expected = data.devices.not_connected.map((d) => d.name);
  check(`site card: the ${expected.length} devices down are named`, expected.length > 0 && same(down, expected), JSON.stringify(down));
  const chips = await frame.$$eval(".chip", (els) => Object.fromEntries(els.map((e) => [e.dataset.severity, e.textContent])));
  const chipsRight = Object.entries(data.alarms.by_severity).every(([s, n]) => chips[s] === `${s} ${n}`);
  check("site card: open alarms are counted by severity", chipsRight && Object.keys(chips).length === Object.keys(data.alarms.by_severity).length, JSON.stringify(chips));
}

async function names(frame) {
  return frame.$$eval("tbody tr td[data-col=name]", (els) => els.map((e) => e.textContent));
}

async function sortedBy(frame, column) {
  await frame.click(`th[data-col=${column}]`);
  return { rows: await names(frame), aria: await frame.getAttribute(`th[data-col=${column}]`, "aria-sort") };
}

export async function deviceTable(frame, result) {
  const devices = result.structuredContent.data;
  const rows = await names(frame);
  check(`device table: one row per device (${devices.length}), in the answer's order`, same(rows, devices.map((d) => d.name)), JSON.stringify(rows));
  const byUptime = (dir) => [...devices].sort((a, b) => (a.uptime - b.uptime) * dir).map((d) => d.name);
  const up = await sortedBy(frame, "uptime");
  check("device table: a click on uptime sorts the rows by uptime", up.aria === "ascending" && same(up.rows, byUptime(1)), JSON.stringify(up));
  const downward = await sortedBy(frame, "uptime");
  check("device table: a second click reverses the order", downward.aria === "descending" && same(downward.rows, byUptime(-1)), JSON.stringify(downward));
  const byName = await sortedBy(frame, "name");
  const alphabetical = devices.map((d) => d.name).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  check("device table: a click on name sorts by name", same(byName.rows, alphabetical), JSON.stringify(byName.rows));
  const badges = await frame.$$eval("td[data-col=status] .badge", (els) => els.map((e) => [e.textContent, e.className]));
  const downCount = devices.filter((d) => d.status !== "connected").length;
  const badgesRight = badges.length === devices.length && badges.filter(([, c]) => c.includes("down")).length === downCount;
  check(`device table: every row has a status badge, ${downCount} of them down`, downCount > 0 && badgesRight, JSON.stringify(badges));
}

export async function sleChart(frame, result) {
  const data = result.structuredContent.data;
  const samples = data.sle.samples.value.filter((v) => typeof v === "number").length;
  const points = Number(await frame.getAttribute("polyline.line", "data-points"));
  check(`SLE chart: the line has a point per sample (${samples})`, samples > 0 && points === samples, `${points}`);
  const rows = await frame.$$eval(".classifier", (els) => els.map((e) => [e.dataset.classifier, Number(e.dataset.share)]));
  const total = rows.reduce((n, [, share]) => n + share, 0);
  check(
    `SLE chart: one share per classifier (${data.classifiers.length}), largest first, adding up to 100%`,
    same(sorted(rows.map(([c]) => c)), sorted(data.classifiers.map((c) => c.name))) &&
      Math.abs(total - 100) < 0.5 &&
      rows.every((r, i) => i === 0 || rows[i - 1][1] >= r[1]),
    JSON.stringify(rows),
  );
}

export async function floorMap(frame, result) {
  const data = result.structuredContent.data;
  await frame.waitForSelector(".plan:not([data-image=loading])", { timeout: 10000 });
  const image = await frame.getAttribute(".plan", "data-image");
  check("floor plan: the map's image loads under the declared policy", image === "loaded", image);
  const markers = await frame.$$eval(".ap", (els) =>
    els.map((e) => ({ name: e.dataset.name, down: e.classList.contains("down"), x: Number(e.querySelector(".dot").getAttribute("cx")), y: Number(e.querySelector(".dot").getAttribute("cy")) })),
  );
  const placed = data.aps.every((ap) => markers.some((m) => m.name === ap.name && m.x === ap.x && m.y === ap.y));
  check(`floor plan: every AP (${data.aps.length}) stands at its x/y`, markers.length === data.aps.length && placed, JSON.stringify(markers));
  const down = markers.filter((m) => m.down).map((m) => m.name);
  check(`floor plan: the ${data.summary.down} down APs stand out`, data.summary.down > 0 && same(sorted(down), sorted(data.summary.down_names)), JSON.stringify(down));
  const name = data.summary.down_names[0];
  await frame.hover(`.ap.down[data-name="${name}"] .dot`);
  const tip = await frame.$eval(".tip", (e) => ({ hidden: e.hidden, text: e.textContent }));
  check("floor plan: hovering a down AP names it and its status", !tip.hidden && tip.text.includes(name) && tip.text.includes("disconnected"), JSON.stringify(tip));
}

/** The floor plan under a policy that leaves the image's host out: no image, APs still placed. */
export async function floorMapWithoutImages(frame, result) {
  await frame.waitForSelector(".plan:not([data-image=loading])", { timeout: 10000 });
  const image = await frame.getAttribute(".plan", "data-image");
  const markers = await frame.$$eval(".ap", (els) => els.length);
  check(
    "floor plan: a policy without the image's host blocks the image, and the APs stay on a blank plan",
    image === "failed" && markers === result.structuredContent.data.aps.length,
    `${image}, ${markers} markers`,
  );
}

/** The page's background colour's luminance, 0 (black) to 1 (white). */
export async function luminance(frame) {
  const rgb = await frame.$eval("body", (b) => getComputedStyle(b).backgroundColor.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number));
  const [r, g, b] = rgb.map((c) => c / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
