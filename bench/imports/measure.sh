#!/usr/bin/env bash
# The import limits against a running platform (issue 12 item 1): RSS of the app process before, at its peak during and
# after each crafted upload (sampled every 50 ms with ps), the answer's status and size.
# usage: bench/imports/measure.sh <url> <app pid> <folder made by craft.py>   (demo data: the account org, the root 党委)
set -euo pipefail
URL=$1; PID=$2; DIR=$3
TOKEN=$(curl -s -X POST "$URL/api/v1/tokens" -H 'Content-Type: application/json' \
  -d "{\"userName\":\"org\",\"password\":\"${BASTION_DEMO_PASSWORD:-Demo@2026pass}\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
ORG=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/organizations" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("items", d) if isinstance(d, dict) else d; print(min(d, key=lambda o: len(o.get("path", "")) or o["id"])["id"])')
echo "org $ORG"
for f in ${FILES:-xfd bomb bomb-lie rows errors}; do
  before=$(ps -o rss= -p "$PID")
  ( while kill -0 "$PID" 2>/dev/null; do ps -o rss= -p "$PID"; sleep 0.05; done ) > "/tmp/rss.$$" &
  sampler=$!
  start=$(date +%s.%N)
  code=$(curl -s -o "/tmp/answer.$$" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$DIR/$f.xlsx;type=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
    "$URL/api/v1/members/import?org=$ORG&dryRun=true")
  end=$(date +%s.%N)
  sleep 2; kill "$sampler"; wait "$sampler" 2>/dev/null || true
  after=$(ps -o rss= -p "$PID")
  peak=$(sort -n "/tmp/rss.$$" | tail -1)
  printf '%-9s %7d B  HTTP %s %6.1f s  answer %9d B  RSS before %5d MB, peak %5d MB (+%d), after %5d MB (+%d)  %s\n' \
    "$f" "$(stat -c %s "$DIR/$f.xlsx")" "$code" "$(echo "$end - $start" | bc)" "$(stat -c %s "/tmp/answer.$$")" \
    $((before / 1024)) $((peak / 1024)) $(((peak - before) / 1024)) $((after / 1024)) $(((after - before) / 1024)) \
    "$(head -c 160 "/tmp/answer.$$" | tr '\n' ' ')"
done
rm -f "/tmp/rss.$$" "/tmp/answer.$$"
