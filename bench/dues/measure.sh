#!/usr/bin/env bash
# The dues monthly cycle at scale (issue 14 "Scale"): starting a month for the 1M-member synthetic tenant (target < 30 s)
# and a branch's month page (target < 100 ms), measured against a running app over the synthetic cluster.
#   bench/dues/measure.sh BASE_URL ROOT_ORG_ID [MONTH]
# Needs BENCH_PGDATA (the cluster's data folder, e.g. /tmp/exports-bench/pg; started as in bench/README.md "Streaming
# exports") and the account `org` granted OrgAdmin on the synthetic root (the same grant as the exports bench).
# Steps:
#   1. seeds, once, what the synthetic tenant lacks: the national rate tables, a dues category (在职) and a 2026 base
#      (2,000–15,000 元, deterministic by member id) for every member (INSERT … SELECT, ON CONFLICT DO NOTHING);
#   2. creates MONTH (default 2027-01) through the API and times POST /api/v1/dues/months/{id}/start (the snapshot:
#      one INSERT … SELECT from dues_assessment over every member), printing the rows snapshotted;
#   3. picks the largest branch and times GET /Dues/Months/Branch/{id} and GET /api/v1/dues/branches/{id}/month with
#      wrk (2 threads, 4 connections, 20 s; latency percentiles), signed in with the cookie.
# Do not run while the machine's load average is above 8: the times would measure the other sessions.
set -euo pipefail
BASE=${1:?base url}; ROOT=${2:?root organization id}; MONTH=${3:-2027-01}
: "${BENCH_PGDATA:?set BENCH_PGDATA to the cluster data folder}"
PASSWORD=${BASTION_DEMO_PASSWORD:-Demo@2026pass}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "host=$BENCH_PGDATA user=postgres dbname=bastion")
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
JAR=$WORK/jar
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"

"${PSQL[@]}" <<'SQL'
INSERT INTO dues_rate_tables (category, version, kind, fixed_amount, min_amount, max_amount, rounding, effective_from, state, created_at, activated_at)
SELECT c, 1, k, f, lo, hi, '分', DATE '2026-01-01', '启用', now(), now()
FROM (VALUES ('在职','公式',NULL::numeric,NULL::numeric,NULL::numeric), ('年薪制','公式',NULL,NULL,NULL), ('个体','公式',NULL,NULL,NULL),
             ('离退休','公式',NULL,NULL,NULL), ('学生','统一标准',0.20,NULL,NULL), ('下岗失业','统一标准',0.20,NULL,NULL),
             ('抚恤救济','统一标准',0.20,NULL,NULL), ('低保','统一标准',0.20,NULL,NULL), ('农民','基层党委设定',0.20,0.20,1.00)) v(c, k, f, lo, hi)
WHERE NOT EXISTS (SELECT 1 FROM dues_rate_tables);
INSERT INTO dues_rate_brackets (table_id, up_to, rate)
SELECT t.id, b.up_to, b.rate FROM dues_rate_tables t
JOIN (VALUES ('在职',3000::numeric,0.005), ('在职',5000,0.01), ('在职',10000,0.015), ('在职',NULL,0.02)) b(c, up_to, rate) ON b.c = t.category
WHERE NOT EXISTS (SELECT 1 FROM dues_rate_brackets WHERE table_id = t.id);
INSERT INTO dues_profiles (member_id, category, updated_at) SELECT id, '在职', now() FROM members ON CONFLICT DO NOTHING;
INSERT INTO dues_bases (member_id, year, from_month, pay, tax_withheld, insurance, housing_fund, insurance_deducted, base, source, created_at)
SELECT id, 2026, 1, 2000 + (id % 13000), 0, 0, 0, false, 2000 + (id % 13000), '手工', now() FROM members
ON CONFLICT DO NOTHING;
ANALYZE dues_profiles; ANALYZE dues_bases;
SQL
echo "members with a base: $("${PSQL[@]}" -tAc 'SELECT count(*) FROM dues_bases')"

TOKEN_FIELD=$(curl -fsS -c "$JAR" "$BASE/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null -X POST "$BASE/Account/Login" \
  --data-urlencode "UserName=org" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$TOKEN_FIELD"
BEARER=$(curl -fsS -H 'Content-Type: application/json' -d "{\"userName\":\"org\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
AUTH=(-H "Authorization: Bearer $BEARER" -H 'Content-Type: application/json')

MONTH_ID=$(curl -fsS "${AUTH[@]}" -d "{\"month\":\"$MONTH\"}" "$BASE/api/v1/dues/months?org=$ROOT" | sed 's/^{"id":\([0-9]*\).*/\1/')
echo "month $MONTH id $MONTH_ID; starting (snapshot)…"
curl -sS "${AUTH[@]}" -X POST -o "$WORK/start" -w '%{http_code} %{time_total}\n' "$BASE/api/v1/dues/months/$MONTH_ID/start" > "$WORK/curl"
read -r CODE TOTAL < "$WORK/curl"
echo "start: HTTP $CODE in ${TOTAL} s: $(cat "$WORK/start")"
echo "RESULT start_seconds=$TOTAL rows=$("${PSQL[@]}" -tAc "SELECT count(*) FROM dues_entries WHERE month_id = $MONTH_ID") target_s=30"

BRANCH=$("${PSQL[@]}" -tAc "SELECT org_id FROM dues_entries WHERE month_id = $MONTH_ID GROUP BY org_id ORDER BY count(*) DESC LIMIT 1")
echo "largest branch $BRANCH: $("${PSQL[@]}" -tAc "SELECT count(*) FROM dues_entries WHERE month_id = $MONTH_ID AND org_id = $BRANCH") members"
COOKIE=$(awk '$6 ~ /^\.AspNetCore|^bastion|^\.Bastion/ { printf "%s=%s; ", $6, $7 }' "$JAR")
for url in "/Dues/Months/Branch/$BRANCH" "/api/v1/dues/branches/$BRANCH/month"; do
  [ "$(curl -s -b "$JAR" -H "Authorization: Bearer $BEARER" -o /dev/null -w '%{http_code}' "$BASE$url")" = 200 ] || { echo "$url does not answer 200"; exit 2; }
  echo "wrk $url"
  if [[ $url == /api/* ]]; then wrk -t2 -c4 -d20s --latency -H "Authorization: Bearer $BEARER" "$BASE$url"
  else wrk -t2 -c4 -d20s --latency -H "Cookie: $COOKIE" "$BASE$url"; fi
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) (target: branch month page < 100 ms)"
