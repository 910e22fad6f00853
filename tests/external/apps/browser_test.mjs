// The views in a real browser: `mistmcp --demo` spawned over stdio, spoken to as a client
// that declares the MCP Apps extension; each view found through tools/list and read with
// resources/read, served with the Content-Security-Policy its `_meta.ui.csp` asks for, loaded
// by a host page (the SDK's AppBridge) into a sandboxed iframe of another origin and fed a
// real answer of the demo world. Headless Chromium then checks the DOM and takes screenshots.
//
//   node browser_test.mjs --bin MISTMCP --host-js BUNDLE --out DIR [--screenshots DIR]
//
// Prints one "PASS apps_browser: ..." or "FAIL apps_browser: ..." line per check; exits 1 on
// any failure.

import { mkdtemp, readFile, mkdir, copyFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WIDTH, CHROMIUM_FLAGS, MIME, check, policy, serve, connect, answers, pages, options, chromium, repo, failed } from "./harness.mjs";
import * as checks from "./checks.mjs";

const VIEWS = { "site-card": checks.siteCard, "device-table": checks.deviceTable, "sle-chart": checks.sleChart, "floor-map": checks.floorMap };
const TOOLS_WITH_VIEWS = 9;

async function discovery(client, found) {
  const { resources } = await client.listResources();
  check(
    "resources/list gives the four views as HTML views",
    resources.length === 4 && resources.every((r) => r.uri.startsWith("ui://mistmcp/") && r.mimeType === MIME),
    JSON.stringify(resources.map((r) => r.uri)),
  );
  check(`tools/list names a view for ${TOOLS_WITH_VIEWS} tools`, Object.keys(found.viewOf).length === TOOLS_WITH_VIEWS, JSON.stringify(found.viewOf));
  const stale = [];
  for (const [view, page] of Object.entries(found.pages)) {
    if (page.html !== (await readFile(join(repo, "crates/mistmcp/ui", `${view}.html`), "utf8"))) stale.push(view);
  }
  check("the server serves the checked-in pages", stale.length === 0, `${stale.join(", ")} differ: rebuild mistmcp`);
  const map = found.pages["floor-map"].csp;
  check("the floor plan declares the simulator's image host, the others no outside host", map?.resourceDomains?.length === 1 &&
    ["site-card", "device-table", "sle-chart"].every((v) => found.pages[v].csp?.resourceDomains?.length === 0), JSON.stringify(map));
}

/** The view web server (127.0.0.1) and the host page's (localhost): two origins. */
async function servers(found) {
  const routes = {};
  for (const [view, page] of Object.entries(found.pages)) {
    routes[`/view/${view}`] = { type: "text/html", body: page.html, headers: { "content-security-policy": policy(page.csp) } };
  }
  const map = found.pages["floor-map"];
  routes["/view/floor-map-without-images"] = {
    type: "text/html",
    body: map.html,
    headers: { "content-security-policy": policy({ ...map.csp, resourceDomains: [] }) },
  };
  const views = await serve(routes, "127.0.0.1");
  const host = await serve(
    {
      "/": { type: "text/html", body: await readFile(join(repo, "tests/external/apps/host.html")) },
      "/host.js": { type: "text/javascript", body: await readFile(options["host-js"]) },
    },
    "localhost",
  );
  return { views, host };
}

/** How long a view may take to initialize and show its answer. */
const MOUNT_WAIT_MS = 15000;

async function mount(page, views, view, call, theme) {
  const args = { src: `${views.origin}/view/${view}`, input: call.input, result: call.result, theme, width: WIDTH };
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error(`${view} did not initialize within ${MOUNT_WAIT_MS} ms`)), MOUNT_WAIT_MS));
  await Promise.race([page.evaluate((a) => window.mount(a), args), late]);
  const frame = page.frame({ url: new RegExp(`/view/${view}$`) });
  await frame.waitForSelector("#view[data-state=shown]", { timeout: 10000 });
  return frame;
}

async function screenshot(page, name) {
  await page.waitForTimeout(300);
  const path = join(options.out, `${name}.png`);
  await page.locator("iframe").screenshot({ path });
  if (options.screenshots) await copyFile(path, join(options.screenshots, `${name}.png`));
}

async function themes(page, views, call) {
  const frame = await mount(page, views, "site-card", call, "dark");
  const dark = await checks.luminance(frame);
  await screenshot(page, "site-card-dark");
  await page.evaluate(() => window.setTheme("light"));
  await frame.waitForSelector("html[data-theme=light]", { timeout: 5000 });
  const light = await checks.luminance(frame);
  check("a view follows the host's theme: dark, then light when the host switches", dark < 0.2 && light > 0.8, `dark ${dark.toFixed(2)}, light ${light.toFixed(2)}`);
}

async function browse(calls, found) {
  const { views, host } = await servers(found);
  const profile = await mkdtemp(join(tmpdir(), "mistmcp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: WIDTH + 40, height: 1000 },
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => check("the host page runs without errors", false, e.message));
    if (process.env.APPS_BROWSER_DEBUG) page.on("console", (m) => console.error(`console ${m.type()}: ${m.text()}`));
    await page.goto(`${host.origin}/`);
    for (const [view, verify] of Object.entries(VIEWS)) {
      const frame = await mount(page, views, view, calls[view], "light");
      await verify(frame, calls[view].result);
      await screenshot(page, view);
    }
    await checks.floorMapWithoutImages(await mount(page, views, "floor-map-without-images", calls["floor-map"], "light"), calls["floor-map"].result);
    await mount(page, views, "floor-map", calls["floor-map"], "dark");
    await screenshot(page, "floor-map-dark");
    await themes(page, views, calls["site-card"]);
  } finally {
    await context.close();
    views.server.close();
    host.server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

await mkdir(options.out, { recursive: true });
if (options.screenshots) await mkdir(options.screenshots, { recursive: true });
const client = await connect();
try {
  const calls = await answers(client);
  const found = await pages(client, calls);
  await discovery(client, found);
  await browse(calls, found);
} catch (e) {
  check("the browser test ran to its end", false, e.stack || String(e));
} finally {
  await client.close();
}
process.exit(failed() ? 1 : 0);
