#!/usr/bin/env bash
# Seeds fuzz/corpus/{parse,check,fix} from the repository's configs: the
# corpus (corpus/**/*.cfg), the rule fixtures (tests/fixtures/rules/*/*.cfg)
# and ../shared/corpus when it is beside the checkout. For check and fix,
# also copies with a settings tail (0xFF + random bytes: a random inventory)
# and pairs of files joined by 0xFE (a cluster). Not committed: re-run it.
set -euo pipefail
cd "$(dirname "$0")"
root=..
out=corpus
mkdir -p "$out/parse" "$out/check" "$out/fix"
mapfile -t seeds < <(
  { find "$root/corpus" -name '*.cfg'
    find "$root/tests/fixtures/rules" -name '*.cfg'
    if [ -d "$root/../shared/corpus" ]; then find "$root/../shared/corpus" -name '*.cfg'; fi
  } | sort
)
n=0
for f in "${seeds[@]}"; do
  n=$((n + 1))
  for t in parse check fix; do cp "$f" "$out/$t/seed-$n.cfg"; done
  for t in check fix; do
    { cat "$f"; printf '\xff'; head -c 96 /dev/urandom; } > "$out/$t/seed-$n-tail.bin"
  done
  # A cluster: this file and the next one.
  next=${seeds[$((n % ${#seeds[@]}))]}
  for t in check fix; do
    { cat "$f"; printf '\xfe'; cat "$next"; printf '\xff'; head -c 64 /dev/urandom; } > "$out/$t/seed-$n-pair.bin"
  done
done
# Generated configs only: an empty text and a tail.
for i in $(seq 1 50); do
  for t in check fix; do { printf '\xff'; head -c 512 /dev/urandom; } > "$out/$t/gen-$i.bin"; done
done
echo "seeded $n configs into $out/{parse,check,fix}"
