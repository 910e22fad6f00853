// What the browser test stands on: its options, the PASS/FAIL lines, the server as an MCP
// client that renders views, real answers of the demo world, the policy a host builds from a
// view's `_meta.ui.csp`, and small loopback web servers.

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..", "..");
const fromUi = createRequire(join(repo, "ui", "package.json"));
const load = (name) => import(pathToFileURL(fromUi.resolve(name)).href);
const { Client } = await load("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = await load("@modelcontextprotocol/sdk/client/stdio.js");
const playwright = await load("playwright-core");
const chromium = playwright.chromium ?? playwright.default.chromium;

const EXTENSION = "io.modelcontextprotocol/ui";
const MIME = "text/html;profile=mcp-app";
const WIDTH = 760;
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const options = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
let failures = 0;

function check(what, ok, why = "") {
  if (ok) console.log(`PASS apps_browser: ${what}`);
  else {
    failures += 1;
    console.log(`FAIL apps_browser: ${what}${why ? ` (${why})` : ""}`);
  }
}

/** The server, as a client that renders views: stdio, the extension declared. */
async function connect() {
  const client = new Client(
    { name: "mistmcp-browser-test", version: "1" },
    { capabilities: { extensions: { [EXTENSION]: { mimeTypes: [MIME] } } } },
  );
  const transport = new StdioClientTransport({
    command: options.bin,
    args: ["--demo", "--mode", "all"],
    env: { PATH: process.env.PATH || "/usr/bin:/bin" },
    stderr: "ignore",
  });
  await client.connect(transport);
  return client;
}

/** The structured answer of a tool call, failing loudly on a tool error. */
async function answer(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result;
}

/** Real answers of the demo world, one per view, at the site with the most APs down. */
async function answers(client) {
  const self = await answer(client, "getSelf", {});
  const org = self.structuredContent.data.privileges[0].org_id;
  const down = await answer(client, "listOrgDevicesStats", { org_id: org, type: "ap", status: "disconnected", fields: "site_id" });
  const count = {};
  for (const { site_id } of down.structuredContent.data) count[site_id] = (count[site_id] || 0) + 1;
  const site = Object.keys(count).sort((a, b) => count[b] - count[a])[0];
  if (!site) throw new Error("no AP is down in the demo world");
  const calls = {
    "site-card": ["getSiteHealth", { site_id: site }],
    "device-table": ["listSiteDevicesStats", { site_id: site, type: "all", status: "all" }],
    "sle-chart": ["getSiteSleSummary", { site_id: site, scope: "site", scope_id: site, metric: "coverage" }],
    "floor-map": ["showSiteMap", { site_id: site }],
  };
  const out = {};
  for (const [view, [tool, args]] of Object.entries(calls)) out[view] = { tool, input: args, result: await answer(client, tool, args) };
  return out;
}

/**
 * The page of each view as a host finds it: the view a tool names in `_meta.ui.resourceUri`
 * (tools/list), read with `resources/read`. `calls` maps a view's name to its answer.
 */
async function pages(client, calls) {
  const { tools } = await client.listTools();
  const viewOf = Object.fromEntries(tools.filter((t) => t._meta?.ui?.resourceUri).map((t) => [t.name, t._meta.ui.resourceUri]));
  const out = {};
  for (const [view, call] of Object.entries(calls)) {
    const uri = viewOf[call.tool];
    if (!uri) throw new Error(`tools/list names no view for ${call.tool}`);
    const { contents } = await client.readResource({ uri });
    out[view] = { uri, html: contents[0].text, mime: contents[0].mimeType, csp: contents[0]._meta?.ui?.csp };
  }
  return { pages: out, viewOf };
}

/** The Content-Security-Policy a host builds from a view's `_meta.ui.csp` (SEP-1865). */
function policy(csp) {
  const resources = (csp?.resourceDomains || []).join(" ");
  const connect = (csp?.connectDomains || []).join(" ");
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${resources}`,
    `style-src 'self' 'unsafe-inline' ${resources}`,
    `connect-src 'self' ${connect}`,
    `img-src 'self' data: ${resources}`,
    `font-src 'self' ${resources}`,
    `media-src 'self' data: ${resources}`,
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join("; ");
}

/** Serves `routes` (path -> {type, body, headers?}) on a loopback port; resolves to its origin. */
function serve(routes, host) {
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url, "http://x").pathname];
    if (!route) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": route.type, ...(route.headers || {}) }).end(route.body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://${host}:${server.address().port}` })));
}

export { WIDTH, CHROMIUM_FLAGS, EXTENSION, MIME, check, policy, serve, connect, answers, pages, options, chromium, repo };
export const failed = () => failures;
