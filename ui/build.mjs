// Bundles each view into one self-contained HTML page: the view's script with the MCP Apps SDK
// (App, PostMessageTransport) inlined, its style inlined, nothing loaded from elsewhere.
//
//   node build.mjs [--out DIR]            the views, into DIR (default ../crates/mistmcp/ui)
//   node build.mjs --host ENTRY OUTFILE   a test host page's script (tests/external/apps)
//
// `cargo xtask ui` runs it after `npm ci`; the pages are checked in and the server embeds them.
//
// Size: the SDK validates every message with zod, and a naive bundle weighs 650 KB. Three
// trims bring a page under the 150 KB limit without changing what runs:
// - the SDK imports zod's namespace object (`import {z}`), which keeps all of zod, its
//   translations included; a namespace import (`import * as z`) lets the bundler keep only
//   what is used;
// - the SDK turns zod schemas into JSON Schema only when an app registers tools of its own
//   (loaded lazily, `import("zod/v4")`); the views register none, so that import stays out;
// - zod's JSON Schema converters, reachable only from there, are replaced by functions that
//   throw if ever called.

import * as esbuild from "esbuild";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

// The pages to build and the titles they carry; the server's list of views
// (crates/mistmcp/src/apps/views.rs) gives each the same title, which its tests check.
export const VIEWS = [
  { name: "site-card", title: "Site health card" },
  { name: "device-table", title: "Device table" },
  { name: "sle-chart", title: "SLE chart" },
  { name: "floor-map", title: "Floor plan" },
];

/** The limit on one page. */
const MAX_PAGE = 150 * 1024;

/** A module whose every export throws: `export const a = unavailable; ...`. */
function unavailable(source) {
  const names = new Set();
  for (const m of source.matchAll(/^export (?:const|function|let|class) (\w+)/gm)) names.add(m[1]);
  for (const m of source.matchAll(/^export \{ \w+ as (\w+) \}/gm)) names.add(m[1]);
  const lines = [...names].map((n) => `export const ${n} = unavailable;`);
  return `function unavailable() { throw new Error("JSON Schema conversion is not bundled in this view"); }\n${lines.join("\n")}\n`;
}

const trim = {
  name: "trim",
  setup(build) {
    build.onResolve({ filter: /^zod\/v4$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
    build.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/](json-schema-processors|to-json-schema)\.js$/ }, async (args) => ({
      contents: unavailable(await readFile(args.path, "utf8")),
      loader: "js",
    }));
    build.onLoad({ filter: /ext-apps[\\/]dist[\\/]src[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      return { contents: source.replace(/import\{z as (\w+)\}from"zod\/v4"/g, 'import*as $1 from"zod/v4"'), loader: "js" };
    });
  },
};

async function script(entry, options = {}) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "warning",
    ...options,
  });
  return result.outputFiles[0].text;
}

async function style(files) {
  const css = (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("\n");
  const result = await esbuild.transform(css, { loader: "css", minify: true, target: "chrome110" });
  return result.code.trim();
}

async function page(view) {
  const js = await script(join(here, "src", `${view.name}.js`), { plugins: [trim], drop: ["console"] });
  const css = await style([join(here, "src", "style.css"), join(here, "src", `${view.name}.css`)]);
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error(`${view.name}: a closing tag inside the inlined code`);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${view.title}</title><style>${css}</style></head>` +
    `<body><main id="view" data-state="waiting"><p class="empty">Waiting for the answer…</p></main>` +
    `<script>${js.trim()}</script></body></html>\n`
  );
}

async function views(out) {
  await mkdir(out, { recursive: true });
  for (const view of VIEWS) {
    const html = await page(view);
    const bytes = Buffer.byteLength(html);
    if (bytes > MAX_PAGE) throw new Error(`${view.name}: ${bytes} bytes, over the ${MAX_PAGE}-byte limit`);
    await writeFile(join(out, `${view.name}.html`), html);
    console.log(`${view.name}.html: ${bytes} bytes`);
  }
}

const args = process.argv.slice(2);
if (args[0] === "--host") {
  // The entry lives outside ui/: its imports resolve from ui/node_modules.
  await writeFile(args[2], await script(args[1], { format: "esm", nodePaths: [join(here, "node_modules")] }));
} else {
  const out = args[0] === "--out" ? args[1] : join(here, "..", "crates", "mistmcp", "ui");
  await views(out);
}
