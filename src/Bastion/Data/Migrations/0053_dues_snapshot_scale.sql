-- Starting a dues month for the 1M-member tenant (issue 14 "Scale", bench/dues): the snapshot is one INSERT … SELECT
-- FROM dues_assessment over every member, and 0041's function probed three indexes per member (the category, the latest
-- base through a LATERAL … LIMIT 1, and per organization the nearest 农民 amount through a correlated subquery that the
-- planner costed at 44M for 50,000 organizations, which also switched JIT on). Same arithmetic and result, joinable:
-- - the latest base at or before the month is a join with "no later base at or before it" (an anti-join), so the planner
--   merges the (member_id, year, from_month) index in order for a whole tenant, and still probes it for one member;
-- - the 农民 amount of each organization comes from one join of the (few) unit settings with their subtrees, nearest first;
-- - the month's first day is an expression instead of a one-row CTE (the planner estimated a third of the members).
-- In the bench (998,579 members) the SELECT went from 4.9 to 3.2 s of backend CPU (see bench/README.md "Dues").
--
-- dues_entries' reduction_id and payment_id are NULL on every row the snapshot writes: their indexes (for the foreign
-- keys' RESTRICT checks, which look up a value, never NULL) keep only the rows that have one.

CREATE OR REPLACE FUNCTION dues_assessment(p_month date, p_scope ltree DEFAULT NULL)
RETURNS TABLE (member_id bigint, org_id bigint, branch_id bigint, category varchar, base numeric, rate numeric,
               amount numeric, table_id bigint, problem varchar)
LANGUAGE sql STABLE AS $$
WITH RECURSIVE chain AS (
    SELECT t.id FROM dues_rate_tables t WHERE t.state = '启用'
    UNION ALL
    SELECT p.id FROM dues_rate_tables p JOIN chain c ON p.replaced_by_id = c.id
),
tables AS (
    SELECT DISTINCT ON (t.category) t.id, t.category, t.kind, t.fixed_amount, t.rounding
    FROM dues_rate_tables t JOIN chain c ON c.id = t.id
    WHERE t.effective_from <= date_trunc('month', p_month)::date
    ORDER BY t.category, t.effective_from DESC, t.version DESC
),
brackets AS (
    SELECT b.table_id, lag(b.up_to) OVER (PARTITION BY b.table_id ORDER BY b.up_to NULLS LAST) AS above, b.up_to, b.rate
    FROM dues_rate_brackets b JOIN tables t ON t.id = b.table_id
),
farmer AS (
    SELECT DISTINCT ON (o.id) o.id AS org_id, s.farmer_amount AS amount
    FROM dues_unit_settings s
    JOIN organizations so ON so.id = s.org_id
    JOIN organizations o ON o.path <@ so.path
    WHERE s.farmer_amount IS NOT NULL AND (p_scope IS NULL OR o.path <@ p_scope)
    ORDER BY o.id, nlevel(so.path) DESC
)
SELECT m.id, m.org_id,
       CASE WHEN o.type = '党小组' THEN o.parent_id ELSE o.id END,
       p.category, b.base, br.rate,
       (CASE t.kind
            WHEN '公式' THEN round(b.base * br.rate, CASE t.rounding WHEN '角' THEN 1 ELSE 2 END)
            WHEN '统一标准' THEN t.fixed_amount
            WHEN '基层党委设定' THEN coalesce(f.amount, t.fixed_amount)
            WHEN '免交' THEN 0
        END)::numeric(10,2),
       t.id,
       (CASE WHEN p.category IS NULL THEN '未设置党费类别'
             WHEN t.id IS NULL THEN '该类别没有启用的党费标准'
             WHEN t.kind = '公式' AND b.base IS NULL THEN '缺少党费基数'
        END)::varchar
FROM members m
JOIN organizations o ON o.id = m.org_id
LEFT JOIN dues_profiles p ON p.member_id = m.id
LEFT JOIN tables t ON t.category = p.category
LEFT JOIN (   -- the latest base at or before the month (no later one at or before it)
    SELECT d.member_id, d.base FROM dues_bases d
    WHERE (d.year, d.from_month) <= (extract(year FROM p_month)::int, extract(month FROM p_month)::int)
      AND NOT EXISTS (SELECT 1 FROM dues_bases n
                      WHERE n.member_id = d.member_id
                        AND (n.year, n.from_month) <= (extract(year FROM p_month)::int, extract(month FROM p_month)::int)
                        AND (n.year, n.from_month) > (d.year, d.from_month))
) b ON b.member_id = m.id AND t.kind = '公式'
LEFT JOIN brackets br ON br.table_id = t.id AND b.base IS NOT NULL
     AND (br.above IS NULL OR b.base > br.above) AND (br.up_to IS NULL OR b.base <= br.up_to)
LEFT JOIN farmer f ON f.org_id = m.org_id AND t.kind = '基层党委设定'
WHERE m.party_status IN ('正常','失联')
  AND m.joined_at < (date_trunc('month', p_month)::date + interval '1 month')
  AND o.type <> '临时党支部'
  AND (p_scope IS NULL OR o.path <@ p_scope)
$$;

DROP INDEX ix_dues_entries_reduction_id;
CREATE INDEX ix_dues_entries_reduction_id ON dues_entries (reduction_id) WHERE reduction_id IS NOT NULL;
DROP INDEX ix_dues_entries_payment_id;
CREATE INDEX ix_dues_entries_payment_id ON dues_entries (payment_id) WHERE payment_id IS NOT NULL;
