// The device table: a device stats list or a device search, one row per device, sorted by a
// click on a column's heading (again to reverse). Rows keep the answer's order until then.

import { h, badge, duration, start } from "./view.js";

const text = (v) => (v === undefined || v === null ? "" : String(v));

const COLUMNS = [
  { key: "name", label: "name", value: (d) => d.name || d.hostname || d.mac || "" },
  { key: "type", label: "type", value: (d) => d.type || "" },
  { key: "status", label: "status", value: (d) => d.status || "", cell: (d) => badge(d.status) },
  { key: "model", label: "model", value: (d) => d.model || "" },
  { key: "version", label: "version", value: (d) => d.version || "" },
  {
    key: "site",
    label: "site",
    value: (d) => d.site_name || d.site_id || "",
    cell: (d) => d.site_name || (d.site_id ? h("span", { title: d.site_id }, d.site_id.slice(0, 8)) : ""),
  },
  { key: "uptime", label: "uptime", numeric: true, value: (d) => d.uptime, cell: (d) => duration(d.uptime) },
  { key: "clients", label: "clients", numeric: true, value: (d) => d.num_clients, cell: (d) => text(d.num_clients) },
];

/** The devices of an answer: a list, or a search's results. */
function devicesOf(data) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.results)) return data.results;
  return [];
}

function compare(column, direction) {
  return (a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const missing = (v) => v === undefined || v === null || v === "";
    if (missing(x) || missing(y)) return missing(x) - missing(y);
    const order = column.numeric ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return order * direction;
  };
}

function row(d) {
  return h(
    "tr",
    { "data-status": d.status || "" },
    COLUMNS.map((c) => h("td", { class: c.numeric ? "num" : null, "data-col": c.key }, c.cell ? c.cell(d) : text(c.value(d)))),
  );
}

start("device table", (envelope) => {
  const devices = devicesOf(envelope.data);
  if (!devices.length) return h("p", { class: "empty" }, "No device in this answer.");
  const body = h("tbody", {}, devices.map(row));
  let sorted = { key: null, direction: 1 };
  const headings = COLUMNS.map((c) =>
    h("th", { class: c.numeric ? "num" : null, "data-col": c.key, role: "button", tabindex: 0, "aria-sort": "none" }, c.label),
  );
  const sortBy = (column, th) => {
    const direction = sorted.key === column.key ? -sorted.direction : 1;
    sorted = { key: column.key, direction };
    for (const other of headings) other.setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    body.replaceChildren(...[...devices].sort(compare(column, direction)).map(row));
  };
  COLUMNS.forEach((c, i) => {
    headings[i].addEventListener("click", () => sortBy(c, headings[i]));
    headings[i].addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && sortBy(c, headings[i]));
  });
  const down = devices.filter((d) => d.status && d.status !== "connected").length;
  const more = envelope.pagination?.has_more ? " · more on the next page" : "";
  return h(
    "div",
    {},
    h("h1", {}, `Devices (${devices.length})`),
    h("div", { class: "sub" }, down ? `${down} not connected${more}` : `all listed devices connected${more}`),
    h("div", { class: "scroll" }, h("table", { class: "devices" }, h("thead", {}, h("tr", {}, headings)), body)),
  );
});
