#!/usr/bin/env bash
# Tonight's plan and venue files (issue 14): builds in release, ingests a station of 50,000
# venues, 500 grids (100 venues each) and 50 police grids (1,000 each) over two years through the
# engine's API (`engine-bench station`), then times, whole process (hyperfine): `safegrid plan`
# for one grid, for one police grid and for the whole station, the colour report by grid and by
# police grid (`report --colours`), and `safegrid venue show` for one venue, with the venues
# planned or counted and peak memory. Rewrites the "Tonight's plan" part of BENCHMARKS.md.
# Target: < 1 s. SIZES="20000" runs a small size only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000000"}
source "$root/Benchmarks/scripts/engine-stores.sh"

rows=""
for n in $sizes; do
  store="$work/station$n.sqlite"
  "$bench" station "$store" "$n" >/dev/null
  # The first run migrates the new store; the timed runs do not.
  "$safegrid" config list --store "$store" >/dev/null
  for scope in "plan --grid G0" "plan --police-grid P0" "plan" "report --by grid --colours" "report --by police-grid --colours" "venue show V0"; do
    read -r -a words <<<"$scope"
    if [ "${words[0]}" = plan ]; then
      planned=$("$safegrid" "${words[@]}" --format json --store "$store" | python3 -c "import json, sys; d = json.load(sys.stdin); print('%d of %d' % (d['dueCount'], d['venueCount']))")
    elif [ "${words[0]}" = report ]; then
      planned=$("$safegrid" "${words[@]}" --format json --store "$store" | python3 -c "import json, sys; t = json.load(sys.stdin)['colours']['total']; print('%d red, %d yellow, %d green' % (t['red'], t['yellow'], t['green']))")
    else
      planned=$("$safegrid" "${words[@]}" --format json --store "$store" | python3 -c "import json, sys; d = json.load(sys.stdin); print('%s, %d hazards' % (d['rating']['colour'], len(d['hazards'])))")
    fi
    hyperfine -N --warmup 1 --runs 5 --export-json "$work/h.json" "$safegrid $scope --store $store" >/dev/null
    median=$(python3 -c "import json; print('%.3f' % json.load(open('$work/h.json'))['results'][0]['median'])")
    range=$(python3 -c "import json; r=json.load(open('$work/h.json'))['results'][0]; print('%.3f–%.3f' % (r['min'], r['max']))")
    peak=$( { /usr/bin/time -f %M "$safegrid" "${words[@]}" --store "$store" >/dev/null; } 2>&1 | tail -1)
    rows="$rows| $n | \`safegrid $scope\` | $planned | $median | $range | $((peak / 1024)) |\n"
  done
  rm -f "$store"*
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- plan-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-plan-bench.sh\` (release builds) on: $machine; 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

One station: 50,000 venues, 500 grids of 100 venues and 50 police grids of 1,000; hazards found over two years through the engine's API (\`engine-bench station\`), those older than a month closed but for one in a thousand; colours by the default rule (open-hazards), frequencies 7/14/30 days. Whole process as of now, text output, hyperfine \`--warmup 1 --runs 5\`; peak RSS from \`/usr/bin/time -f %M\`. Target: < 1 s for the station's plan and for the colour report.

| hazards | command | planned (due of venues) / colours / file | median s | range s | peak RSS MiB |
|---:|---|---|---:|---:|---:|
$(printf "$rows")
<!-- plan-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" plan-bench "Tonight's plan" Benchmarks/run-plan-bench.sh "$section"
echo "$section"
