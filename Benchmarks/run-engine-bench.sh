#!/usr/bin/env bash
# The inspection engine at city scale (issue: engine, SQLite store, reports).
# Builds in release, ingests 100,000 and 1,000,000 hazards through the engine's API, compares the
# ingest with `sqlite3 .import` of the same rows into the same schema, times `safegrid report
# --by grid` as of now and as of a past date (whole process, hyperfine), measures peak memory, and
# rewrites the "Inspection engine" part of BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/Benchmarks/scripts/engine-stores.sh"

rows=""
reports=""
for n in $sizes; do
  store="$work/s$n.sqlite"
  line=$("$bench" ingest "$store" "$n")
  seconds=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$line")
  rate=$(sed -E 's/.*hazardsPerSecond=([0-9]+).*/\1/' <<<"$line")
  events=$(sed -E 's/.*events=([0-9]+).*/\1/' <<<"$line")
  inspections=$(sed -E 's/.*inspections=([0-9]+).*/\1/' <<<"$line")
  # The same rows into the same schema with the sqlite3 shell (hashes as hex text: CSV has no blobs).
  for table in event hazard inspection; do
    if [ "$table" = event ]; then
      sqlite3 -csv "$store" "SELECT seq, id, hazard, kind, at, recorded_at, CAST(body AS TEXT), hex(prev_hash), hex(hash), origin FROM event" > "$work/$table.csv"
    else
      sqlite3 -csv "$store" "SELECT * FROM $table" > "$work/$table.csv"
    fi
  done
  imported="$work/import$n.sqlite"
  sqlite3 "$store" .schema | grep -v "grdb_migrations\|sqlite_sequence" | sqlite3 "$imported"
  sqlite3 "$imported" "PRAGMA journal_mode=WAL" >/dev/null
  start=$(date +%s.%N)
  sqlite3 "$imported" ".mode csv" ".import $work/event.csv event" ".import $work/hazard.csv hazard" ".import $work/inspection.csv inspection"
  end=$(date +%s.%N)
  import=$(python3 -c "print($end - $start)")
  ratio=$(python3 -c "print('%.2f' % ($import / $seconds))")
  rows="$rows| $n | $events | $inspections | $(printf %.1f "$seconds") | $rate | $(printf %.1f "$import") | $ratio |\n"
  rm -f "$imported"* "$work"/*.csv

  for asof in now 2026-06-10; do
    args="report --by grid --store $store"
    [ "$asof" = now ] || args="$args --as-of $asof"
    hyperfine -N --warmup 2 --runs 10 --export-json "$work/h.json" "$safegrid $args" >/dev/null
    median=$(python3 -c "import json; print('%.3f' % json.load(open('$work/h.json'))['results'][0]['median'])")
    range=$(python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; print('%.3f–%.3f' % (r['min'], r['max']))")
    peak=$( { /usr/bin/time -f %M "$safegrid" $args >/dev/null; } 2>&1 | tail -1)
    reports="$reports| $n | $asof | $median | $range | $((peak / 1024)) |\n"
  done
  rm -f "$store"*
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- engine-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-engine-bench.sh\` (release builds) on: $machine; 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

**Ingest through the engine's API** (\`engine-bench ingest\`: batches of 2,000 inspections, each failing five items, so five hazards; follow-ups drawn from a fixed seed: 60% rectified and passed, 10% failed once then passed, 5% extended, 2% deferred, 1% cancelled, 2% reassigned, the rest left open; 5,000 grids, 500 police grids, 100,000 venues). The comparison is \`sqlite3 .import\` of the same event, hazard and inspection rows (exported as CSV, hashes as hex) into an empty store with the same schema, indexes and triggers. Target: ratio ≥ 0.5.

| hazards | events | inspections | SafeGrid s | hazards/s | sqlite3 .import s | ratio (.import s ÷ SafeGrid s) |
|---:|---:|---:|---:|---:|---:|---:|
$(printf "$rows")
**\`safegrid report --by grid\`** (the counting report, as a table; the exported formats, which add the weekly trend and the overdue list, are measured under Exporters), whole process, hyperfine \`--warmup 2 --runs 10\`; peak RSS from \`/usr/bin/time -f %M\`. Targets: as of now < 0.2 s, as of a past date < 0.5 s, memory flat as hazards grow 10×.

| hazards | as of | median s | range s | peak RSS MiB |
|---:|---|---:|---:|---:|
$(printf "$reports")
<!-- engine-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" engine-bench "Inspection engine" Benchmarks/run-engine-bench.sh "$section"
echo "$section"
