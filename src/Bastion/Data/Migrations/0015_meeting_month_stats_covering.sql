-- The rollup of a whole tree reads one quarter's rows of meeting_month_stats (about 150,000 for 50,000 branches).
-- Those rows lie scattered over the table (rows are written per organization), so a plain index on month made the
-- scan visit ~21,000 heap pages; carrying the counters in the index lets PostgreSQL answer from the index alone.
DROP INDEX ix_meeting_month_stats_month;
CREATE INDEX ix_meeting_month_stats_month ON meeting_month_stats (month, org_id)
    INCLUDE (general_meetings, committee_meetings, group_meetings, lessons, theme_days, life_meetings, appraisals,
             talk_meetings, theme_max_rate, secretary_lessons);
