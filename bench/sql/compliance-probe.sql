-- The raw aggregation a compliance rollup needs, straight from the meetings table (no summary table):
-- valid held meetings (已召开 and quorum met) per branch and type for 2026Q3, for every branch under the root,
-- located by the organizations' ltree path. Run against the generated database:
--   psql "host=/work/bench-data/pg user=postgres dbname=bastion" -v root=<root id> -v branch=<branch id> -f bench/sql/compliance-probe.sql
-- Types are bits of meetings.kinds: 1 支部党员大会, 2 支部委员会, 4 党小组会, 8 党课, 16 主题党日, 32 组织生活会, 64 民主评议党员.
\timing on

-- 1. per branch and type, the whole subtree (what the root's rollup reads)
EXPLAIN (ANALYZE, BUFFERS)
SELECT m.org_id,
       count(*) FILTER (WHERE m.kinds & 1 <> 0)  AS general_meeting,
       count(*) FILTER (WHERE m.kinds & 2 <> 0)  AS committee,
       count(*) FILTER (WHERE m.kinds & 4 <> 0)  AS group_meeting,
       count(*) FILTER (WHERE m.kinds & 8 <> 0)  AS lecture,
       count(*) FILTER (WHERE m.kinds & 16 <> 0) AS theme_day,
       count(*) FILTER (WHERE m.kinds & 32 <> 0) AS life_meeting,
       count(*) FILTER (WHERE m.kinds & 64 <> 0) AS review
FROM meetings m
JOIN organizations o ON o.id = m.org_id
WHERE o.path <@ (SELECT path FROM organizations WHERE id = :root)
  AND m.held_at >= '2026-07-01 00:00+08' AND m.held_at < '2026-10-01 00:00+08'
  AND m.state = '已召开' AND m.quorum_met
GROUP BY m.org_id;

-- 1b. the same with the plan the planner should have chosen: it estimates ~500 organizations under the root
--     (the ltree <@ selectivity is a constant) instead of 50,011, so it picks 50,011 index scans of meetings; with
--     nested loops off it reads the quarter from ix_meetings_held_at (index-only, it INCLUDEs org_id, kinds, state,
--     quorum_met) and hash-joins the subtree
BEGIN;
SET LOCAL enable_nestloop = off;
EXPLAIN (ANALYZE, BUFFERS)
SELECT m.org_id,
       count(*) FILTER (WHERE m.kinds & 1 <> 0)  AS general_meeting,
       count(*) FILTER (WHERE m.kinds & 2 <> 0)  AS committee,
       count(*) FILTER (WHERE m.kinds & 4 <> 0)  AS group_meeting,
       count(*) FILTER (WHERE m.kinds & 8 <> 0)  AS lecture,
       count(*) FILTER (WHERE m.kinds & 16 <> 0) AS theme_day,
       count(*) FILTER (WHERE m.kinds & 32 <> 0) AS life_meeting,
       count(*) FILTER (WHERE m.kinds & 64 <> 0) AS review
FROM meetings m
JOIN organizations o ON o.id = m.org_id
WHERE o.path <@ (SELECT path FROM organizations WHERE id = :root)
  AND m.held_at >= '2026-07-01 00:00+08' AND m.held_at < '2026-10-01 00:00+08'
  AND m.state = '已召开' AND m.quorum_met
GROUP BY m.org_id;
COMMIT;

-- 2. what a rule engine really needs for monthly types: per branch, month and type, then per branch whether the
--    quarter is complete (党员大会 ≥ 1, 党课 ≥ 1, 支委会 and 主题党日 in each of the 3 months), rolled up to the
--    root's children (branches, compliant) — the whole rollup in one statement
EXPLAIN (ANALYZE, BUFFERS)
WITH per_month AS (
    SELECT m.org_id, date_trunc('month', m.held_at AT TIME ZONE 'Asia/Shanghai') AS month,
           bit_or(m.kinds) AS kinds
    FROM meetings m
    JOIN organizations o ON o.id = m.org_id
    WHERE o.path <@ (SELECT path FROM organizations WHERE id = :root)
      AND m.held_at >= '2026-07-01 00:00+08' AND m.held_at < '2026-10-01 00:00+08'
      AND m.state = '已召开' AND m.quorum_met
    GROUP BY 1, 2
), per_branch AS (
    SELECT org_id,
           bit_or(kinds) & 1 <> 0 AND bit_or(kinds) & 8 <> 0
           AND count(*) FILTER (WHERE kinds & 2 <> 0) = 3 AND count(*) FILTER (WHERE kinds & 16 <> 0) = 3 AS compliant
    FROM per_month GROUP BY org_id
)
SELECT c.id, c.name, count(b.id) AS branches, count(*) FILTER (WHERE pb.compliant) AS compliant
FROM organizations c
JOIN organizations b ON b.path <@ c.path AND b.type = '党支部'
LEFT JOIN per_branch pb ON pb.org_id = b.id
WHERE c.parent_id = :root
GROUP BY c.id, c.name
ORDER BY c.id;

-- 3. one branch: its meetings of the quarter (what a single-branch answer reads)
EXPLAIN (ANALYZE, BUFFERS)
SELECT date_trunc('month', m.held_at AT TIME ZONE 'Asia/Shanghai') AS month, m.kinds, m.state, m.quorum_met,
       m.expected, m.present
FROM meetings m
WHERE m.org_id = :branch
  AND m.held_at >= '2026-07-01 00:00+08' AND m.held_at < '2026-10-01 00:00+08'
ORDER BY m.held_at;
