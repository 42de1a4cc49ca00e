-- 所属年度: the year a 组织生活会 / 民主评议党员 belongs to. A 2025年度组织生活会 is often held in January 2026; it must
-- count for 2025's yearly rule, not for 2026. NULL means the year it was held (other kinds have none).
ALTER TABLE meetings ADD COLUMN year_of integer;
ALTER TABLE meetings ADD CONSTRAINT ck_meetings_year_of CHECK (year_of IS NULL OR (kinds & 96 <> 0 AND year_of BETWEEN 2000 AND 2100));

-- held meetings recorded before: the year they were held (what the compliance engine counted them for until now)
UPDATE meetings SET year_of = extract(year FROM held_at AT TIME ZONE 'Asia/Shanghai')::int
WHERE kinds & 96 <> 0 AND state = '已召开';

-- The month a meeting's 组织生活会 / 民主评议党员 count in meeting_month_stats: the month it was held when it belongs to
-- that year, else December of its 所属年度 (the year's last month: the yearly rule counts it for that year, a quarter
-- for that year's fourth quarter, and no month of the year it was held counts it).
CREATE FUNCTION meeting_year_month(t timestamptz, year_of integer) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN year_of IS NULL OR year_of = extract(year FROM t AT TIME ZONE 'Asia/Shanghai')::int
              THEN date_trunc('month', t AT TIME ZONE 'Asia/Shanghai')::date
              ELSE make_date(year_of, 12, 1) END
$$;

-- Recomputes the rows of the given (organization, month) pairs from meetings: correct whatever changed. A meeting
-- counts in the month it was held, except its 组织生活会 / 民主评议党员, which count in meeting_year_month.
CREATE OR REPLACE FUNCTION meeting_month_stats_refresh(p_org bigint[], p_month date[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM meeting_month_stats s USING unnest(p_org, p_month) AS k(org_id, month)
  WHERE s.org_id = k.org_id AND s.month = k.month;
  INSERT INTO meeting_month_stats (org_id, month, general_meetings, committee_meetings, group_meetings, lessons,
      theme_days, life_meetings, appraisals, talk_meetings, theme_min_rate, theme_max_rate, secretary_lessons)
  SELECT m.org_id, k.month,
         count(*) FILTER (WHERE x.held_here AND m.kinds & 1 <> 0), count(*) FILTER (WHERE x.held_here AND m.kinds & 2 <> 0),
         count(*) FILTER (WHERE x.held_here AND m.kinds & 4 <> 0), count(*) FILTER (WHERE x.held_here AND m.kinds & 8 <> 0),
         count(*) FILTER (WHERE x.held_here AND m.kinds & 16 <> 0), count(*) FILTER (WHERE x.year_here AND m.kinds & 32 <> 0),
         count(*) FILTER (WHERE x.year_here AND m.kinds & 64 <> 0), count(*) FILTER (WHERE x.held_here AND m.kinds & 128 <> 0),
         min(CASE WHEN m.expected = 0 THEN 0 ELSE m.present::float8 / m.expected END) FILTER (WHERE x.held_here AND m.kinds & 16 <> 0),
         max(CASE WHEN m.expected = 0 THEN 0 ELSE m.present::float8 / m.expected END) FILTER (WHERE x.held_here AND m.kinds & 16 <> 0),
         count(*) FILTER (WHERE x.held_here AND m.kinds & 8 <> 0 AND m.lecturer_member_id IS NOT NULL AND EXISTS (
             SELECT 1 FROM org_terms t JOIN org_term_members tm ON tm.term_id = t.id
             WHERE t.org_id = m.org_id AND tm.post = '书记' AND tm.member_id = m.lecturer_member_id
               AND t.start_date <= (m.held_at AT TIME ZONE 'Asia/Shanghai')::date
               AND (t.end_date IS NULL OR t.end_date >= (m.held_at AT TIME ZONE 'Asia/Shanghai')::date)
               AND tm.appointed_at <= (m.held_at AT TIME ZONE 'Asia/Shanghai')::date
               AND (tm.left_at IS NULL OR tm.left_at >= (m.held_at AT TIME ZONE 'Asia/Shanghai')::date)))
  FROM (SELECT DISTINCT org_id, month FROM unnest(p_org, p_month) AS u(org_id, month)) k
  JOIN meetings m ON m.org_id = k.org_id
       AND ((m.held_at >= (k.month::timestamp AT TIME ZONE 'Asia/Shanghai')
             AND m.held_at < ((k.month + interval '1 month') AT TIME ZONE 'Asia/Shanghai'))
            -- a meeting of a later year that belongs to this December's year
            OR (extract(month FROM k.month) = 12 AND m.year_of = extract(year FROM k.month)::int
                AND m.held_at >= ((k.month + interval '1 month') AT TIME ZONE 'Asia/Shanghai')))
  CROSS JOIN LATERAL (SELECT meeting_month(m.held_at) = k.month AS held_here,
                             m.kinds & 96 <> 0 AND meeting_year_month(m.held_at, m.year_of) = k.month AS year_here) x
  WHERE m.state = '已召开' AND m.quorum_met
  GROUP BY m.org_id, k.month;
$$;

-- The months a change touches: the month each meeting was held and the month its yearly kinds count in.
CREATE OR REPLACE FUNCTION meeting_month_stats_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE orgs bigint[]; months date[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(org_id), array_agg(month) INTO orgs, months FROM (
      SELECT DISTINCT r.org_id, x.month FROM new_rows r
      CROSS JOIN LATERAL (VALUES (meeting_month(r.held_at)), (meeting_year_month(r.held_at, r.year_of))) AS x(month)
      WHERE r.state = '已召开' AND r.quorum_met) k;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(org_id), array_agg(month) INTO orgs, months FROM (
      SELECT DISTINCT r.org_id, x.month FROM old_rows r
      CROSS JOIN LATERAL (VALUES (meeting_month(r.held_at)), (meeting_year_month(r.held_at, r.year_of))) AS x(month)
      WHERE r.state = '已召开' AND r.quorum_met) k;
  ELSE
    -- an edit touches the old months and organization and the new ones, when anything counted changed
    SELECT array_agg(org_id), array_agg(month) INTO orgs, months FROM (
      SELECT x.org_id, x.month
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      CROSS JOIN LATERAL (VALUES (o.org_id, meeting_month(o.held_at)), (o.org_id, meeting_year_month(o.held_at, o.year_of)),
                                 (n.org_id, meeting_month(n.held_at)), (n.org_id, meeting_year_month(n.held_at, n.year_of))) AS x(org_id, month)
      WHERE (o.org_id, o.held_at, o.kinds, o.state, o.quorum_met, o.expected, o.present, o.lecturer_member_id, o.year_of)
            IS DISTINCT FROM (n.org_id, n.held_at, n.kinds, n.state, n.quorum_met, n.expected, n.present, n.lecturer_member_id, n.year_of)
        AND ((o.state = '已召开' AND o.quorum_met) OR (n.state = '已召开' AND n.quorum_met))
      GROUP BY 1, 2) k;
  END IF;
  IF orgs IS NOT NULL THEN PERFORM meeting_month_stats_refresh(orgs, months); END IF;
  RETURN NULL;
END $$;

-- (existing rows need no recomputation: every held meeting's 所属年度 above is the year it was held, where it counted)
