#!/usr/bin/env bash
# Checklist-import benchmark (see Benchmarks/README.md).
#
# 1. Builds `safegrid` (root package, release, scratch path .build-bench) and `checklist-bench`
#    (this package, release).
# 2. Generates big.xml (~9.9 MB, deterministic) in a temporary folder and checks that both
#    `safegrid checklist validate` and `xmllint --schema` accept it.
# 3. hyperfine: whole `safegrid checklist validate` against `xmllint --noout --schema`;
#    peak RSS of both with /usr/bin/time -f %M.
# 4. checklist-bench decode for safegrid, xmldocument and xmlcoder: cold (1 iteration in
#    each of 5 processes) and warm (5 iterations in one process).
# 5. If SafeGrid is slower than xmllint, profiles it with callgrind.
# 6. Rewrites the measured part of the "Checklist import" section of BENCHMARKS.md.
#
# Settings (environment): BENCH_BYTES (9900000), BENCH_RUNS (10), BENCH_WARMUP (2), BENCH_COLD (5),
# BENCH_WARM (5), BENCH_RSS_RUNS (3), BENCH_PROFILE (auto | always | never),
# BENCH_REPORT (BENCHMARKS.md at the root), BENCH_KEEP=1 keeps the temporary folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
schema="$root/checklists/schema/checklist.xsd"
bytes="${BENCH_BYTES:-9900000}"
runs="${BENCH_RUNS:-10}"
warmup="${BENCH_WARMUP:-2}"
cold="${BENCH_COLD:-5}"
warm="${BENCH_WARM:-5}"
rss_runs="${BENCH_RSS_RUNS:-3}"
profile="${BENCH_PROFILE:-auto}"
report="${BENCH_REPORT:-$root/BENCHMARKS.md}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run-checklist-bench: %s\n' "$*" >&2; exit 1; }

for tool in swift hyperfine xmllint python3 lscpu free; do
    command -v "$tool" >/dev/null || die "'$tool' not found (Debian: apt-get install hyperfine libxml2-utils python3 procps util-linux)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian: apt-get install time)"
if [ "$bytes" -ge 10000000 ]; then
    say "note: BENCH_BYTES=$bytes is 10,000,000 or more: the xmlcoder mode will fail (XMLParser(data:) on Linux)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/checklist-bench.XXXXXX")"
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    say "keeping $work"
else
    trap 'rm -rf "$work"' EXIT
fi

say "building safegrid (release, --scratch-path $root/.build-bench)"
(cd "$root" && swift build -c release --product safegrid --scratch-path "$root/.build-bench") >&2
safegrid="$root/.build-bench/release/safegrid"
say "building checklist-bench (release)"
swift build -c release --package-path "$here" --product checklist-bench >&2
bench="$(swift build -c release --package-path "$here" --show-bin-path)/checklist-bench"

big="$work/big.xml"
say "generating $big ($bytes bytes)"
"$bench" generate "$big" "$bytes" >&2

say "checking that both commands accept it"
"$safegrid" checklist validate "$big" > "$work/validate-output.txt" 2>&1 || { cat "$work/validate-output.txt" >&2; die "safegrid checklist validate rejected big.xml"; }
cat "$work/validate-output.txt" >&2
xmllint --noout --schema "$schema" "$big" >&2 || die "xmllint --schema rejected big.xml"

# The machine is shared and has 2 cores: before each timed phase, wait (up to BENCH_IDLE_WAIT
# seconds, default 300) until no Swift compiler is running and the CPUs are at least 90% idle
# over 5 seconds.
compilers='swift-frontend|swift-build|swiftc|swift-driver|clang|ld|ld.gold|ld.lld'
other_build() { pgrep -x "$compilers" >/dev/null 2>&1; }

cpu_ticks() { awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
busy_since() {  # percent of both CPUs busy since the cpu_ticks reading $1
    awk -v before="$1" '/^cpu / {split(before, b, " "); i = $5 + $6 - b[1]; t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 - b[2]; print (t > 0 ? int(100 - 100 * i / t) : 0)}' /proc/stat
}

# Sets own_ticks to the CPU time of this shell's finished children (hyperfine, the benchmark
# processes), in ticks. Not in a $(...) subshell: a forked shell starts with no child times.
own_ticks=0
read_own_ticks() {
    times > "$work/times.txt"
    own_ticks="$(tail -1 "$work/times.txt" | awk '{t = 0; for (f = 1; f <= 2; f++) {split($f, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2]} print int(t * 100)}')"
}

# Runs "$@" (a timed phase) until nothing else ran during it, at most BENCH_ATTEMPTS times
# (default 3). "Nothing else" means no compiler was seen and other processes used at most 10%
# of the two CPUs (CPU time not spent by this script's own processes, which may use both
# cores: SafeGrid may validate and decode on two threads). Writes "clean|disturbed OTHERS%"
# to $work/phase-$1.txt.
measure() {
    local phase="$1" attempt watcher ticks own others; shift
    for attempt in $(seq "${BENCH_ATTEMPTS:-3}"); do
        wait_idle
        : > "$work/interference"
        ( while :; do other_build && echo seen >> "$work/interference"; sleep 0.5; done ) &
        watcher=$!
        ticks="$(cpu_ticks)"
        read_own_ticks
        own="$own_ticks"
        "$@"
        kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null || true
        read_own_ticks
        others="$(awk -v before="$ticks" -v own=$(( own_ticks - own )) '/^cpu / {split(before, b, " "); i = $5 + $6 - b[1]; t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 - b[2]; o = t - i - own; print (t > 0 && o > 0 ? int(100 * o / t) : 0)}' /proc/stat)"
        if [ ! -s "$work/interference" ] && [ "$others" -le 10 ]; then
            echo "clean $others" > "$work/phase-$phase.txt"
            return 0
        fi
        say "something else ran during '$phase' (attempt $attempt, ${others}% of the CPUs); its numbers are noisy"
    done
    echo "disturbed $others" > "$work/phase-$phase.txt"
}

wait_idle() {
    local deadline=$(( $(date +%s) + ${BENCH_IDLE_WAIT:-300} )) idle
    while :; do
        if other_build; then
            if [ "$(date +%s)" -ge "$deadline" ]; then
                say "a compiler is still running; measuring anyway"
                return 0
            fi
            say "a compiler is running (another build on this machine); waiting"
            sleep 10
            continue
        fi
        idle="$(cpu_ticks)"
        sleep 5
        idle=$(( 100 - $(busy_since "$idle") ))
        [ "$idle" -ge 90 ] && return 0
        if [ "$(date +%s)" -ge "$deadline" ]; then
            say "CPUs only ${idle}% idle; measuring anyway"
            return 0
        fi
        say "CPUs ${idle}% idle (something else is running); waiting"
    done
}

whole_processes() {
    say "hyperfine: whole processes"
    hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$work/hyperfine.json" \
        -n safegrid "$safegrid checklist validate $big" \
        -n xmllint "xmllint --noout --schema $schema $big" \
        -n "xmllint --stream" "xmllint --stream --noout --schema $schema $big" >&2
}
wait_idle
load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
echo "$load" > "$work/load-before.txt"
say "1-minute load average before timing: $load"
measure hyperfine whole_processes

wait_idle
say "peak RSS (/usr/bin/time -f %M), $rss_runs runs each"
: > "$work/rss.txt"
peak_rss() {  # LABEL COMMAND...: appends "LABEL KB" to rss.txt
    local label="$1"; shift
    /usr/bin/time -f %M -o "$work/rss.one" "$@" >/dev/null 2>&1 || die "$label failed while measuring RSS"
    echo "$label $(tail -1 "$work/rss.one")" >> "$work/rss.txt"
}
for _ in $(seq "$rss_runs"); do
    peak_rss safegrid "$safegrid" checklist validate "$big"
    peak_rss xmllint xmllint --noout --schema "$schema" "$big"
    peak_rss "xmllint --stream" xmllint --stream --noout --schema "$schema" "$big"
done
cat "$work/rss.txt" >&2

decode_mode() {
    local mode="$1"
    say "decode $mode: cold, 1 iteration x $cold processes"
    : > "$work/decode-$mode-cold.txt"
    for _ in $(seq "$cold"); do
        "$bench" decode "$mode" "$big" 1 | tee -a "$work/decode-$mode-cold.txt" | grep -v '^RESULT' >&2
    done
    say "decode $mode: warm, $warm iterations in one process"
    "$bench" decode "$mode" "$big" "$warm" | tee "$work/decode-$mode-warm.txt" | grep -v '^RESULT' >&2
}
for mode in safegrid xmldocument xmlcoder; do
    measure "decode-$mode" decode_mode "$mode"
done

cut -d' ' -f1 /proc/loadavg 2>/dev/null > "$work/load-after.txt" || true

python3 - "$work" "$bytes" "$runs" "$warmup" "$cold" "$warm" "$rss_runs" <<'EOF'
import json, os, platform, subprocess, sys
work, nbytes, runs, warmup, cold, warm, rss_runs = sys.argv[1:]
def sh(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
lscpu = "\n".join(l for l in sh("lscpu").splitlines() if not l.startswith(("Flags", "Vulnerability")))
field = {l.split(":", 1)[0].strip(): l.split(":", 1)[1].strip() for l in lscpu.splitlines() if ":" in l}
os_name = ""
if os.path.exists("/etc/os-release"):
    for l in open("/etc/os-release"):
        if l.startswith("PRETTY_NAME="):
            os_name = l.split("=", 1)[1].strip().strip('"')
mem = next((l.split()[1] for l in sh("free", "-h").splitlines() if l.startswith("Mem:")), "?")
swift = sh("swift", "--version").splitlines()
swift = next((l for l in swift if "Swift version" in l), swift[0] if swift else "?")
xmllint = subprocess.run(["xmllint", "--version"], capture_output=True, text=True)
xmllint = (xmllint.stderr or xmllint.stdout).splitlines()[0]
libxml = sh("pkg-config", "--modversion", "libxml-2.0") or "?"
dpkg = sh("dpkg-query", "-W", "-f=${Version}", "libxml2")
summary = (f"{field.get('CPU(s)', '?')} × {field.get('Model name', '?')}"
           f"{' (' + field['Hypervisor vendor'] + ' VM)' if 'Hypervisor vendor' in field else ''}, {mem} RAM · "
           f"{os_name} · Linux {platform.release()} · {swift} · libxml2 {libxml}"
           f"{' (Debian ' + dpkg + ')' if dpkg else ''}, {xmllint}")
machine = {"date": sh("date", "-u", "+%Y-%m-%d %H:%M UTC"), "summary": summary, "lscpu": lscpu,
           "free": sh("free", "-h"), "hyperfine": sh("hyperfine", "--version").replace("hyperfine ", "")}
json.dump(machine, open(os.path.join(work, "machine.json"), "w"))
json.dump({"bytes": int(nbytes), "runs": int(runs), "warmup": int(warmup), "cold": int(cold), "warm": int(warm),
           "rss_runs": int(rss_runs)}, open(os.path.join(work, "env.json"), "w"))
h = {r["command"]: r["median"] for r in json.load(open(os.path.join(work, "hyperfine.json")))["results"]}
open(os.path.join(work, "ratio.txt"), "w").write(f"{h['safegrid'] / h['xmllint']:.4f}\n")
EOF
ratio="$(cat "$work/ratio.txt")"
say "SafeGrid / xmllint (medians) = $ratio (target <= 1.0)"

if [ "$profile" = always ] || { [ "$profile" = auto ] && python3 -c "import sys; sys.exit(0 if float('$ratio') > 1.0 else 1)"; }; then
    command -v valgrind >/dev/null || die "valgrind not found (Debian: apt-get install valgrind); or BENCH_PROFILE=never"
    say "profiling safegrid checklist validate with callgrind (about a minute)"
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$work/callgrind.safegrid.out" \
        "$safegrid" checklist validate "$big" >/dev/null 2>"$work/callgrind.safegrid.log"
    python3 "$here/scripts/callgrind_summary.py" "$work"/callgrind.safegrid.out* 20 > "$work/profile.md"
    say "profiling the import path (checklist-bench decode safegrid big.xml 1) with callgrind"
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$work/callgrind.import.out" \
        "$bench" decode safegrid "$big" 1 >/dev/null 2>"$work/callgrind.import.log"
    python3 "$here/scripts/callgrind_summary.py" "$work"/callgrind.import.out* 12 > "$work/profile-import.md"
    say "counting xmllint's instructions with callgrind, for scale"
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
    tree="$(count xmllint --noout --schema "$schema" "$big")"
    stream="$(count xmllint --stream --noout --schema "$schema" "$big")"
    python3 -c 'import sys; print(f"`xmllint --noout --schema` executes {int(sys.argv[1]):,} instructions, `xmllint --stream --noout --schema` {int(sys.argv[2]):,}.")' \
        "$tree" "$stream" > "$work/xmllint-instructions.txt"
fi

python3 "$here/scripts/report.py" "$work" "$report"
