"""Drive `mistmcp --demo` over stdio with the official Python MCP SDK, in both lifecycles.

Usage: python python_stdio_client.py PATH_TO_MISTMCP
Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""

import asyncio
import sys

from mcp import Client, StdioServerParameters, types
from sdk_checks import check, run_sessions, structured







async def run(binary: str, mode: str) -> None:
    params = StdioServerParameters(command=binary, args=["--demo"], env={"RUST_LOG": "warn"})
    async with Client(params, mode=mode) as client:
        check(f"[{mode}] connects (protocol {client.protocol_version})", True)
        listed = (await client.list_tools()).tools
        tools = [t.name for t in listed]
        check(f"[{mode}] managed mode lists getSelf + the four management tools", tools == ["getSelf", "manageMcpTools", "searchMistTools", "describeMistTool", "callMistTool"], str(tools))
        with_schema = sorted(t.name for t in listed if t.output_schema)
        check(f"[{mode}] the tools that answer with the envelope declare it as outputSchema", with_schema == sorted(["getSelf", "searchMistTools", "describeMistTool", "callMistTool"]), str(with_schema))

        # The SDK checks every successful answer of a tool with an outputSchema against it and
        # raises on a mismatch, so each call below is also an output-schema check.
        me = await client.call_tool("getSelf", {})
        body = structured(me)
        org_id = body["data"]["privileges"][0]["org_id"]
        check(f"[{mode}] getSelf answers with the org (validated against its outputSchema)", not me.is_error and bool(org_id))
        try:
            await client.session.validate_tool_result("getSelf", types.CallToolResult(content=[], structured_content={"result": 1}))
            check(f"[{mode}] the client's output validation rejects a non-envelope answer", False, "accepted")
        except RuntimeError:
            check(f"[{mode}] the client's output validation rejects a non-envelope answer", True)

        changed = await client.call_tool("manageMcpTools", {"enable": ["devices", "Orgs Stats"]})
        report = structured(changed)
        check(f"[{mode}] manageMcpTools enables categories", report.get("enabled_categories") == ["devices", "orgs_stats"], str(report))

        tools = [t.name for t in (await client.list_tools()).tools]
        check(f"[{mode}] the new tools are listed", "searchOrgDevices" in tools and "getOrgStats" in tools, f"{len(tools)} tools")

        devices = await client.call_tool("searchOrgDevices", {"org_id": org_id, "limit": 5})
        data = structured(devices)["data"]
        check(f"[{mode}] an enabled tool answers", not devices.is_error and len(data.get("results", [])) > 0)

        via = await client.call_tool("callMistTool", {"tool": "getOrgStats", "arguments": {"org_id": org_id}})
        check(f"[{mode}] callMistTool reaches an enabled tool", not via.is_error)

        found = await client.call_tool("searchMistTools", {"query": "org info"})
        text = "".join(getattr(c, "text", "") for c in found.content)
        check(f"[{mode}] searchMistTools finds a tool by its words", not found.is_error and "getOrg" in text, text[:120])

        direct = await client.call_tool("getOrg", {"org_id": org_id})
        check(f"[{mode}] a tool outside the enabled categories is still callable", not direct.is_error)

        prompts = [p.name for p in (await client.list_prompts()).prompts]
        check(f"[{mode}] the workflow prompts are listed", "site_health_check" in prompts and "what_changed" in prompts, str(prompts))
        prompt = await client.get_prompt("site_health_check", {"site_id": "site-1"})
        text = "".join(getattr(m.content, "text", "") for m in prompt.messages)
        check(f"[{mode}] a prompt comes back with its argument filled in", "site site-1" in text and "getSiteHealth" in text, text[:120])


async def main() -> int:
    binary = sys.argv[1]
    sessions = [(mode, lambda mode=mode: run(binary, mode)) for mode in ("legacy", "auto")]
    return await run_sessions("python-sdk-stdio", sessions)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
