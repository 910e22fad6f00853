"""Writes confirmed through the official Python MCP SDK's elicitation callback, over stdio
against `mistmcp --demo --enable-write-tools`.

A legacy-session client declares elicitation: the server asks before each write; the callback
accepts the first question and declines the second. The accepted WLAN creation reaches the
simulated cloud; the declined one sends nothing and says so. An auto-negotiating client
(2026-07-28, stateless) is asked the same through the multi round-trip flow: an
`input_required` result, answered by the same callback, then the retry.

Over HTTP (a legacy session against `mistmcp --demo --transport http --enable-write-tools` at
URL), a declined question sends nothing as well.

Usage: python python_elicitation_client.py PATH_TO_MISTMCP [URL TOKEN] [--show]
(--show prints the first elicitation request and the declined answer as JSON.)
Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""

import asyncio
import sys
import uuid

from mcp import Client, StdioServerParameters, types
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from sdk_checks import check, run_sessions, structured

SHOW = "--show" in sys.argv






def text_of(result) -> str:
    return "".join(getattr(c, "text", "") for c in result.content)


class Person:
    """Answers each elicitation with the next scripted action, keeping what it was asked."""

    def __init__(self, actions: list[str]):
        self.actions = list(actions)
        self.asked: list[types.ElicitRequestParams] = []

    async def __call__(self, context, params: types.ElicitRequestParams):
        self.asked.append(params)
        if SHOW and len(self.asked) == 1:
            print("elicitation/create params:", params.model_dump_json(by_alias=True, exclude_none=True, indent=1), file=sys.stderr)
        action = self.actions.pop(0) if self.actions else "cancel"
        if action == "accept":
            return types.ElicitResult(action="accept", content={"confirm": True})
        return types.ElicitResult(action=action)


async def first_site(client) -> str:
    me = structured(await client.call_tool("getSelf", {}))
    org_id = me["data"]["privileges"][0]["org_id"]
    sites = structured(await client.call_tool("callMistTool", {"tool": "listOrgSites", "arguments": {"org_id": org_id, "limit": 5}}))
    return sites["data"][0]["id"]


async def site_ssids(client, site_id: str) -> list[str]:
    listed = structured(await client.call_tool("callMistTool", {"tool": "listSiteWlans", "arguments": {"site_id": site_id}}))
    return [w.get("ssid") for w in listed.get("data") or []]


async def asked_session(binary: str) -> None:
    person = Person(["accept", "decline"])
    params = StdioServerParameters(command=binary, args=["--demo", "--enable-write-tools"], env={"RUST_LOG": "warn"})
    async with Client(params, mode="legacy", elicitation_callback=person) as client:
        site = await first_site(client)
        accepted_ssid = f"elicited-{uuid.uuid4().hex[:8]}"
        declined_ssid = f"declined-{uuid.uuid4().hex[:8]}"

        accepted = await client.call_tool("createSiteWlan", {"site_id": site, "body": {"ssid": accepted_ssid}})
        check("[legacy] the server asks before a write", len(person.asked) == 1, f"{len(person.asked)} questions")
        question = person.asked[0] if person.asked else None
        message = getattr(question, "message", "")
        check("[legacy] the question shows the plan: operation, where it lands, the body", "createSiteWlan" in message and site in message and accepted_ssid in message, message[:300])
        schema = getattr(question, "requested_schema", None) or {}
        check("[legacy] the form asks for one boolean, confirm", schema.get("properties", {}).get("confirm", {}).get("type") == "boolean", str(schema))
        answer = structured(accepted)
        kind = (answer.get("error") or {}).get("kind")
        check("[legacy] an accepted write is sent, with no token asked for", kind != "declined" and "confirmation_token" not in (answer.get("data") or {}), text_of(accepted)[:200])
        if accepted.is_error:
            # Sent, and refused by the simulated cloud (one that does not take writes): Mist's own status.
            check("[legacy] the accepted write reached the simulated cloud (it answered with its status)", kind == "mist", text_of(accepted)[:200])
            print("SKIP [legacy] the created WLAN is listed by listSiteWlans (the simulator does not take writes)", flush=True)
        else:
            check("[legacy] the created WLAN is listed by listSiteWlans", accepted_ssid in await site_ssids(client, site), accepted_ssid)

        declined = await client.call_tool("createSiteWlan", {"site_id": site, "body": {"ssid": declined_ssid}})
        if SHOW:
            print("declined tools/call result:", declined.model_dump_json(by_alias=True, exclude_none=True, indent=1), file=sys.stderr)
        error = (structured(declined).get("error") or {})
        check("[legacy] a declined write is an error of kind declined that says nothing was sent", declined.is_error and error.get("kind") == "declined" and "declined the write; nothing was sent" in text_of(declined), text_of(declined)[:200])
        check("[legacy] the declined WLAN is not listed", declined_ssid not in await site_ssids(client, site))
        check("[legacy] each write was asked about once", len(person.asked) == 2, f"{len(person.asked)} questions")


async def stateless_session(binary: str) -> None:
    person = Person(["accept", "decline"])
    params = StdioServerParameters(command=binary, args=["--demo", "--enable-write-tools"], env={"RUST_LOG": "warn"})
    async with Client(params, mode="auto", elicitation_callback=person) as client:
        tag = f"[auto {client.protocol_version}]"
        site = await first_site(client)
        accepted_ssid = f"rounds-{uuid.uuid4().hex[:8]}"
        declined_ssid = f"declined-{uuid.uuid4().hex[:8]}"
        accepted = await client.call_tool("createSiteWlan", {"site_id": site, "body": {"ssid": accepted_ssid}})
        check(f"{tag} the server asks through an input_required round", len(person.asked) == 1, f"{len(person.asked)} questions")
        message = getattr(person.asked[0], "message", "") if person.asked else ""
        check(f"{tag} the question shows the plan", "createSiteWlan" in message and accepted_ssid in message, message[:300])
        answer = structured(accepted)
        kind = (answer.get("error") or {}).get("kind")
        check(f"{tag} an accepted write is sent on the retry, with no token asked for", kind not in ("declined", "confirmation") and "confirmation_token" not in (answer.get("data") or {}), text_of(accepted)[:200])
        if accepted.is_error:
            check(f"{tag} the accepted write reached the simulated cloud (it answered with its status)", kind == "mist", text_of(accepted)[:200])
        else:
            check(f"{tag} the created WLAN is listed by listSiteWlans", accepted_ssid in await site_ssids(client, site), accepted_ssid)
        declined = await client.call_tool("createSiteWlan", {"site_id": site, "body": {"ssid": declined_ssid}})
        error = structured(declined).get("error") or {}
        check(f"{tag} a declined write sends nothing and says so", declined.is_error and error.get("kind") == "declined", text_of(declined)[:200])
        check(f"{tag} the declined WLAN is not listed", declined_ssid not in await site_ssids(client, site))


async def http_session(url: str, token: str) -> None:
    person = Person(["decline"])
    async with create_mcp_http_client(headers={"X-Authorization": token}) as http:
        async with Client(streamable_http_client(url, http_client=http), mode="legacy", elicitation_callback=person) as client:
            site = await first_site(client)
            ssid = f"declined-{uuid.uuid4().hex[:8]}"
            declined = await client.call_tool("callMistTool", {"tool": "createSiteWlan", "arguments": {"site_id": site, "body": {"ssid": ssid}}})
            error = structured(declined).get("error") or {}
            check("[http session] the server asks over the session's stream", len(person.asked) == 1, f"{len(person.asked)} questions")
            check("[http session] a declined write sends nothing and says so", declined.is_error and error.get("kind") == "declined", text_of(declined)[:200])
            check("[http session] the declined WLAN is not listed", ssid not in await site_ssids(client, site))


async def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--show"]
    binary = args[0]
    sessions = [("legacy", lambda: asked_session(binary)), ("auto", lambda: stateless_session(binary))]
    if len(args) >= 3:
        sessions.append(("http session", lambda: http_session(args[1], args[2])))
    return await run_sessions("python-sdk-elicitation", sessions)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
