#!/usr/bin/env bash
# Every exporter over the engine benchmark's stores (issue: exporters). Builds in release,
# ingests 100,000 and 1,000,000 hazards through the engine's API (5,000 grids, 500 police
# grids), then times `safegrid report --by grid --format F --output FILE` for every built-in
# format and `safegrid notice` for one venue, whole process, with peak memory from
# /usr/bin/time, and rewrites the "Exporters" part of BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/Benchmarks/scripts/engine-stores.sh"

# STORES=DIR keeps the ingested stores in DIR and reuses them on the next run (ingesting
# 1,000,000 hazards takes minutes); without it each store is made afresh and removed.
rows=""
for n in $sizes; do
  store="${STORES:-$work}/s$n.sqlite"
  if [ -z "${STORES:-}" ] || [ ! -f "$store" ]; then "$bench" ingest "$store" "$n" >/dev/null; fi
  overdue=$("$safegrid" report --by grid --format json --trend-weeks 0 --store "$store" | python3 -c "import json, sys; print(json.load(sys.stdin)['total']['overdue'])")
  for format in json csv md html xlsx; do
    # csv: every table, as the other formats write them all: one ZIP (--table all).
    label=$format out="$work/report.$format" tables=()
    if [ "$format" = csv ]; then label="csv --table all" out="$work/report-tables.zip" tables=(--table all); fi
    /usr/bin/time -o "$work/time" -f "%e %M" "$safegrid" report --by grid --format "$format" "${tables[@]}" --output "$out" --store "$store" >/dev/null 2>&1
    read -r seconds peak < "$work/time"
    size=$(wc -c < "$out")
    rows="$rows| $n | $overdue | \`$label\` | $seconds | $((peak / 1024)) | $(python3 -c "print('%.1f' % ($size / 1048576))") |\n"
    rm -f "$out"
  done
  venue=$(sqlite3 "$store" "SELECT venue FROM hazard WHERE status = 'open' GROUP BY venue ORDER BY count(*) DESC, venue LIMIT 1")
  /usr/bin/time -o "$work/time" -f "%e %M" "$safegrid" notice "$venue" --output "$work/notice.html" --store "$store" >/dev/null 2>&1
  read -r seconds peak < "$work/time"
  rows="$rows| $n | | \`notice\` ($venue) | $seconds | $((peak / 1024)) | $(python3 -c "print('%.2f' % ($(wc -c < "$work/notice.html") / 1048576))") |\n"
  if [ -z "${STORES:-}" ]; then rm -f "$store"*; fi
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- export-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-export-bench.sh\` (release build) on: $machine; 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

Stores made by \`engine-bench ingest\` (as in the engine benchmark: 5,000 grids, 500 police grids, 100,000 venues). Each row is one whole \`safegrid report --by grid --format F --output FILE\` process as of 2026-06-30 23:30: the report by grid with its community and street roll-ups, the 8-week trend (8 more counts, made only by formats that show the trend: all five here), and the overdue list streamed from the store (each overdue hazard read from the hazard table and its recorded event; only hazards changed after the cut-off are folded). \`csv --table all\` writes every table (groups, subtotals, overdue, trend, joint checks) into one ZIP (stored, not compressed). Peak RSS from \`/usr/bin/time -f %M\`. Target: memory does not grow with the number of hazards.

| hazards | overdue | format | seconds | peak RSS MiB | output MiB |
|---:|---:|---|---:|---:|---:|
$(printf "$rows")
<!-- export-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" export-bench "Exporters" Benchmarks/run-export-bench.sh "$section"
echo "$section"
