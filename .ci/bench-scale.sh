#!/usr/bin/env bash
# The scoring cost curve: for each size, `cvml score` of a generated base into SQLite and PostgreSQL, two shards in
# parallel on this machine, and one shard of four alone (the per-shard figure); wall time and peak RSS from
# /usr/bin/time, the 1-minute load average before each step. Prints one Markdown table. Not run by CI (minutes).
#
#   .ci/bench-scale.sh [SIZE…]          default: 100000 1000000
#   CVML_TEST_POSTGRES=… .ci/bench-scale.sh 1000000     PostgreSQL steps need it (.ci/postgres.sh prints one)
#   BENCH_DIR=/tmp/cvml-bench           where the generated bases and stores go (reused between runs)
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
dir=${BENCH_DIR:-/tmp/cvml-bench}
mkdir -p "$dir"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

dotnet build training/CustomerValue.Training -c Release -o "$dir/cvml" >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
cvml="$dir/cvml/cvml"
model="$PWD/models/current"
pg=${CVML_TEST_POSTGRES:-}

rows=()
load() { cut -d' ' -f1 /proc/loadavg; }

# measure LABEL SIZE COMMAND…: runs it under /usr/bin/time, keeps "wall peak-MB load".
measure() {
  local label=$1 size=$2; shift 2
  local before out
  before=$(load)
  out="$dir/$size-$(echo "$label" | tr ' /→' '___').log"
  /usr/bin/time -f '%e %M' -o "$out.time" "$@" >"$out" 2>&1 || { echo "$label failed, see $out" >&2; tail -5 "$out" >&2; exit 1; }
  read -r wall kb <"$out.time"
  rows+=("| $size | $label | $wall | $((kb / 1024)) | $before |")
}

# Two or more processes at once: wall time of the slowest, peak RSS of the largest.
measure_parallel() {
  local label=$1 size=$2 n=$3; shift 3
  local before start pids=() k
  before=$(load)
  start=$(date +%s.%N)
  for ((k = 0; k < n; k++)); do
    /usr/bin/time -f '%M' -o "$dir/$size-par-$k.time" "$@" --shard "$k/$n" >"$dir/$size-par-$k.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { echo "$label: a shard failed, see $dir/$size-par-*.log" >&2; exit 1; }; done
  local wall peak=0 kb
  wall=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')
  for ((k = 0; k < n; k++)); do kb=$(cat "$dir/$size-par-$k.time"); ((kb > peak)) && peak=$kb; done
  rows+=("| $size | $label | $(printf '%.2f' "$wall") | $((peak / 1024)) | $before |")
}

# Npgsql keywords (Host=…;Username=…) as libpq's (host=… user=…) for psql.
psql_run() {
  local conninfo
  conninfo=$(echo "$pg" | tr ';' '\n' | sed -E 's/^Host=/host=/I; s/^Port=/port=/I; s/^(Username|User Id)=/user=/I; s/^Password=/password=/I; s/^Database=/dbname=/I' | tr '\n' ' ')
  PGOPTIONS="-c client_min_messages=warning" psql "$conninfo" -qc "$1" >/dev/null
}

for size in "${sizes[@]}"; do
  base="$dir/base-$size"
  [ -s "$base/transactions.csv" ] || "$cvml" generate --customers "$size" --seed 42 --out "$base" >"$dir/generate-$size.log"
  score=("$cvml" score --transactions "$base/transactions.csv" --customers "$base/customers.csv" --model "$model")

  rm -f "$dir/score-$size.db"*
  measure "score → SQLite" "$size" "${score[@]}" --store "Data Source=$dir/score-$size.db"
  if [ -n "$pg" ]; then
    for schema in one two four; do psql_run "DROP SCHEMA IF EXISTS bench_$schema CASCADE; CREATE SCHEMA bench_$schema"; done
    measure "score → PostgreSQL" "$size" "${score[@]}" --store "postgres:$pg;Search Path=bench_one"
    measure_parallel "2 shards at once → PostgreSQL" "$size" 2 "${score[@]}" --store "postgres:$pg;Search Path=bench_two" --run-id two
    measure "1 shard of 4 alone → PostgreSQL" "$size" "${score[@]}" --store "postgres:$pg;Search Path=bench_four" --shard 0/4 --run-id four
  fi
done

echo
echo "cores: $(nproc); model: $(cat models/current)"
echo "| customers | step | wall s | peak RSS MB | load before |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
