#!/usr/bin/env bash
# CI's fuzz smoke test: replays fuzz/regressions, then runs each target for
# SECONDS_PER_TARGET (default 20) seconds seeded with the rule fixtures. A
# crash or a property violation fails it. Needs nightly and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
secs=${SECONDS_PER_TARGET:-20}
cargo fmt --check
cargo +nightly fuzz build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in parse check fix; do
  mkdir -p "$work/$t"
  # Small seeds keep the start quick: the rule fixtures, not the corpus.
  for f in ../tests/fixtures/rules/*/*.cfg; do
    cp "$f" "$work/$t/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
  if compgen -G "regressions/$t/*" >/dev/null; then
    echo "fuzz $t: replaying regressions/$t"
    cargo +nightly fuzz run "$t" regressions/"$t"/* -- -rss_limit_mb=4096 >"$work/$t.log" 2>&1 ||
      { tail -n 60 "$work/$t.log"; exit 1; }
  fi
  echo "fuzz $t: ${secs}s"
  timeout $((secs * 10 + 120)) cargo +nightly fuzz run "$t" "$work/$t" -- \
    -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 >"$work/$t.log" 2>&1 ||
    { tail -n 60 "$work/$t.log"; exit 1; }
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$work/$t.log" | tr '\n' ' '
  echo
done
