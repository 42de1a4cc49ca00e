#!/usr/bin/env bash
# The dues monthly cycle at scale (issue 14 "Scale"): starting a month for the 1M-member synthetic tenant (target < 30 s)
# and a branch's month page (target < 100 ms), measured against a running app over the synthetic cluster.
#   bench/dues/measure.sh BASE_URL ROOT_ORG_ID [MONTH]
# Needs BENCH_PGDATA (the cluster's data folder, e.g. /tmp/exports-bench/pg; app started as in bench/README.md "Dues
# monthly cycle") and the account `org` granted OrgAdmin on the synthetic root (the same grant as the exports bench).
# Optional: APP_LOG (the app's log, started with --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information:
# the server's own time for the start request is read from it), BIG_BRANCH=N (once: moves whole sibling branches' members
# into the root's first branch until it has N members — a large branch; it changes the synthetic tenant), WRK_SECONDS (20).
# Steps:
#   1. seeds, once, what the synthetic tenant lacks: the national rate tables (drafts, brackets, then 启用 — brackets of
#      an enabled version are frozen by a trigger), a dues category (在职) and a 2026 base (2,000–14,999 元, by member id)
#      for every member (INSERT … SELECT, ON CONFLICT DO NOTHING);
#   2. bench shortcut: an earlier month of the root still 启动缴费 is marked 已结算 by SQL (its 49,900 branch reports are
#      not simulated), so consecutive months can be started (2027-01, then 2027-02 … with the earlier months' rows in
#      the table, as in production); MONTH must not exist yet, or still be 创建 (a start that failed: started again);
#   3. creates MONTH through the API and times POST /api/v1/dues/months/{id}/start (the snapshot: one INSERT … SELECT
#      from dues_assessment over every member), printing the rows snapshotted;
#   4. times GET /Dues/Months/Branch/{id} (HTML, cookie) and GET /api/v1/dues/branches/{id}/month (API, bearer) with
#      wrk, one client (-t1 -c1, latency percentiles), for a typical branch (the median size) and the largest branch,
#      signed in as the branch's collector (BRANCH_USER, default the demo account secretary, granted 支部书记 on both).
# The load average is printed before each figure: on the shared 2-core machine it says what else ran.
set -euo pipefail
BASE=${1:?base url}; ROOT=${2:?root organization id}; MONTH=${3:-2027-01}
: "${BENCH_PGDATA:?set BENCH_PGDATA to the cluster data folder}"
cd "$(dirname "$0")/../.."    # wrk's lua scripts load bench/wrk/counts.lua relative to the repository root
PASSWORD=${BASTION_DEMO_PASSWORD:-Demo@2026pass}
SECONDS_WRK=${WRK_SECONDS:-20}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "host=$BENCH_PGDATA user=postgres dbname=bastion")
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
JAR=$WORK/jar
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }
# CPU seconds (user + system) of the cluster's processes (postmaster's children): robust against the other sessions' load
pg_cpu() { local pm; pm=$(head -1 "$BENCH_PGDATA/postmaster.pid"); for c in $(pgrep -P "$pm"); do cat "/proc/$c/stat" 2>/dev/null; done | awk '{ t += $14 + $15 } END { printf "%.2f", t / 100 }'; }
load

"${PSQL[@]}" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM dues_rate_tables) THEN
    INSERT INTO dues_rate_tables (category, version, kind, fixed_amount, min_amount, max_amount, rounding, effective_from, state, created_at)
    SELECT c, 1, k, f, lo, hi, '分', DATE '2026-01-01', '未启用', now()
    FROM (VALUES ('在职','公式',NULL::numeric,NULL::numeric,NULL::numeric), ('年薪制','公式',NULL,NULL,NULL), ('个体','公式',NULL,NULL,NULL),
                 ('离退休','公式',NULL,NULL,NULL), ('学生','统一标准',0.20,NULL,NULL), ('下岗失业','统一标准',0.20,NULL,NULL),
                 ('抚恤救济','统一标准',0.20,NULL,NULL), ('低保','统一标准',0.20,NULL,NULL), ('农民','基层党委设定',0.20,0.20,1.00)) v(c, k, f, lo, hi);
    INSERT INTO dues_rate_brackets (table_id, up_to, rate)
    SELECT t.id, b.up_to, b.rate FROM dues_rate_tables t
    JOIN (VALUES (3000::numeric, 0.005::numeric), (5000, 0.01), (10000, 0.015), (NULL, 0.02)) b(up_to, rate) ON true
    WHERE t.kind = '公式' AND t.category <> '离退休';
    INSERT INTO dues_rate_brackets (table_id, up_to, rate)
    SELECT t.id, b.up_to, b.rate FROM dues_rate_tables t
    JOIN (VALUES (5000::numeric, 0.005::numeric), (NULL, 0.01)) b(up_to, rate) ON true
    WHERE t.category = '离退休';
    UPDATE dues_rate_tables SET state = '启用', activated_at = now();
  END IF;
END $$;
INSERT INTO dues_profiles (member_id, category, updated_at) SELECT id, '在职', now() FROM members ON CONFLICT DO NOTHING;
INSERT INTO dues_bases (member_id, year, from_month, pay, tax_withheld, insurance, housing_fund, insurance_deducted, base, source, created_at)
SELECT id, 2026, 1, 2000 + (id % 13000), 0, 0, 0, false, 2000 + (id % 13000), '手工', now() FROM members
ON CONFLICT DO NOTHING;
ANALYZE dues_rate_tables; ANALYZE dues_rate_brackets; ANALYZE dues_profiles; ANALYZE dues_bases;
SQL
echo "members with a category: $("${PSQL[@]}" -tAc 'SELECT count(*) FROM dues_profiles'), with a base: $("${PSQL[@]}" -tAc 'SELECT count(*) FROM dues_bases')"

if [ -n "${BIG_BRANCH:-}" ]; then
  "${PSQL[@]}" -v root="$ROOT" -v big="$BIG_BRANCH" <<'SQL'
WITH branches AS (
  SELECT o.id, row_number() OVER (ORDER BY o.id) AS n FROM organizations o
  WHERE o.type = '党支部' AND o.path <@ (SELECT path FROM organizations WHERE id = :root)
), first AS (SELECT id FROM branches WHERE n = 1),
sizes AS (SELECT b.id, b.n, (SELECT count(*) FROM members m WHERE m.org_id = b.id) AS size FROM branches b WHERE b.n <= 200),
moved AS (   -- whole branches, in id order, until the first branch holds :big members
  SELECT id FROM (SELECT id, n, size, sum(size) OVER (ORDER BY n) AS total FROM sizes) s
  WHERE n > 1 AND total - size < :big     -- the members gathered before this branch are still too few
)
UPDATE members SET org_id = (SELECT id FROM first) WHERE org_id IN (SELECT id FROM moved);
ANALYZE members;
SQL
fi

# bench shortcut: an earlier month still collecting is settled by SQL (see step 2 above)
"${PSQL[@]}" -c "UPDATE dues_months SET state = '已结算', settled_at = now(), settled_by = 'bench' WHERE org_id = $ROOT AND state = '启动缴费' AND month < DATE '$MONTH-01'"
# a month left in 创建 (e.g. by a start that failed) is started again; a month already started is not
MONTH_ID=$("${PSQL[@]}" -tAc "SELECT id FROM dues_months WHERE org_id = $ROOT AND month = DATE '$MONTH-01' AND state = '创建'")
if [ -z "$MONTH_ID" ] && [ "$("${PSQL[@]}" -tAc "SELECT count(*) FROM dues_months WHERE org_id = $ROOT AND month >= DATE '$MONTH-01'")" != 0 ]; then
  echo "$MONTH (or a later month) already exists for organization $ROOT: pass a later month"; exit 2
fi
echo "dues_entries before: $("${PSQL[@]}" -tAc 'SELECT count(*) FROM dues_entries') rows"

TOKEN_FIELD=$(curl -fsS -c "$JAR" "$BASE/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null -X POST "$BASE/Account/Login" \
  --data-urlencode "UserName=org" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$TOKEN_FIELD"
[ "$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' "$BASE/")" = 200 ] || { echo "sign-in as org failed"; exit 2; }
BEARER=$(curl -fsS -H 'Content-Type: application/json' -d "{\"userName\":\"org\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
AUTH=(-H "Authorization: Bearer $BEARER" -H 'Content-Type: application/json')

[ -n "$MONTH_ID" ] || MONTH_ID=$(curl -fsS "${AUTH[@]}" -d "{\"month\":\"$MONTH\"}" "$BASE/api/v1/dues/months?org=$ROOT" | sed 's/^{"id":\([0-9]*\).*/\1/')
echo "month $MONTH id $MONTH_ID; starting (snapshot)…"
load
LOG_FROM=$( [ -n "${APP_LOG:-}" ] && wc -l < "$APP_LOG" || echo 0)
CPU0=$(pg_cpu)
curl -sS "${AUTH[@]}" -X POST -o "$WORK/start" -w '%{http_code} %{time_total}\n' "$BASE/api/v1/dues/months/$MONTH_ID/start" > "$WORK/curl"
read -r CODE TOTAL < "$WORK/curl"
CPU1=$(pg_cpu)
echo "start: HTTP $CODE in ${TOTAL} s (wall, curl): $(head -c 300 "$WORK/start")"
[ "$CODE" = 200 ] || exit 1
SERVER=-
if [ -n "${APP_LOG:-}" ]; then
  sleep 1
  SERVER=$(tail -n +"$((LOG_FROM + 1))" "$APP_LOG" | grep "Request finished .*POST $BASE/api/v1/dues/months/$MONTH_ID/start " | grep -o '[0-9.]*ms$' | tail -1)
fi
echo "RESULT start month=$MONTH wall_s=$TOTAL server=$SERVER postgres_cpu_s=$(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN { printf "%.2f", b - a }') rows=$("${PSQL[@]}" -tAc "SELECT count(*) FROM dues_entries WHERE month_id = $MONTH_ID") table_rows=$("${PSQL[@]}" -tAc 'SELECT count(*) FROM dues_entries') target_s=30"
load
"${PSQL[@]}" -c "ANALYZE dues_entries"   # as autovacuum would soon after a 1M-row insert

SIZES=$("${PSQL[@]}" -tA -F' ' -c "SELECT org_id, count(*) FROM dues_entries WHERE month_id = $MONTH_ID GROUP BY org_id ORDER BY count(*) DESC, org_id")
LARGEST=$(head -1 <<<"$SIZES"); TYPICAL=$(sed -n "$(( ($(wc -l <<<"$SIZES") + 1) / 2 ))p" <<<"$SIZES")
# The page is measured as the branch's own collector (the demo account `secretary`, granted 支部书记 on both branches
# here): as `org`, OrgAdmin of the whole tenant, every page's layout lists the 50,011 organizations in the organization
# switcher (4.5 MB of <option>s) — one request of that is timed for the record.
USER2=${BRANCH_USER:-secretary}
for b in "${TYPICAL%% *}" "${LARGEST%% *}"; do
  "${PSQL[@]}" -c "INSERT INTO role_grants (user_id, role, org_id, granted_at) SELECT id, 'BranchSecretary', $b, now() FROM users u WHERE user_name = '$USER2' AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'BranchSecretary' AND g.org_id = $b)"
done
JAR2=$WORK/jar2
TOKEN_FIELD=$(curl -fsS -c "$JAR2" "$BASE/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fsS -b "$JAR2" -c "$JAR2" -o /dev/null -X POST "$BASE/Account/Login" \
  --data-urlencode "UserName=$USER2" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$TOKEN_FIELD"
BEARER2=$(curl -fsS -H 'Content-Type: application/json' -d "{\"userName\":\"$USER2\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
COOKIE=$(awk '$6 == "bastion.auth" { printf "%s=%s", $6, $7 }' "$JAR2")
curl -s -b "$JAR" -o /dev/null -w "as org (whole tenant): /Dues/Months/Branch/${TYPICAL%% *}: HTTP %{http_code}, %{size_download} bytes in %{time_total} s\n" "$BASE/Dues/Months/Branch/${TYPICAL%% *}"
for which in typical largest; do
  read -r BRANCH COUNT <<<"$([ $which = typical ] && echo "$TYPICAL" || echo "$LARGEST")"
  for url in "/Dues/Months/Branch/$BRANCH" "/api/v1/dues/branches/$BRANCH/month"; do
    [ "$(curl -s -b "$JAR2" -H "Authorization: Bearer $BEARER2" -o /dev/null -w '%{http_code}' "$BASE$url")" = 200 ] || { echo "$url does not answer 200"; exit 2; }
    curl -s -b "$JAR2" -H "Authorization: Bearer $BEARER2" -o /dev/null -w "$which branch $BRANCH ($COUNT members) $url as $USER2: %{size_download} bytes\n" "$BASE$url"
    load
    if [[ $url == /api/* ]]; then TOKEN=$BEARER2 wrk -t1 -c1 -d"${SECONDS_WRK}s" --latency -s bench/wrk/bearer.lua "$BASE$url"
    else COOKIE=$COOKIE wrk -t1 -c1 -d"${SECONDS_WRK}s" --latency -s bench/wrk/cookie.lua "$BASE$url"; fi | grep -E '50%|90%|99%|RESULT'
  done
done
load
echo "(targets: start < 30 s; branch month page < 100 ms)"
