#!/usr/bin/env bash
# The PostgreSQL store (issue 16), first figures: builds in release, ingests a city into SQLite
# through the engine's API (`engine-bench ingest`, as the engine benchmark), copies it into a
# throwaway PostgreSQL cluster with `safegrid store copy` (which also verifies both stores and
# compares every grouping's report), then times, whole process (hyperfine), the report by grid
# and by station as of now and as of a past date on both stores. Rewrites the "PostgreSQL store"
# part of BENCHMARKS.md. SIZES="100000" by default; STORES=DIR reuses ingested stores (sNNN.sqlite).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"100000"}
source "$root/Benchmarks/scripts/engine-stores.sh"

cluster="$work/pg"
url=$("$root/scripts/pg-cluster" start "$cluster")
trap '"$root/scripts/pg-cluster" stop "$cluster" 2>/dev/null || true; rm -rf "$work"' EXIT
export SAFEGRID_EVIDENCE="$work/evidence" XDG_DATA_HOME="$work/xdg" SAFEGRID_ACTOR=bench

time_of() {
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/h.json" "$1" >/dev/null
  python3 -c "import json; r = json.load(open('$work/h.json'))['results'][0]; print('%.3f | %.3f–%.3f' % (r['median'], r['min'], r['max']))"
}

rows=""
for n in $sizes; do
  store="$work/s$n.sqlite"
  if [ -n "${STORES:-}" ] && [ -f "$STORES/s$n.sqlite" ]; then cp "$STORES/s$n.sqlite" "$store"; else "$bench" ingest "$store" "$n" >/dev/null; fi
  "$root/scripts/pg-cluster" psql "$cluster" -d postgres -qAt -c "CREATE DATABASE city$n OWNER safegrid" >/dev/null
  database="${url%/*}/city$n"
  start=$(date +%s.%N)
  "$safegrid" store copy --from "$store" --to "$database" --batch 5000 --lang en >"$work/copy.txt" 2>/dev/null
  copy=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $start))")
  events=$(sed -n 's/.*the target intact (\([0-9]*\) events).*/\1/p' "$work/copy.txt")
  "$root/scripts/pg-cluster" psql "$cluster" -d "city$n" -qAt -c "VACUUM ANALYZE" >/dev/null
  rows="$rows| $n | \`store copy\` (SQLite → PostgreSQL, $events events, with verify and 12 reports compared) | – | – | $copy | – |\n"
  for command in "report --by grid" "report --by station" "report --by grid --as-of 2026-03-31" "report --by station --as-of 2026-03-31"; do
    rows="$rows| $n | \`$command\` | $(time_of "$safegrid $command --store $store") | $(time_of "$safegrid $command --store $database") |\n"
  done
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- postgres-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-postgres-bench.sh\` (release build) on: $machine · $(psql --version); 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

The engine benchmark's city (\`engine-bench ingest\`: 5,000 grids, 500 police grids in 2 stations, 100,000 venues) in SQLite, copied into PostgreSQL by \`safegrid store copy\` (a throwaway cluster from \`scripts/pg-cluster\`, on loopback, \`fsync = off\`), then each report as one whole \`safegrid\` process on each store, hyperfine \`--warmup 1 --runs 5\`, median and range in seconds.

| hazards | command | SQLite median s | SQLite range s | PostgreSQL median s | PostgreSQL range s |
|---:|---|---:|---:|---:|---:|
$(printf "$rows")
<!-- postgres-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" postgres-bench "PostgreSQL store" Benchmarks/run-postgres-bench.sh "$section"
echo "$section"
