#!/usr/bin/env bash
# The web app under load (issue 15): builds in release, ingests a station of 1,000,000 hazards
# (50,000 venues, 500 grids) through the engine's API (`engine-bench station`), adds an
# administrator and a grid worker, serves the store (`safegrid serve`, release) and points wrk at
# the dashboard on loopback: 50 connections, 60 s, the same page each time (the report by grid,
# a fixed cut-off), once for the administrator (the whole station) and once for the grid worker
# (one grid). Reports requests/s, p50 and p99 latency, errors (socket errors and non-2xx
# answers) and the server's peak memory (VmHWM), and rewrites the "Web app" part of
# BENCHMARKS.md. Target: p99 under 500 ms, no errors. SIZES="20000" runs a small size only;
# DURATION=10 shortens each run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000000"}
duration=${DURATION:-60}
command -v wrk >/dev/null || { echo "run-web-bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
source "$root/Benchmarks/scripts/engine-stores.sh"
export SAFEGRID_BCRYPT_COST=4
password=benchmark-password

# Logs in through the form with curl; prints the session cookie's value.
login() {
  local base=$1 name=$2 jar="$work/jar-$2"
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="login-token" value="\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login-token=$token" --data-urlencode "name=$name" \
    --data-urlencode "password=$password" "$base/login"
  awk '$6 == "safegrid_session" {print $7}' "$jar"
}

rows=""
for n in $sizes; do
  store="$work/station$n.sqlite"
  "$bench" station "$store" "$n" >/dev/null
  printf '%s\n' "$password" | "$safegrid" user add admin --role admin --password-stdin --store "$store" 2>/dev/null
  printf '%s\n' "$password" | "$safegrid" user add worker --role grid-worker --scope G0 --password-stdin --store "$store" 2>/dev/null
  "$safegrid" serve --listen 127.0.0.1:0 --store "$store" 2>"$work/serve.log" &
  server=$!
  base=""
  for _ in $(seq 1 300); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -1 || true)
    [ -n "$base" ] && break
    sleep 0.1
  done
  [ -n "$base" ] || { cat "$work/serve.log" >&2; exit 1; }
  page="/dashboard?by=grid&as-of=2026-06-30T23:00:00%2B08:00"
  size_rows=""
  for user in admin worker; do
    cookie=$(login "$base" "$user")
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: safegrid_session=$cookie" "$base$page")
    [ "$status" = 200 ] || { echo "run-web-bench: the dashboard answered $status for $user" >&2; exit 1; }
    wrk -t2 -c50 -d"${duration}s" --latency -H "Cookie: safegrid_session=$cookie" "$base$page" >"$work/wrk.txt"
    requests=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
    total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$work/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
    size_rows="$size_rows| $n | $user | $total | $requests | $p50 | $p99 | ${socket:-0} socket, ${non2xx:-0} non-2xx | PEAK |\n"
  done
  peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
  kill -TERM "$server"
  wait "$server" || true
  rows="$rows${size_rows//PEAK/$peak}"
  rm -f "$store"*
done

machine=$(machine_description)
section=$(cat <<EOT
<!-- web-bench:begin -->

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`Benchmarks/run-web-bench.sh\` (release builds) on: $machine; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); 1-minute load average $(cut -d' ' -f1 /proc/loadavg) at the end.

One station (\`engine-bench station\`: 50,000 venues, 500 grids, 50 police grids), served by \`safegrid serve\` on loopback; wrk with 2 threads and 50 connections for ${duration} s against the dashboard by grid at a fixed cut-off (the report, the 8-week trend, the venues' colours, the overdue list), logged in as the administrator (the whole station) and as a grid worker (one grid). A page already computed is served from the dashboard's cache until the store changes. Target: p99 under 500 ms, no errors.

| hazards | user | requests | requests/s | p50 | p99 | errors | server peak RSS MiB |
|---:|---|---:|---:|---:|---:|---|---:|
$(printf "$rows")
<!-- web-bench:end -->
EOT
)
python3 "$root/Benchmarks/scripts/write_section.py" "$root/BENCHMARKS.md" web-bench "Web app" Benchmarks/run-web-bench.sh "$section"
echo "$section"
