#!/usr/bin/env bash
# The hazard ledger (隐患台账) over the engine benchmark's stores (issue 13). Builds in release,
# ingests 100,000 and 1,000,000 hazards through the engine's API (as run-export-bench.sh does),
# then times `safegrid ledger --format F --output FILE` in CSV and XLSX, whole process, with peak
# memory from /usr/bin/time: memory must stay flat in the number of hazards (the rows stream from
# a cursor over the store). Rewrites the "Hazard ledger" part of BENCHMARKS.md.
# SIZES="1000 10000" Benchmarks/run-ledger-bench.sh   # a quick run at small sizes
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/Benchmarks/scripts/engine-stores.sh"

rows=""
for n in $sizes; do
  store="$work/s$n.sqlite"
  "$bench" ingest "$store" "$n" >/dev/null
  for format in csv xlsx; do
    out="$work/ledger.$format"
    /usr/bin/time -o "$work/time" -f "%e %M" "$safegrid" ledger --format "$format" --output "$out" --store "$store" --lang en >/dev/null 2>"$work/stderr" \
      || { cat "$work/stderr" >&2; exit 1; }
    read -r seconds peak < "$work/time"
    size=$(wc -c < "$out")
    if [ "$format" = csv ]; then lines=$(($(wc -l < "$out") - 1)); else lines=$(sed -n 's/.*(\([0-9]*\) hazards)$/\1/p' "$work/stderr"); fi
    rows="$rows| $n | $lines | \`$format\` | $seconds | $((peak / 1024)) | $(python3 -c "print('%.1f' % ($size / 1048576))") |\n"
    rm -f "$out"
  done
  rm -f "$store"*
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- ledger-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-ledger-bench.sh\` (release build) on: $machine; 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

Stores made by \`engine-bench ingest\` (as in the engine benchmark: 5,000 grids, 500 police grids, 100,000 venues). Each row is one whole \`safegrid ledger --format F --output FILE\` process as of 2026-06-30 23:30: every hazard of the store, one row each with its history (each hazard's events read and folded, its inspection and venue looked up), streamed from a cursor over the hazard table in the order found. The XLSX is one sheet, zipped as it is written (stored, not compressed); the benchmark stores keep no photos. Peak RSS from \`/usr/bin/time -f %M\`. Target: memory does not grow with the number of hazards.

| hazards | rows | format | seconds | peak RSS MiB | output MiB |
|---:|---:|---|---:|---:|---:|
$(printf "$rows")
<!-- ledger-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" ledger-bench "Hazard ledger" Benchmarks/run-ledger-bench.sh "$section"
echo "$section"
