#!/usr/bin/env bash
# HAProxy in the loop: runs the fix target once over a random sample of N
# inputs (default 300) of fuzz/corpus/fix (seeds and what the fuzzer grew)
# with HALINT_FUZZ_HAPROXY=1: for each config that `haproxy -c` accepts, its
# safe and unsafe fixes must be accepted too. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-300}
[ -d corpus/fix ] || ./seed-corpus.sh
mapfile -t sample < <(find corpus/fix regressions/fix -type f 2>/dev/null | shuf -n "$n")
HALINT_FUZZ_HAPROXY=1 cargo +nightly fuzz run fix "${sample[@]}" -- -rss_limit_mb=4096 2>&1 |
  grep -v '^Running: \|^Executed ' || true
# grep hides the per-file lines; the pipeline's status is the fuzzer's.
exit "${PIPESTATUS[0]}"
