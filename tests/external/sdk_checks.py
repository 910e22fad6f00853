"""What the Python SDK check scripts share: one line per check, the structured part of an
answer, and running named sessions to a closing "N passed, N failed" line."""

import asyncio
import json

RESULTS: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> None:
    RESULTS.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'} {name}{(': ' + detail) if detail and not ok else ''}", flush=True)


def structured(result) -> dict:
    if getattr(result, "structured_content", None) is not None:
        return result.structured_content
    if getattr(result, "structuredContent", None) is not None:
        return result.structuredContent
    text = "".join(getattr(c, "text", "") for c in result.content)
    return json.loads(text)


async def run_sessions(suite: str, sessions) -> int:
    """Runs each (name, coroutine factory) within 60 s; a failure is a failed check, not a crash."""
    for name, session in sessions:
        try:
            await asyncio.wait_for(session(), timeout=60)
        except Exception as exc:
            check(f"[{name}] session completes", False, repr(exc))
    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"{suite}: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1
