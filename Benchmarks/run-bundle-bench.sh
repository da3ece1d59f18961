#!/usr/bin/env bash
# Merging a laptop's signed bundle at the station (issue: the inspector's laptop).
# Builds in release; for each size, records hazards on a "laptop" store through the engine's API
# (engine-bench ingest, every rectification report carrying a photo's hash), exports them as a
# signed bundle, and merges it into a station store that has the same areas and venues, with
# `safegrid bundle merge` (whole process: reading, checking the signature, merging). The ratio is
# events merged per second over events recorded per second through the engine, in the same run.
# Peak memory of the merge by /usr/bin/time. Rewrites the "Bundles" part of BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"4500 45000"}
source "$root/Benchmarks/scripts/engine-stores.sh"
# Trusting a key is recorded in the history, which names a person.
export SAFEGRID_ACTOR=bench

rows=""
for n in $sizes; do
  laptop="$work/laptop$n.sqlite"
  station="$work/station$n.sqlite"
  line=$(BENCH_EVIDENCE=1 "$bench" ingest "$laptop" "$n")
  recorded_seconds=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$line")
  events=$(sed -E 's/.*events=([0-9]+).*/\1/' <<<"$line")
  "$bench" ingest "$station" 0 >/dev/null   # the same areas and venues, no hazards
  export XDG_DATA_HOME="$work/laptop-home$n"
  "$safegrid" key init >/dev/null 2>&1
  public=$("$safegrid" key show 2>/dev/null)
  "$safegrid" bundle export --all --store "$laptop" --output "$work/night$n.bundle" >/dev/null 2>&1
  unset XDG_DATA_HOME
  "$safegrid" key trust "$public" --name "laptop-$n" --store "$station" >/dev/null 2>&1
  bytes=$(stat -c %s "$work/night$n.bundle")
  measured=$( { /usr/bin/time -f '%e %M' "$safegrid" bundle merge "$work/night$n.bundle" --store "$station" >/dev/null; } 2>&1 | tail -1)
  merge_seconds=${measured% *}
  peak=${measured#* }
  # The chain and the hazard rows must verify; the photos are hashes only here (no files kept).
  "$safegrid" verify --store "$station" --format json > "$work/verify.json" || true
  python3 -c "import json,sys; v=json.load(open('$work/verify.json')); sys.exit(0 if v.get('problem') is None and not v.get('integrity') else 1)"
  merged=$(sqlite3 "$station" "SELECT count(*) FROM event")
  [ "$merged" = "$events" ] || { echo "merged $merged events of $events" >&2; exit 1; }
  ratio=$(python3 -c "print('%.2f' % (($events / $merge_seconds) / ($events / $recorded_seconds)))")
  recorded_rate=$(python3 -c "print(int($events / $recorded_seconds))")
  merged_rate=$(python3 -c "print(int($events / $merge_seconds))")
  rows="$rows| $events | $n | $(python3 -c "print('%.1f' % ($bytes / 1048576))") | $(printf %.2f "$recorded_seconds") | $recorded_rate | $merge_seconds | $merged_rate | $ratio | $((peak / 1024)) |\n"
  rm -f "$laptop"* "$station"* "$work/night$n.bundle"
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- bundle-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-bundle-bench.sh\` (release builds) on: $machine; 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

A laptop's night, recorded through the engine's API (\`engine-bench ingest\`, as under Inspection engine; every rectification report carries a photo's hash), exported with \`safegrid bundle export --all\` and merged at a station with the same areas and venues by \`safegrid bundle merge\`, whole process (a first read checking the file's SHA-256 and Ed25519 signature, then a second read, on its own thread, decoding each part while the other thread merges them in one transaction); after each, \`verify\` finds the hash chain and every hazard row intact (the photos are hashes only: no files are kept in this run). Targets: merge ≥ 0.8 of recording, peak memory flat from 10,000 to 100,000 events.

| events | hazards | bundle MiB | recording s | recorded events/s | merge s | merged events/s | ratio (merge ÷ recording) | merge peak RSS MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf "$rows")
<!-- bundle-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" bundle-bench "Bundles" Benchmarks/run-bundle-bench.sh "$section"
echo "$section"
