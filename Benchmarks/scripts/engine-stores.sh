# Sourced by run-engine-bench.sh and run-export-bench.sh, with $root set to the repository:
# release builds of safegrid and engine-bench, a work folder removed on exit, the store sizes,
# the clock, and the machine's description for BENCHMARKS.md.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=${SIZES:-"100000 1000000"}

swift build -c release --product safegrid --package-path "$root" --scratch-path "$root/.build-bench" >/dev/null
swift build -c release --package-path "$root/Benchmarks" --product engine-bench >/dev/null
bench="$root/Benchmarks/.build/release/engine-bench"
safegrid="$root/.build-bench/release/safegrid"
# "Now" is after the last event the ingest recorded (its clock stops at 2026-06-30 23:00).
export SAFEGRID_NOW=2026-06-30T23:30:00+08:00 LANG=C.UTF-8

machine_description() {
  echo "$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM · $(. /etc/os-release; echo "$PRETTY_NAME") · $(swift --version 2>&1 | head -1) · SQLite $(sqlite3 --version | cut -d' ' -f1)"
}
