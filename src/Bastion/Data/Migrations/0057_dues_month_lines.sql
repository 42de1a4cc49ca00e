-- One source for a month's dues lines, and a cheaper snapshot (issue 14 "Scale": starting a month for the 1M-member
-- tenant measured 31.9 s against a 30 s target, bench/README.md "Dues").
--
-- dues_month_lines(month, scope): what each member of the subtree owes for the month, as written into dues_entries —
-- dues_assessment's branch, category, base, rate and amount, less the members a transfer letter's 党费交至 covers
-- (they paid the month in the sending branch), with the latest approved 少交/免交 of the month applied (its amount caps
-- the due and clears the problem). StartDuesMonth's snapshot and DuesLateEntries (a 预备党员 approved later, a member
-- added after the start) both read it, so the two can no longer disagree. Set-based: the letters and the reductions are
-- joined as sets, never probed per member; for one member the caller passes the member's branch as the scope.
CREATE FUNCTION dues_month_lines(p_month date, p_scope ltree)
RETURNS TABLE (member_id bigint, branch_id bigint, org_id bigint, category varchar, base numeric, rate numeric,
               assessed numeric, due numeric, table_id bigint, problem varchar, reduction_id bigint)
LANGUAGE sql STABLE AS $$
SELECT a.member_id, a.branch_id, a.org_id, a.category, a.base, a.rate, a.amount,
       CASE WHEN r.id IS NOT NULL THEN least(r.amount, coalesce(a.amount, r.amount)) ELSE a.amount END,
       a.table_id, CASE WHEN r.id IS NOT NULL THEN NULL ELSE a.problem END, r.id
FROM dues_assessment(p_month, p_scope) a
LEFT JOIN (SELECT DISTINCT t.member_id FROM member_transfers t
           WHERE t.dues_paid_to >= p_month AND t.state IN ('已转入','已接收')) p ON p.member_id = a.member_id
LEFT JOIN (SELECT DISTINCT ON (d.member_id) d.member_id, d.id, d.amount FROM dues_reductions d
           WHERE d.state = '已批准' AND p_month BETWEEN d.from_month AND d.to_month
           ORDER BY d.member_id, d.id DESC) r ON r.member_id = a.member_id
WHERE p.member_id IS NULL
$$;

-- dues_entries kept three btree indexes besides its key; the (month_id, member_id) unique index and the
-- (member_id, month) one are replaced by one unique (member_id, month_id) index: it keeps "one line per member and
-- month" (ON CONFLICT (month_id, member_id) infers it: same columns), and serves a member's history (the member's page,
-- arrears, the statement import) by its leading column — a member has a dozen lines a year. Whole-month reads go by
-- organization (ix_dues_entries_org_id_month_id). One index fewer to maintain per line: in the bench, with the snapshot
-- writing its lines in member order (the index and the member key checks then walk their pages in order), the INSERT
-- took 22 s of backend CPU instead of 27.5 s.
CREATE UNIQUE INDEX ix_dues_entries_member_id_month_id ON dues_entries (member_id, month_id);
DROP INDEX ix_dues_entries_month_id_member_id;
DROP INDEX ix_dues_entries_member_id_month;
