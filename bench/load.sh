#!/usr/bin/env bash
# Issue 12 item 2: the dashboard and the member-list API under 100 connections, each measured beside /health/ready
# in the same run, on the demo started in Production as ./bastion demo starts it.
#
#   bench/load.sh [DURATION] [--strict]       e.g. bench/load.sh 60s   (CI: bench/load.sh 5s)
#
# Environment: BENCH_PORT (5093), BENCH_DATA (/tmp/bastion-load-pg; deleted first unless BENCH_KEEP_DATA=1),
# BENCH_CONNECTIONS (100 on the endpoint and 100 on /health/ready), BENCH_THREADS (2 per wrk), BENCH_NO_BUILD=1.
# Prints one RESULT line per wrk, the ratios, the largest RSS of the app sampled every second and the load average.
# Exit 1 on any non-2xx answer or socket error; with --strict also when a ratio or the memory target is missed
# (dashboard >= 0.2 x health, member list >= 0.3 x health, RSS < 600 MB).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-60s}"
STRICT=0; [ "${2:-}" = "--strict" ] && STRICT=1
PORT="${BENCH_PORT:-5093}"
DATA="${BENCH_DATA:-/tmp/bastion-load-pg}"
CONN="${BENCH_CONNECTIONS:-100}"
THREADS="${BENCH_THREADS:-2}"
PASSWORD='Demo@2026pass'
BASE="http://127.0.0.1:$PORT"
OUT="$(mktemp -d /tmp/bastion-load.XXXXXX)"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

if [ "${BENCH_NO_BUILD:-}" != 1 ]; then dotnet build src/Bastion -c Release -nologo -v q -clp:ErrorsOnly; fi
[ "${BENCH_KEEP_DATA:-}" = 1 ] || rm -rf "$DATA"

# as ./bastion demo: Production (no launch profile), the 256 MB gen-0 budget
DOTNET_GCgen0size=0x10000000 BASTION_DEMO_PASSWORD="$PASSWORD" ASPNETCORE_ENVIRONMENT=Production \
  dotnet run --project src/Bastion -c Release --no-build --no-launch-profile -- --demo --Urls="$BASE" \
  --Bastion:DataFolder="$DATA" >"$OUT/app.log" 2>&1 &
RUNNER=$!
APP=""
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
  kill "$RUNNER" 2>/dev/null || true
  wait "$RUNNER" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 300); do
  curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break
  kill -0 "$RUNNER" 2>/dev/null || { cat "$OUT/app.log"; echo "the application stopped"; exit 2; }
  sleep 1
done
curl -fsS "$BASE/health/ready" >/dev/null || { tail -50 "$OUT/app.log"; echo "not ready"; exit 2; }
APP="$(pgrep -P "$RUNNER" -f 'Bastion' | head -1 || true)"   # the app under dotnet run
[ -n "$APP" ] || APP="$RUNNER"

# the dashboard with a cookie of 党委管理员 org (the sign-in form and its antiforgery token)
JAR="$OUT/jar"
TOKEN_FIELD=$(curl -fsS -c "$JAR" "$BASE/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null -X POST "$BASE/Account/Login" \
  --data-urlencode "UserName=org" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$TOKEN_FIELD"
COOKIE="bastion.auth=$(awk '$6 == "bastion.auth" { print $7 }' "$JAR")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/")" = 200 ] || { echo "sign-in as org failed"; exit 2; }
# the member list with a bearer token of the same account
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d "{\"userName\":\"org\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/tokens" \
  | sed 's/.*"token":"\([^"]*\)".*/\1/')
MEMBERS="$BASE/api/v1/members?page=1&pageSize=20"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$MEMBERS")" = 200 ] || { echo "token for org failed"; exit 2; }
export COOKIE TOKEN

# warm up (JIT, caches, pool) for a few seconds on each
wrk -t1 -c4 -d3s -s bench/wrk/cookie.lua "$BASE/" >/dev/null
wrk -t1 -c4 -d3s -s bench/wrk/bearer.lua "$MEMBERS" >/dev/null
wrk -t1 -c4 -d3s -s bench/wrk/health.lua "$BASE/health/ready" >/dev/null

rss_sampler() { # largest RSS (kB) of the app while the run lasts
  local max=0 r
  while kill -0 "$APP" 2>/dev/null && [ ! -e "$OUT/stop" ]; do
    r=$(ps -o rss= -p "$APP" | tr -d ' '); [ -n "$r" ] && [ "$r" -gt "$max" ] && max=$r
    echo "$max" >"$OUT/rss.$1"; sleep 1
  done
}

pair() { # name script url
  rm -f "$OUT/stop"
  rss_sampler "$1" &
  local sampler=$!
  local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  wrk -t"$THREADS" -c"$CONN" -d"$DURATION" --timeout 10s -s "bench/wrk/$2" "$3" >"$OUT/$1.txt" 2>&1 &
  local a=$!
  wrk -t"$THREADS" -c"$CONN" -d"$DURATION" --timeout 10s -s bench/wrk/health.lua "$BASE/health/ready" >"$OUT/$1-health.txt" 2>&1 &
  local b=$!
  wait "$a" "$b"
  touch "$OUT/stop"; wait "$sampler" 2>/dev/null || true
  echo "$1: load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/$1.load"
}

pair dashboard cookie.lua "$BASE/"
pair members bearer.lua "$MEMBERS"

fail=0
field() { grep -o "RESULT.*" "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
report() { # name target
  local e="$OUT/$1.txt" h="$OUT/$1-health.txt"
  local re rh ratio errs rss
  re=$(field "$e" rps); rh=$(field "$h" rps)
  ratio=$(awk -v a="$re" -v b="$rh" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  rss=$(( $(cat "$OUT/rss.$1" 2>/dev/null || echo 0) / 1024 ))
  echo "== $1 ($DURATION, $CONN + $CONN connections, $THREADS + $THREADS wrk threads)"
  echo "   endpoint: $(grep -o 'RESULT.*' "$e" | cut -d' ' -f2-)"
  echo "   health:   $(grep -o 'RESULT.*' "$h" | cut -d' ' -f2-)"
  echo "   ratio $ratio (target >= $2), app RSS max ${rss} MB (target < 600), $(cut -d: -f2- "$OUT/$1.load")"
  for f in "$e" "$h"; do
    errs=$(( $(field "$f" non2xx) + $(field "$f" connect) + $(field "$f" read) + $(field "$f" write) + $(field "$f" timeout) ))
    [ "$errs" -eq 0 ] || { echo "   FAIL: $errs non-2xx answers or socket errors in $(basename "$f")"; fail=1; }
  done
  if awk -v r="$ratio" -v t="$2" 'BEGIN { exit !(r < t) }' || [ "$rss" -ge 600 ]; then
    echo "   target missed"
    if [ "$STRICT" = 1 ]; then fail=1; fi
  fi
  return 0
}
report dashboard 0.2
report members 0.3
echo "(raw output: $OUT)"
exit "$fail"
