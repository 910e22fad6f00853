#!/usr/bin/env bash
# The model-in-the-loop harness's ground truth (tests/agent): against a freshly started mist-sim,
# every question of tests/agent/questions.json gets a non-empty, well-formed expected answer,
# computed from the simulator's raw HTTP API. Needs only python3 and the mist-sim binary.
source "$(dirname "$0")/lib.sh"

agent="$REPO_DIR/tests/agent"
export AGENT_WORLD_DIR
AGENT_WORLD_DIR="$(mktemp -d "${TMPDIR:-/tmp}/agent-ground-truth.XXXXXX")"
trap 'bash "$agent/world.sh" stop >/dev/null 2>&1 || true; rm -rf "$AGENT_WORLD_DIR"' EXIT
status=0

if bash "$agent/world.sh" start --sim-only; then
  echo "PASS agent-ground-truth: mist-sim started (seed 42)"
else
  echo "FAIL agent-ground-truth: mist-sim did not start"
  exit 1
fi

if python3 "$agent/ground_truth.py" --state "$AGENT_WORLD_DIR/state.json" --check >"$AGENT_WORLD_DIR/truth.json"; then
  echo "PASS agent-ground-truth: every question has a non-empty, well-formed answer"
else
  echo "FAIL agent-ground-truth: ground_truth.py --check (its stderr names the questions)"
  status=1
fi

# The check itself must catch a question whose ground-truth function does not exist.
python3 - "$agent/questions.json" "$AGENT_WORLD_DIR/broken.json" <<'PY'
import json, sys
questions = json.load(open(sys.argv[1]))
questions[0]["truth"] = "no_such_function"
json.dump(questions, open(sys.argv[2], "w"))
PY
if python3 "$agent/ground_truth.py" --state "$AGENT_WORLD_DIR/state.json" --check --questions "$AGENT_WORLD_DIR/broken.json" >/dev/null 2>"$AGENT_WORLD_DIR/broken.err" \
  || ! grep -q "no ground-truth function named 'no_such_function'" "$AGENT_WORLD_DIR/broken.err"; then
  echo "FAIL agent-ground-truth: a question naming no ground-truth function was not refused"
  status=1
else
  echo "PASS agent-ground-truth: a question naming no ground-truth function is refused"
fi

if bash "$agent/world.sh" stop; then
  echo "PASS agent-ground-truth: world stopped"
else
  echo "FAIL agent-ground-truth: world.sh stop"; status=1
fi
exit "$status"
