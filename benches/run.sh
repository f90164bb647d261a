#!/usr/bin/env bash
# Benchmark: halint check / halint parse against haproxy -c on generated
# configs of N backends (the performance issue's workload), wall time and
# peak memory, side by side on the same files.
#
#   bash benches/run.sh [N ...]        (default: 1000 10000 50000)
#
# Needs hyperfine and GNU time (`apt-get install -y hyperfine time`) and
# haproxy. Results go to stdout as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 50000}")
[ $# -eq 0 ] && sizes=(1000 10000 50000)
cargo build --release --quiet --bin halint --example gen_config --example gen_manifest
halint=target/release/halint
gen=target/release/examples/gen_config
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inventory=(--instance lb1=10.0.0.1:10000 --instance lb2=10.0.0.2:10000 --instance lb3=10.0.0.3:10000)

peak_mb() { # peak RSS of a command, in MB
  /usr/bin/time -f '%M' "$@" >/dev/null 2>"$work/time" || true
  echo $(( $(tail -n 1 "$work/time") / 1024 ))
}
mean_s() { # mean wall time over runs, in seconds
  hyperfine --style none --warmup 1 --runs "$1" -i --export-json "$work/h.json" "$2" >/dev/null 2>&1
  python3 -c "import json;print('%.3f'%json.load(open('$work/h.json'))['results'][0]['mean'])"
}

echo "| N | size | halint check | halint parse | haproxy -c | check vs haproxy | halint check RSS | halint parse RSS | haproxy RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  cfg="$work/n$n.cfg"
  "$gen" "$n" > "$cfg"
  size=$(du -m "$cfg" | cut -f1)
  runs=10; [ "$n" -ge 50000 ] && runs=3
  check="$halint check --isolated ${inventory[*]} --local lb1 $cfg"
  parse="$halint parse $cfg"
  ha="haproxy -c -q -L lb1 -f $cfg"
  tc=$(mean_s $runs "$check"); tp=$(mean_s $runs "$parse > /dev/null"); th=$(mean_s $runs "$ha")
  mc=$(peak_mb $check); mp=$(peak_mb $halint parse "$cfg"); mh=$(peak_mb haproxy -c -q -L lb1 -f "$cfg")
  ratio=$(python3 -c "print('%.1fx faster' % ($th/$tc))")
  echo "| $n | ${size} MB | ${tc} s | ${tp} s | ${th} s | $ratio | ${mc} MB | ${mp} MB | ${mh} MB |"
done

# One undecided `.if` block (a variable nobody gives) in the first backend
# of the largest file: two readings, each checked; beside the same file
# without it.
n=${sizes[${#sizes[@]}-1]}
plain="$work/n$n.cfg"
awk '/^backend /&&!done{print; print "    .if defined(WITH_EXTRA)"; print "    option httplog"; print "    .endif"; done=1; next} {print}' \
  "$plain" > "$work/n$n-if.cfg"
echo
echo "| N=$n, one undecided \`.if\` block | wall | peak RSS |"
echo "|---|---|---|"
for cfg in "$plain" "$work/n$n-if.cfg"; do
  cmd="$halint check --isolated ${inventory[*]} --local lb1 $cfg"
  what=$([ "$cfg" = "$plain" ] && echo "without the block (one reading)" || echo "with the block (two readings)")
  echo "| halint check, $what | $(mean_s 3 "$cmd") s | $(peak_mb $cmd) MB |"
done

# The cross-file check: three instances' configs of N=10,000 backends each
# (`--cluster` compares every table and backend across the files).
n=10000
for i in 1 2 3; do "$gen" "$n" | sed "s/localpeer lb1/localpeer lb$i/" > "$work/lb$i.cfg"; done
cluster="$halint check --isolated ${inventory[*]} --cluster $work/lb1.cfg $work/lb2.cfg $work/lb3.cfg"
echo
echo "| --cluster, 3 files of N=$n | wall | peak RSS |"
echo "|---|---|---|"
echo "| halint check --cluster | $(mean_s 5 "$cluster") s | $(peak_mb $cluster) MB |"

# Many findings: N=10,000 backends whose tables lack `peers` (10,000
# stick-table-not-shared findings, each with a fix), in every output.
"$gen" 10000 | sed 's/ peers cluster$//' > "$work/unshared.cfg"
base="$halint check --isolated ${inventory[*]} --local lb1"
echo
echo "| 10,000 findings (N=10000, no \`peers\` on the tables) | wall | peak RSS |"
echo "|---|---|---|"
for mode in "" "--format json" "--format sarif" "--diff"; do
  cmd="$base $mode $work/unshared.cfg"
  echo "| halint check ${mode:-(human)} | $(mean_s 5 "$cmd > /dev/null") s | $(peak_mb $cmd) MB |"
done

# Kubernetes: a stream of 1,000 ConfigMaps, each a whole config of 50
# load-balanced backends with shared tables (examples/gen_manifest.rs).
target/release/examples/gen_manifest 1000 > "$work/manifests.yaml"
msize=$(du -m "$work/manifests.yaml" | cut -f1)
kube="$halint check --isolated --instance lb1=10.0.0.1:10000 --instance lb2=10.0.0.2:10000 $work/manifests.yaml"
echo
echo "| 1,000 ConfigMaps of 50 backends (${msize} MB) | wall | peak RSS |"
echo "|---|---|---|"
echo "| halint check | $(mean_s 5 "$kube") s | $(peak_mb $kube) MB |"
