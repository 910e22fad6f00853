// The site card: getSiteHealth's answer. One bar per SLE metric with its worst classifier,
// devices by type and status with the down ones named, open alarms by severity, and the
// clients most impacted on the weakest wireless metric.

import { h, badge, section, start } from "./view.js";

const SEVERITIES = ["critical", "major", "minor", "warn", "info"];

/** good at 90 and above, fair from 75, bad below. */
function grade(score) {
  return score >= 90 ? "good" : score >= 75 ? "fair" : "bad";
}

function sleRow(row) {
  const score = typeof row.score === "number" ? row.score : null;
  const worst = row.worst_classifier
    ? `worst: ${row.worst_classifier}${typeof row.worst_share === "number" ? ` (${row.worst_share}%)` : ""}`
    : row.missing || "no degradation";
  return h(
    "div",
    { class: "sle", "data-metric": row.metric, "data-score": score ?? "" },
    h("span", { class: "metric" }, row.metric),
    h(
      "span",
      { class: "track" },
      score === null ? "" : h("span", { class: `bar ${grade(score)}`, style: `width:${score}%` }),
    ),
    h("span", { class: "score" }, score === null ? "n/a" : `${score}%`),
    h("span", { class: "worst" }, worst),
  );
}

function devices(part) {
  const types = Object.entries(part.by_type || {});
  const rows = types.map(([type, statuses]) =>
    h(
      "tr",
      { "data-type": type },
      h("td", {}, type),
      h("td", { class: "num" }, statuses.connected || 0),
      h("td", { class: "num down-count" }, Object.entries(statuses).filter(([s]) => s !== "connected").reduce((n, [, c]) => n + c, 0)),
    ),
  );
  const down = (part.not_connected || []).map((d) =>
    h("li", { class: "down-device", "data-name": d.name || d.mac }, badge(d.status), " ", d.name || d.mac, h("span", { class: "sub" }, ` ${d.type || ""} ${d.model || ""}`)),
  );
  return section(
    `Devices (${part.total ?? 0})`,
    h("table", { class: "types" }, h("tr", {}, h("th", {}, "type"), h("th", { class: "num" }, "up"), h("th", { class: "num" }, "down")), rows),
    down.length ? h("ul", { class: "down-list" }, down) : h("p", { class: "sub" }, "Every device is connected."),
    part.cut ? h("p", { class: "sub" }, part.cut) : "",
  );
}

function alarms(part) {
  const counts = part.by_severity || {};
  const names = [...SEVERITIES.filter((s) => s in counts), ...Object.keys(counts).filter((s) => !SEVERITIES.includes(s))];
  return section(
    `Open alarms (${part.open ?? 0})`,
    h("div", { class: "chips" }, names.map((s) => h("span", { class: `chip sev-${s}`, "data-severity": s }, `${s} ${counts[s]}`))),
  );
}

function impacted(part) {
  const rows = (part.clients || []).map((c) =>
    h("tr", {}, h("td", {}, c.name || c.mac), h("td", {}, c.ssid || ""), h("td", {}, c.device_os || ""), h("td", { class: "num" }, `${c.degraded ?? 0} / ${c.total ?? 0} min`)),
  );
  return section(
    `Most impacted clients on ${part.metric} (${part.impacted ?? rows.length})`,
    rows.length ? h("table", { class: "clients" }, rows) : h("p", { class: "sub" }, part.missing || "No client was impacted."),
  );
}

start("site card", (envelope) => {
  const data = envelope.data || {};
  const site = data.site || {};
  return h(
    "div",
    { class: "card" },
    h("h1", {}, site.name || "Site health"),
    h("div", { class: "sub" }, [site.timezone, site.country_code].filter(Boolean).join(" · ")),
    section("Service levels", (data.sle || []).map(sleRow)),
    data.devices ? devices(data.devices) : "",
    data.alarms ? alarms(data.alarms) : "",
    data.impacted_clients ? impacted(data.impacted_clients) : "",
  );
});
