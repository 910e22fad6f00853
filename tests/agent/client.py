#!/usr/bin/env python3
"""Gives a model what an MCP client gives it, and nothing more: the tool list and the text of
each tool answer. Speaks to the world's mistmcp (tests/agent/world.sh) with the official Python
MCP SDK over Streamable HTTP, one stateless request per command.

  client.py tools                    every tool: name, description, input schema (compact JSON)
  client.py call NAME 'JSON-ARGS'    the answer's text content, then a last line `isError: ...`

Options (before the command), each also an environment variable:
  --question ID   AGENT_QUESTION   the question being answered, logged with each call
  --log FILE      AGENT_LOG        append one JSON line per command: question, tool, arguments,
                                   bytes of the text printed, isError
  --state FILE    AGENT_STATE      the world's state file (default $AGENT_WORLD_DIR/state.json, else
                                   <repo>/target/agent-world/state.json)

The Mist token comes from the state file (the simulator's fixture token) and is sent as
`X-Authorization`; it is never printed or logged.
"""

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Where world.sh keeps its state: the same AGENT_WORLD_DIR rule.
DEFAULT_STATE = Path(os.environ.get("AGENT_WORLD_DIR") or REPO / "target" / "agent-world") / "state.json"


def load_state(path):
    try:
        with open(path) as f:
            state = json.load(f)
    except FileNotFoundError:
        sys.exit(f"client.py: no world at {path}; start one with tests/agent/world.sh start")
    if not state.get("mcp_url"):
        sys.exit(f"client.py: the world in {path} has no mistmcp (started with --sim-only)")
    return state


def innermost(error):
    """The SDK wraps a failed request in task-group exception groups: the model would see the
    server's message, which is the innermost exception's."""
    while getattr(error, "exceptions", None):  # an exception group (built in from Python 3.11)
        error = error.exceptions[0]
    return error


def render_tools(tools):
    lines = []
    for tool in tools:
        lines.append(f"## {tool.name}")
        if tool.description:
            lines.append(tool.description.strip())
        schema = tool.input_schema if hasattr(tool, "input_schema") else tool.inputSchema
        lines.append("input: " + json.dumps(schema, separators=(",", ":"), ensure_ascii=False))
        lines.append("")
    return "\n".join(lines)


def text_of(result):
    return "\n".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def run(args, state):
    # Imported here so `--help` works without the SDK installed.
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    url = state["mcp_url"]
    async with create_mcp_http_client(headers={"X-Authorization": state["token"]}) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            if args.command == "tools":
                tools, cursor = [], None
                while True:
                    page = await client.list_tools(cursor=cursor, cache_mode="bypass")
                    tools.extend(page.tools)
                    cursor = page.next_cursor if hasattr(page, "next_cursor") else page.nextCursor
                    if not cursor:
                        break
                return render_tools(tools), False
            result = await client.call_tool(args.name, args.arguments)
            is_error = bool(result.is_error if hasattr(result, "is_error") else result.isError)
            return text_of(result), is_error


def log_line(path, record):
    with open(path, "a") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--question", default=os.environ.get("AGENT_QUESTION"))
    parser.add_argument("--log", default=os.environ.get("AGENT_LOG"))
    parser.add_argument("--state", default=os.environ.get("AGENT_STATE", str(DEFAULT_STATE)))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tools", help="print the tool list as a model sees it")
    call = sub.add_parser("call", help="call one tool and print its answer's text")
    call.add_argument("name")
    call.add_argument("arguments", nargs="?", default="{}", help="a JSON object")
    args = parser.parse_args()
    if args.command == "call":
        try:
            args.arguments = json.loads(args.arguments)
        except json.JSONDecodeError as e:
            sys.exit(f"client.py: the arguments must be a JSON object: {e}")
        if not isinstance(args.arguments, dict):
            sys.exit("client.py: the arguments must be a JSON object, e.g. '{\"site_id\": \"...\"}'")

    # The SDK warns on stderr about tools it has not listed (a direct call of a tool managed mode
    # does not list); an MCP client would not show that to the model.
    logging.disable(logging.WARNING)
    state = load_state(args.state)
    started = time.monotonic()
    protocol_error = None
    try:
        text, is_error = asyncio.run(run(args, state))
    except Exception as e:  # a protocol error (unknown tool, bad request): what the model would see
        error = innermost(e)
        text, is_error, protocol_error = f"error: {error}", True, type(error).__name__
    elapsed_ms = round((time.monotonic() - started) * 1000)

    print(text)
    if args.command == "call":
        print(f"isError: {'true' if is_error else 'false'}")
    if args.log:
        record = {
            "question": args.question,
            "command": args.command,
            "tool": args.name if args.command == "call" else None,
            "arguments": args.arguments if args.command == "call" else None,
            "answer_bytes": len(text.encode("utf-8")),
            "is_error": is_error,
            "protocol_error": protocol_error,
            "ms": elapsed_ms,
        }
        log_line(args.log, record)
    return 1 if protocol_error else 0


if __name__ == "__main__":
    sys.exit(main())
