#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30), starting from the checked-in corpus.
#   fuzz/run.sh            # about 30 s per target, as CI does
#   fuzz/run.sh 3600       # an hour per target
#   KEEP=1 fuzz/run.sh 600 # also add new interesting inputs to fuzz/corpus/<target>
# A crash stops the run with a non-zero status; libFuzzer prints the input's path under
# fuzz/artifacts/<target>/. Needs the nightly toolchain and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
targets=(stdio_line http_body http_headers tool_request cursor_open host_parse env_file answer_body write_plan)

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

cargo +nightly fuzz build
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  if [ "${KEEP:-0}" = 1 ]; then
    dirs=("$corpus")
  else
    # New inputs go to a scratch directory, so a short run leaves the checkout untouched.
    scratch="$(mktemp -d)"
    dirs=("$scratch" "$corpus")
  fi
  echo "== fuzz $target for ${seconds}s"
  log="$(mktemp)"
  status=0
  cargo +nightly fuzz run "$target" "${dirs[@]}" -- -max_total_time="$seconds" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs' "$log" || true
  if [ "$status" != 0 ]; then
    tail -n 40 "$log" >&2
  fi
  rm -f "$log"
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$scratch"; fi
  if [ "$status" != 0 ]; then
    echo "fuzz: $target found a failing input (see fuzz/artifacts/$target/)" >&2
    exit 1
  fi
done
