#!/usr/bin/env bash
# `safegrid remind` for one station (issue 13): builds in release, ingests a station of 50,000
# venues, 500 grids and 50 police grids (every area with its people) over two years through the
# engine's API (`engine-bench station`: what was found over a month ago is closed but for one in
# a thousand), then times `safegrid remind` as of now, whole process (hyperfine), with the number
# of hazards and people it lists and peak memory, and rewrites the "Reminders" part of
# BENCHMARKS.md. Target: < 1 s at 1,000,000 hazards. SIZES="20000" runs a small size only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000000"}
source "$root/Benchmarks/scripts/engine-stores.sh"

rows=""
for n in $sizes; do
  store="$work/station$n.sqlite"
  "$bench" station "$store" "$n" >/dev/null
  listed=$("$safegrid" remind --format json --store "$store" | python3 -c "
import json, sys
text = sys.stdin.read()
d = json.loads(text) if text.strip() else {'hazards': 0, 'people': []}
print(d['hazards'], len(d['people']), sum(len(p['items']) for p in d['people']))")
  read -r hazards people items <<<"$listed"
  running=$(sqlite3 "$store" "SELECT count(*) FROM hazard WHERE status IN ('open', 'awaiting')")
  hyperfine -N --warmup 2 --runs 10 --export-json "$work/h.json" "$safegrid remind --store $store" >/dev/null
  median=$(python3 -c "import json; print('%.3f' % json.load(open('$work/h.json'))['results'][0]['median'])")
  range=$(python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; print('%.3f–%.3f' % (r['min'], r['max']))")
  peak=$( { /usr/bin/time -f %M "$safegrid" remind --store "$store" >/dev/null; } 2>&1 | tail -1)
  rows="$rows| $n | $running | $hazards | $people | $items | $median | $range | $((peak / 1024)) |\n"
  rm -f "$store"*
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- remind-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-remind-bench.sh\` (release builds) on: $machine; 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

**\`safegrid remind\`** (as of now, 3 working days ahead, text) for one station: 50,000 venues, 500 grids and 50 police grids, each area with a follower and a leader; hazards found over two years through the engine's API (\`engine-bench station\`), those older than a month closed but for one in a thousand. Whole process, hyperfine \`--warmup 2 --runs 10\`; peak RSS from \`/usr/bin/time -f %M\`. Target: < 1 s.

| hazards | running | reminded hazards | people | lines (person × hazard) | median s | range s | peak RSS MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf "$rows")
<!-- remind-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" remind-bench "Reminders" Benchmarks/run-remind-bench.sh "$section"
echo "$section"
