#!/usr/bin/env bash
# The members export of a running app, measured from outside: time, rows/s and the app's RSS growth while it runs.
#   bench/exports/measure.sh BASE_URL APP_PID ORG_ID [QUERY]
# Signs in as 党委管理员 `org` (password $BASTION_DEMO_PASSWORD, default Demo@2026pass) with the sign-in form, then downloads
# /Members?handler=Export&org=ORG_ID[&QUERY] with curl while sampling /proc/APP_PID/status (VmRSS every 50 ms, and VmHWM
# before and after). The rows are counted in the downloaded file itself (the <row> elements of the sheet, less the header).
# APP_PID is the application process (with `dotnet run` it is the child: ss -ltnp | grep :PORT).
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
RSS0=$(kb VmRSS); HWM0=$(kb VmHWM)
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
HWM1=$(kb VmHWM); RSS1=$(kb VmRSS)
ROWS=$(( $(unzip -p "$OUT" xl/worksheets/sheet1.xml | { grep -oE '<([a-z]+:)?row[ >/]' || true; } | wc -l) - 1 ))
echo "answer: HTTP $CODE, $SIZE bytes, first byte after ${TTFB} s, total ${TOTAL} s, $ROWS rows"
awk -v rows="$ROWS" -v t="$TOTAL" -v r0="$RSS0" -v peak="$PEAK" -v h0="$HWM0" -v h1="$HWM1" -v r1="$RSS1" 'BEGIN {
  printf "RESULT rows=%d seconds=%.2f rows_per_s=%.0f rss_before_mb=%.0f rss_peak_mb=%.0f rss_growth_mb=%.0f hwm_growth_mb=%.0f rss_after_mb=%.0f\n",
    rows, t, rows / t, r0 / 1024, peak / 1024, (peak - r0) / 1024, (h1 - h0) / 1024, r1 / 1024 }'
echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
