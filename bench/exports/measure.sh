#!/usr/bin/env bash
# The members export of a running app, measured from outside: time, rows/s and the app's RSS growth while it runs.
#   bench/exports/measure.sh BASE_URL APP_PID ORG_ID [QUERY]
# Signs in as 党委管理员 `org` (password $BASTION_DEMO_PASSWORD, default Demo@2026pass) with the sign-in form, then downloads
# /Members?handler=Export&org=ORG_ID[&QUERY] with curl while sampling /proc/APP_PID/status (VmRSS every 50 ms, and VmHWM
# before and after). The rows are counted in the downloaded file itself (the <row> elements of the sheet, less the header).
# APP_PID is the application process (with `dotnet run` it is the child: ss -ltnp | grep :PORT). With BENCH_PGDATA set
# to the cluster's data folder, the CPU time of its PostgreSQL processes is reported too.
set -euo pipefail
BASE=${1:?base url}; PID=${2:?app pid}; ORG=${3:?organization id}; QUERY=${4:-}
PASSWORD=${BASTION_DEMO_PASSWORD:-Demo@2026pass}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
JAR=$WORK/jar; OUT=$WORK/export.xlsx

TOKEN_FIELD=$(curl -fsS -c "$JAR" "$BASE/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null -X POST "$BASE/Account/Login" \
  --data-urlencode "UserName=org" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$TOKEN_FIELD"
[ "$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' "$BASE/")" = 200 ] || { echo "sign-in as org failed"; exit 2; }

kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status"; }
# CPU time of the app (utime + stime, clock ticks) and of all PostgreSQL processes: on a shared machine the wall time
# depends on the others' load, CPU seconds much less
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# the PostgreSQL processes of the app's cluster: BENCH_PGDATA (its data folder) → the postmaster and its children
pg_ticks() {
  [ -n "${BENCH_PGDATA:-}" ] || { echo 0; return; }
  local main t=0 p; main=$(head -1 "$BENCH_PGDATA/postmaster.pid")
  for p in "$main" $(pgrep -P "$main"); do t=$((t + $(ticks "$p" 2>/dev/null || echo 0))); done; echo $t
}
HZ=$(getconf CLK_TCK)
RSS0=$(kb VmRSS); HWM0=$(kb VmHWM); CPU0=$(ticks "$PID"); PG0=$(pg_ticks)
echo "before: VmRSS ${RSS0} kB, VmHWM ${HWM0} kB, load average $(cut -d' ' -f1-3 /proc/loadavg)"

URL="$BASE/Members?handler=Export&org=$ORG${QUERY:+&$QUERY}"
curl -fsS -b "$JAR" -o "$OUT" -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' "$URL" > "$WORK/curl" &
CURL=$!
PEAK=$RSS0
while kill -0 "$CURL" 2>/dev/null; do
  R=$(kb VmRSS); [ "$R" -gt "$PEAK" ] && PEAK=$R
  sleep 0.05
done
wait "$CURL"
read -r CODE TTFB TOTAL SIZE < "$WORK/curl"
HWM1=$(kb VmHWM); RSS1=$(kb VmRSS); CPU1=$(ticks "$PID"); PG1=$(pg_ticks)
# one tag a line (the sheet is one long line), then count the row elements
ROWS=$(( $(unzip -p "$OUT" xl/worksheets/sheet1.xml | tr '>' '\n' | { grep -cE '^<([a-z]+:)?row( |/|$)' || true; }) - 1 ))
echo "answer: HTTP $CODE, $SIZE bytes, first byte after ${TTFB} s, total ${TOTAL} s, $ROWS rows"
awk -v rows="$ROWS" -v t="$TOTAL" -v r0="$RSS0" -v peak="$PEAK" -v h0="$HWM0" -v h1="$HWM1" -v r1="$RSS1" \
    -v cpu=$(( CPU1 - CPU0 )) -v pg=$(( PG1 - PG0 )) -v hz="$HZ" 'BEGIN {
  printf "RESULT rows=%d seconds=%.2f rows_per_s=%.0f app_cpu_s=%.2f rows_per_app_cpu_s=%.0f postgres_cpu_s=%.2f rss_before_mb=%.0f rss_peak_mb=%.0f rss_growth_mb=%.0f hwm_growth_mb=%.0f rss_after_mb=%.0f\n",
    rows, t, rows / t, cpu / hz, rows / (cpu / hz), pg / hz, r0 / 1024, peak / 1024, (peak - r0) / 1024, (h1 - h0) / 1024, r1 / 1024 }'
echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
