#!/usr/bin/env bash
# HAProxy in the loop: runs the fix target once over a random sample of N
# inputs (default 300) of fuzz/corpus/fix (seeds and what the fuzzer grew)
# with HAProxy checking: for each config that `haproxy -c` accepts, its safe
# and unsafe fixes must be accepted too. Prints each rejection with the input
# and the fixed text, a count, and fails if any fix was rejected.
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-300}
[ -d corpus/fix ] || ./seed-corpus.sh
log=$(mktemp)
mapfile -t sample < <(find corpus/fix regressions/fix -type f 2>/dev/null | shuf -n "$n")
HALINT_FUZZ_HAPROXY=report cargo +nightly fuzz run fix "${sample[@]}" -- -rss_limit_mb=4096 >"$log" 2>&1 || {
  tail -n 60 "$log"
  exit 1
}
# Each rejection, with the input it came from.
awk '/^Running: /{input=$2} /REJECTED/{print "input: " input; p=1} p{print} /^---$/{p=0}' "$log"
accepted=$(grep -c 'fix accepted$' "$log" || true)
rejected=$(grep -c 'fix REJECTED' "$log" || true)
echo "haproxy-loop: ${#sample[@]} inputs; fixed texts of accepted configs: $accepted accepted, $rejected rejected"
rm -f "$log"
[ "$rejected" -eq 0 ]
