#!/usr/bin/env python3
"""Drives mistmcp with the official Python MCP SDK and prints one result line per check.

  mcp_clients.py http URL TOKEN MODE        Streamable HTTP client (MODE: auto or legacy)
  mcp_clients.py remote NODE PROXY URL TOKEN stdio client driving mcp-remote (PROXY: its proxy.js)

Checks (managed mode): the tool list, getSelf, manageMcpTools, the enabled tool by name and
through callMistTool. Exit status 1 if any check failed.
"""

import asyncio
import sys

from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

failures = 0


def report(suite, what, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    suffix = f" ({detail})" if detail else ""
    print(f"{'PASS' if ok else 'FAIL'} {suite}: {what}{suffix}", flush=True)


def text_of(result):
    return " ".join(getattr(c, "text", "") for c in result.content)[:300]


def org_of(result):
    data = (result.structured_content or {}).get("data", {})
    for privilege in data.get("privileges", []):
        if privilege.get("scope") == "org" and privilege.get("org_id"):
            return privilege["org_id"]
    return None


async def exercise(client, suite):
    report(suite, "connected", True, f"protocol {client.protocol_version}")
    names = [t.name for t in (await client.list_tools()).tools]
    report(suite, "tools/list in managed mode", names == ["getSelf", "manageMcpTools", "searchMistTools", "describeMistTool", "callMistTool"],
           f"{len(names)} tools: {', '.join(names[:5])}")

    me = await client.call_tool("getSelf", {})
    org_id = org_of(me)
    report(suite, "call getSelf", not me.is_error and org_id is not None,
           f"org {org_id}" if org_id else text_of(me))

    enabled = await client.call_tool("manageMcpTools", {"enable": ["orgs"]})
    report(suite, "manageMcpTools enables orgs", not enabled.is_error, text_of(enabled)[:120])

    names = [t.name for t in (await client.list_tools()).tools]
    report(suite, "getOrg listed after enabling", "getOrg" in names, f"{len(names)} tools")

    org = await client.call_tool("getOrg", {"org_id": org_id})
    got = (org.structured_content or {}).get("data", {}).get("id")
    report(suite, "call the enabled tool getOrg", not org.is_error and got == org_id, text_of(org)[:120])

    via = await client.call_tool("callMistTool", {"tool": "getOrg", "arguments": {"org_id": org_id}})
    got = (via.structured_content or {}).get("data", {}).get("id")
    report(suite, "callMistTool reaches getOrg", not via.is_error and got == org_id, text_of(via)[:120])


async def over_http(url, token, mode):
    suite = f"python-sdk {mode}"
    async with create_mcp_http_client(headers={"X-Authorization": token}) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
            await exercise(client, suite)


async def through_mcp_remote(node, proxy, url, token):
    suite = "mcp-remote"
    params = StdioServerParameters(
        command=node,
        args=[proxy, url, "--header", f"X-Authorization:{token}", "--transport", "http-only"],
    )
    async with Client(params, mode="legacy") as client:
        await exercise(client, suite)


def main():
    kind = sys.argv[1]
    try:
        if kind == "http":
            asyncio.run(asyncio.wait_for(over_http(sys.argv[2], sys.argv[3], sys.argv[4]), 120))
        elif kind == "remote":
            asyncio.run(asyncio.wait_for(through_mcp_remote(*sys.argv[2:6]), 180))
        else:
            raise SystemExit(f"unknown kind {kind}")
    except Exception as e:  # report the crash as a failed check rather than a traceback only
        report(kind, "client run", False, f"{type(e).__name__}: {e}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
