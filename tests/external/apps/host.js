// The test host page's script: the MCP Apps SDK's host side (AppBridge) loads one view into a
// sandboxed iframe and hands it a tool's arguments and result, as a chat client would. The
// browser test drives it through window.mount and window.setTheme.

import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";

let bridge = null;

/**
 * Shows the view served at `src` in a sandboxed iframe of `width` pixels, in `theme`, with
 * `input` as the tool's arguments and `result` as its answer. Resolves once the view has
 * initialized and been sent both.
 */
window.mount = async ({ src, input, result, theme, width }) => {
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.style.width = `${width}px`;
  frame.style.height = "200px";
  frame.title = src;
  document.getElementById("host").replaceChildren(frame);
  bridge = new AppBridge(
    null,
    { name: "mistmcp browser test host", version: "1" },
    {},
    {
      hostContext: {
        theme,
        displayMode: "inline",
        platform: "web",
        locale: "en-GB",
        timeZone: "UTC",
        containerDimensions: { width, maxHeight: 4000 },
      },
    },
  );
  bridge.onsizechange = ({ height }) => {
    if (height) frame.style.height = `${height}px`;
  };
  const initialized = new Promise((resolve) => (bridge.oninitialized = resolve));
  await bridge.connect(new PostMessageTransport(frame.contentWindow, frame.contentWindow));
  frame.src = src;
  await initialized;
  await bridge.sendToolInput({ arguments: input });
  await bridge.sendToolResult(result);
};

/** Tells the mounted view the host switched to `theme`. */
window.setTheme = async (theme) => {
  await bridge.sendHostContextChange({ theme });
};
