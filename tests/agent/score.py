#!/usr/bin/env python3
"""Puts each question's ground truth beside the model's final answer, and totals from the call
log the calls and answer bytes each question cost.

  score.py --truth truth.json --answers answers.json --log calls.jsonl [--after after.json]
           [--verdicts verdicts.json] [--markdown]

  truth.json     ground_truth.py's output, taken before the run
  answers.json   {question id: the model's final message}
  calls.jsonl    the log client.py wrote (AGENT_LOG)
  after.json     ground_truth.py --phase after, taken after the run: the write questions' checks
  verdicts.json  {question id: "right" | "wrong"}, a person's judgement of each answer against its
                 truth (a write or refused write also needs its check passed to count as right)

Without --verdicts it prints the side-by-side view for the person judging; with them it also
totals the questions answered right. --markdown prints the summary table for the README.
"""

import argparse
import collections
import json
import sys


def load(path, default=None):
    if path is None:
        return default
    with open(path) as f:
        return json.load(f)


def load_log(path):
    per_question = collections.defaultdict(lambda: {"calls": 0, "bytes": 0, "errors": 0, "lists": 0,
                                                    "list_bytes": 0})
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"score.py: {path} line {number} is not JSON: {e}")
            totals = per_question[record.get("question") or "(none)"]
            if record.get("command") == "tools":
                totals["lists"] += 1
                totals["list_bytes"] += record.get("answer_bytes", 0)
            else:
                totals["calls"] += 1
                totals["bytes"] += record.get("answer_bytes", 0)
                totals["errors"] += 1 if record.get("is_error") else 0
    return per_question


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--answers", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--after")
    parser.add_argument("--verdicts")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    truth = load(args.truth)
    answers = load(args.answers)
    after = load(args.after, {})
    verdicts = load(args.verdicts, {})
    log = load_log(args.log)
    for unknown in sorted(set(verdicts) - set(truth)):
        sys.exit(f"score.py: verdicts name {unknown!r}, which is not a question")
    for qid, verdict in verdicts.items():
        if verdict not in ("right", "wrong"):
            sys.exit(f"score.py: the verdict of {qid} must be \"right\" or \"wrong\", is {verdict!r}")

    rows = []
    for qid, entry in truth.items():
        totals = log.get(qid, {"calls": 0, "bytes": 0, "errors": 0, "lists": 0, "list_bytes": 0})
        check = (after.get(qid) or {}).get("answer") if entry["kind"] in ("write", "refused-write") else None
        verdict = verdicts.get(qid)
        if verdict == "right" and check is not None and not check.get("passed"):
            verdict = "wrong (check failed)"
        rows.append((qid, entry, totals, check, verdict))
        if not args.markdown:
            print(f"=== {qid} ({entry['kind']})")
            print(f"question: {entry['question']}")
            print(f"truth:    {json.dumps(entry['answer'], ensure_ascii=False)}")
            if check is not None:
                print(f"check:    {json.dumps(check, ensure_ascii=False)}")
            print(f"answer:   {answers.get(qid, '(no answer)')}")
            print(f"cost:     {totals['calls']} calls ({totals['errors']} errors), {totals['bytes']} answer bytes; "
                  f"{totals['lists']} tool lists, {totals['list_bytes']} bytes")
            if verdict:
                print(f"verdict:  {verdict}")
            print()

    judged = [r for r in rows if r[4]]
    right = sum(1 for r in rows if r[4] == "right")
    calls = sum(r[2]["calls"] for r in rows)
    answer_bytes = sum(r[2]["bytes"] for r in rows)
    if args.markdown:
        print("| question | kind | right | calls | answer bytes | tool-list bytes |")
        print("|---|---|---|---|---|---|")
        for qid, entry, totals, _, verdict in rows:
            print(f"| {qid} | {entry['kind']} | {verdict or '?'} | {totals['calls']} | {totals['bytes']} | "
                  f"{totals['list_bytes']} |")
        print(f"| **total** | | **{right} of {len(rows)}** | **{calls}** | **{answer_bytes}** | |")
    else:
        print(f"questions: {len(rows)}; judged: {len(judged)}; right: {right}; "
              f"calls: {calls}; answer bytes: {answer_bytes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
