// What every view shares: the connection to the host (the MCP Apps SDK), the host's theme,
// the answer read from the tool result, and a few DOM helpers.
//
// A view shows the tool result's structured content, the same envelope the model reads as
// text: {data, pagination?, notes?}. It never calls the server itself.

import {
  App,
  PostMessageTransport,
  applyDocumentTheme,
  applyHostStyleVariables,
} from "@modelcontextprotocol/ext-apps";

/** An element: `h("td", {class: "num"}, "12")`. Attributes set to null or false are left out. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** An SVG element, with the same conventions as `h`. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** A status badge: "up" for connected, "down" for anything else said, none for no status. */
export function badge(status) {
  if (!status) return "";
  const up = status === "connected";
  return h("span", { class: `badge ${up ? "up" : "down"}` }, status);
}

/** A section with a heading. */
export function section(title, ...body) {
  return h("section", {}, h("h2", {}, title), ...body);
}

/** Notes and missing parts of an answer, said under the view. */
export function notes(envelope) {
  const said = [...(envelope.notes || []), ...(envelope.data?.missing || [])];
  if (!said.length) return "";
  return h("ul", { class: "notes" }, said.map((n) => h("li", {}, n)));
}

/** Seconds as "3d 4h", "5h 12m" or "42m". */
export function duration(seconds) {
  if (typeof seconds !== "number" || !isFinite(seconds)) return "";
  const d = Math.floor(seconds / 86400);
  const hr = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d}d ${hr}h`;
  if (hr) return `${hr}h ${m}m`;
  return `${m}m`;
}

function applyTheme(context) {
  if (!context) return;
  if (context.theme) applyDocumentTheme(context.theme);
  if (context.styles?.variables) applyHostStyleVariables(context.styles.variables);
}

/** The text of a result's content blocks. */
function textOf(result) {
  return (result.content || [])
    .filter((c) => c.type === "text")
    .map((c) => c.text)
    .join("\n");
}

/**
 * Connects to the host and calls `render(envelope, context)` with each tool result, whose
 * returned element replaces the view's content. An error result, or one without structured
 * content, shows its text.
 */
export function start(name, render) {
  const root = document.getElementById("view");
  const app = new App({ name: `mistmcp ${name}`, version: "1" });
  const show = (result) => {
    root.replaceChildren();
    const envelope = result.structuredContent;
    if (result.isError || !envelope || typeof envelope !== "object") {
      root.append(h("pre", { class: "error" }, textOf(result) || "The tool gave no answer to show."));
      root.dataset.state = "error";
      return;
    }
    root.append(render(envelope, app.getHostContext() || {}), notes(envelope));
    root.dataset.state = "shown";
  };
  app.ontoolresult = show;
  app.ontoolcancelled = () => {
    root.replaceChildren(h("p", { class: "empty" }, "The call was cancelled."));
    root.dataset.state = "cancelled";
  };
  app.onhostcontextchanged = applyTheme;
  app.connect(new PostMessageTransport(window.parent, window.parent)).then(
    () => applyTheme(app.getHostContext()),
    (e) => root.replaceChildren(h("pre", { class: "error" }, `Cannot reach the host: ${e.message}`)),
  );
}
