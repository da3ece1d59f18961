#!/usr/bin/env bash
# The PostgreSQL store at city scale (issue 16). Builds in release and starts a throwaway
# cluster (scripts/pg-cluster, fsync off, on loopback); then, for each size:
#   1. ingests the city (50,000 grids, 5,000 police grids in 20 stations) through the engine's
#      API straight into PostgreSQL (`engine-bench ingest postgres://…`), timed;
#   2. writes the same rows out (`\copy … TO`) and times `\copy … FROM` of them into an empty
#      database with the same schema, indexes and triggers, in one transaction: the ratio is
#      COPY's seconds over the ingest's (target ≥ 0.5);
#   3. times `safegrid report --by grid` and `--by station`, as of now and as of a past date,
#      whole process (hyperfine), after VACUUM ANALYZE.
# The same city at 1,000,000 hazards in SQLite, ingested and reported in the same run, is the
# comparison. Rewrites the "PostgreSQL store" part of BENCHMARKS.md.
#
#   SIZES="1000000 10000000" (default), SQLITE_SIZE=1000000 (default)
#   COPY_LIMIT=N: no COPY comparison above N hazards (default 10000000; the dump and then
#   its copy need about 1.4 times the database's disk: 35 GB at 10,000,000 hazards)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000000 10000000"}
SQLITE_SIZE=${SQLITE_SIZE:-1000000}
COPY_LIMIT=${COPY_LIMIT:-10000000}
export BENCH_GRIDS=50000
source "$root/Benchmarks/scripts/engine-stores.sh"

# The server runs as the postgres user when this runs as root: it must reach its folder.
chmod 755 "$work"
cluster="$work/pg"
url=$("$root/scripts/pg-cluster" start "$cluster")
trap '"$root/scripts/pg-cluster" stop "$cluster" 2>/dev/null || true; rm -rf "$work"' EXIT
psql_() { "$root/scripts/pg-cluster" psql "$cluster" -v ON_ERROR_STOP=1 "$@"; }
export SAFEGRID_EVIDENCE="$work/evidence" XDG_DATA_HOME="$work/xdg" SAFEGRID_ACTOR=bench
past=2026-06-10
# The tallies are not copied: the hazard table's triggers write them in the copy as in the store.
tables="event hazard inspection joint_check chain_head"

time_of() {
  hyperfine -N --warmup 1 --runs 5 --export-json "$work/h.json" "$1" >/dev/null
  python3 -c "import json; r = json.load(open('$work/h.json'))['results'][0]; print('%.3f | %.3f–%.3f' % (r['median'], r['min'], r['max']))"
}
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }

# SQLite, 1,000,000 hazards of the same city.
sqlite="$work/s$SQLITE_SIZE.sqlite"
line=$("$bench" ingest "$sqlite" "$SQLITE_SIZE")
ingests="| SQLite | $SQLITE_SIZE | $(field events "$line") | $(printf %.1f "$(field seconds "$line")") | $(field hazardsPerSecond "$line") | – | – |\n"
reports=""
for command in "report --by grid" "report --by station" "report --by grid --as-of $past" "report --by station --as-of $past"; do
  reports="$reports| SQLite | $SQLITE_SIZE | \`$command\` | $(time_of "$safegrid $command --store $sqlite") |\n"
done
rm -f "$sqlite"*

for n in $sizes; do
  psql_ -d postgres -qAt -c "CREATE DATABASE city$n OWNER safegrid" >/dev/null
  database="${url%/*}/city$n"
  line=$("$bench" ingest "$database" "$n")
  seconds=$(field seconds "$line")
  psql_ -d "city$n" -qAt -c "VACUUM ANALYZE" >/dev/null
  for command in "report --by grid" "report --by station" "report --by grid --as-of $past" "report --by station --as-of $past"; do
    reports="$reports| PostgreSQL | $n | \`$command\` | $(time_of "$safegrid $command --store $database") |\n"
  done
  size=$(psql_ -d postgres -qAt -c "SELECT pg_size_pretty(pg_database_size('city$n'))")
  reports="$reports| PostgreSQL | $n | (database size: $size) | | |\n"
  copy="–" ratio="–"
  if [ "$n" -le "$COPY_LIMIT" ]; then
    # The rows and the schema written out, then the database dropped before the copy is loaded:
    # the disk holds the dump and one database at a time.
    dump="$work/dump"
    mkdir -p "$dump" && chmod 777 "$dump"
    for table in $tables; do psql_ -d "city$n" -qAt -c "\\copy $table TO '$dump/$table.txt'"; done
    "$root/scripts/pg-cluster" dump-schema "$cluster" "city$n" > "$dump/schema.sql"
    psql_ -d postgres -qAt -c "DROP DATABASE city$n" >/dev/null
    psql_ -d postgres -qAt -c "CREATE DATABASE copy$n OWNER safegrid" >/dev/null
    psql_ -d "copy$n" -q -f "$dump/schema.sql" >/dev/null
    {
      echo "BEGIN;"
      for table in $tables; do echo "\\copy $table FROM '$dump/$table.txt'"; done
      echo "COMMIT;"
    } > "$dump/load.sql"
    start=$(date +%s.%N)
    psql_ -d "copy$n" -q -f "$dump/load.sql" >/dev/null
    copy=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $start))")
    ratio=$(python3 -c "print('%.2f' % ($copy / $seconds))")
    psql_ -d postgres -qAt -c "DROP DATABASE copy$n" >/dev/null
    rm -rf "$dump"
  else
    psql_ -d postgres -qAt -c "DROP DATABASE city$n" >/dev/null
  fi
  ingests="$ingests| PostgreSQL | $n | $(field events "$line") | $(printf %.1f "$seconds") | $(field hazardsPerSecond "$line") | $copy | $ratio |\n"
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- postgres-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-postgres-bench.sh\` (release build) on: $machine · $(psql --version); 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

The city of \`engine-bench ingest\` with \`BENCH_GRIDS=50000\`: 50,000 grids, 5,000 police grids in 200 beats and 20 stations, 100,000 venues; five hazards per inspection and the engine benchmark's mix of follow-ups. PostgreSQL 15 in a throwaway cluster (\`scripts/pg-cluster\`: loopback, \`fsync = off\`).

**Ingest through the engine's API** (batches of 2,000 inspections). COPY: the same rows of \`event\`, \`hazard\`, \`inspection\`, \`joint_check\` and \`chain_head\` written out with \`\\copy … TO\`, then \`\\copy … FROM\` into an empty database with the same schema, indexes and triggers, in one transaction. Target: ratio ≥ 0.5.

| store | hazards | events | SafeGrid s | hazards/s | COPY s | ratio (COPY s ÷ SafeGrid s) |
|---|---:|---:|---:|---:|---:|---:|
$(printf "$ingests")

**Reports**, each one whole \`safegrid\` process, hyperfine \`--warmup 1 --runs 5\`, after \`VACUUM ANALYZE\`; "now" is after every event, the past date is $past (two thirds of the way through the events). Targets at 10,000,000 hazards: by grid as of now < 2 s, as of a past date < 5 s.

| store | hazards | command | median s | range s |
|---|---:|---|---:|---:|
$(printf "$reports")
<!-- postgres-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" postgres-bench "PostgreSQL store" Benchmarks/run-postgres-bench.sh "$section"
echo "$section"
