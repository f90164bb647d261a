#!/usr/bin/env bash
# Benchmark: `halint check DIR` over a repository of many small configs
# (issue 13: 10,000 files of 1 to 5 KB, under 2 s), against `haproxy -c`
# run once per file (timed on a sample, scaled to the whole tree).
#
#   bash benches/tree.sh [FILES] [SAMPLE]     (default: 10000 200)
#
# Needs python3 and haproxy. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
sample=${2:-200}
cargo build --release --quiet --bin halint
halint=$PWD/target/release/halint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A tree of $files configs, 100 per folder, 1-5 KB each (8 to 42 backends),
# plus as many README/INI/YAML files halint must pass over.
python3 - "$work/repo" "$files" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
random.seed(13)
for i in range(n):
    d = os.path.join(root, f"site{i // 1000}", f"team{(i // 100) % 10}")
    os.makedirs(d, exist_ok=True)
    out = ["global", "    maxconn 4000", "", "defaults", "    mode http", "    timeout connect 5s",
           "    timeout client 30s", "    timeout server 30s", "",
           "frontend www", "    bind *:80", "    default_backend app0", ""]
    for b in range(random.randint(8, 42)):
        out += [f"backend app{b}", "    balance roundrobin",
                f"    server s1 10.0.{b}.1:8080 check", f"    server s2 10.0.{b}.2:8080 check", ""]
    name = f"haproxy-{i}.cfg" if i % 2 else f"lb{i}.cfg"
    with open(os.path.join(d, name), "w") as f:
        f.write("\n".join(out))
    if i % 10 == 0:
        open(os.path.join(d, "setup.cfg"), "w").write("[metadata]\nname = x\n")
        open(os.path.join(d, "values.yaml"), "w").write("replicas: 2\nimage: nginx\n")
PY
count=$(find "$work/repo" -name '*.cfg' ! -name setup.cfg | wc -l)
size=$(du -sm "$work/repo" | cut -f1)
sizes=$(find "$work/repo" -name '*.cfg' ! -name setup.cfg -printf '%s\n' | sort -n | sed -n '1p;$p' | paste -sd- -)

cd "$work/repo"
"$halint" check --isolated . >/dev/null 2>&1 || true  # warm the page cache
best=999
for _ in 1 2 3 4 5; do
  s=$(date +%s.%N); "$halint" check --isolated --quiet . >/dev/null || true; e=$(date +%s.%N)
  best=$(python3 -c "print(min($best, $e - $s))")
done
checked=$("$halint" check --isolated --format json . | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["files"])')

# haproxy -c once per file, on the first $sample files.
find . -name '*.cfg' ! -name setup.cfg | sort | sed -n "1,${sample}p" > "$work/sample"
s=$(date +%s.%N)
while read -r f; do haproxy -c -q -f "$f" >/dev/null 2>&1 || true; done < "$work/sample"
e=$(date +%s.%N)
per=$(python3 -c "print(($e - $s) / $sample)")
whole=$(python3 -c "print('%.1f' % ($per * $count))")

echo "| files | sizes (bytes) | tree | halint check . (best of 5) | files checked | haproxy -c per file (sample of $sample) | haproxy -c, whole tree (scaled) |"
echo "|---|---|---|---|---|---|---|"
printf '| %s | %s | %s MB | %.2f s | %s | %.1f ms | %s s |\n' "$count" "$sizes" "$size" "$best" "$checked" \
  "$(python3 -c "print($per * 1000)")" "$whole"
