#!/usr/bin/env bash
# Keeping a large evidence file (issue: the ledger's promises kept, point 5): the file is hashed
# and copied in 1 MiB chunks, so the peak memory of `safegrid hazard rectify --evidence` must not
# grow with the file. Builds in release, makes the demo store, and reports a hazard fixed with a
# photo of 1 MiB and with a file of SIZE_MIB (default 1024) MiB; peak RSS by /usr/bin/time.
# Rewrites the "Evidence files" part of BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MIB=${SIZE_MIB:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product safegrid --package-path "$root" --scratch-path "$root/.build-bench" >/dev/null
safegrid="$root/.build-bench/release/safegrid"
export LANG=C.UTF-8 SAFEGRID_NOW=2026-11-20T20:00:00+08:00
export SAFEGRID_EVIDENCE_MAX_BYTES=$(( (SIZE_MIB + 1) * 1048576 ))

"$safegrid" demo --output "$work/demo" >/dev/null
store="$work/demo/demo.sqlite"
hazards=$("$safegrid" hazard list --status open --format json --store "$store" | python3 -c "
import json, sys
print(' '.join(h['id'] for h in json.load(sys.stdin)[:2]))")
read -r first second _ <<<"$hazards"

rows=""
for mib in 1 "$SIZE_MIB"; do
  file="$work/evidence-$mib.bin"
  head -c $((mib * 1048576)) /dev/urandom > "$file"
  hazard=$([ "$mib" = 1 ] && echo "$first" || echo "$second")
  measured=$( { /usr/bin/time -f '%e %M' "$safegrid" hazard rectify "$hazard" --note bench --evidence "$file" --store "$store" >/dev/null; } 2>&1 | tail -1)
  expected=$(sha256sum "$file" | cut -d' ' -f1)
  kept="$store.evidence/${expected:0:2}/$expected"
  [ "$(sha256sum "$kept" | cut -d' ' -f1)" = "$expected" ] || { echo "the kept copy of $file differs" >&2; exit 1; }
  rows="$rows| $mib | ${measured% *} | $(( ${measured#* } / 1024 )) |\n"
  rm -f "$file"
done
"$safegrid" verify --store "$store" >/dev/null

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM · $(. /etc/os-release; echo "$PRETTY_NAME") · $(swift --version 2>&1 | head -1)"
section=$(cat <<EOT
<!-- evidence-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-evidence-bench.sh\` (release build) on: $machine.

\`safegrid hazard rectify ID --evidence FILE\` on the demo store, whole process: the file is read in 1 MiB chunks, each hashed (SHA-256) and written to a temporary file in the evidence folder, which is flushed and renamed to its hash; then the event is recorded and \`verify\` re-hashes every kept file. The kept copy's SHA-256 is checked against \`sha256sum\`. Target: hashing a 1 GB file, peak memory under 64 MiB.

| evidence MiB | seconds | peak RSS MiB |
|---:|---:|---:|
$(printf "$rows")
<!-- evidence-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" evidence-bench "Evidence files" Benchmarks/run-evidence-bench.sh "$section"
echo "$section"
