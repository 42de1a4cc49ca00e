-- Direct member counts per organization, kept by statement-level triggers (one upsert per statement, so a
-- COPY of 100,000 members costs a few hundred row updates). Subtree counts are sums over the ltree subtree.
CREATE TABLE org_member_counts (
    org_id  bigint NOT NULL CONSTRAINT pk_org_member_counts PRIMARY KEY,
    direct  integer NOT NULL
);
INSERT INTO org_member_counts (org_id, direct) SELECT org_id, count(*) FROM members GROUP BY org_id;

CREATE FUNCTION org_member_counts_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE org_member_counts c SET direct = c.direct - d.n
    FROM (SELECT org_id, count(*) AS n FROM old_rows GROUP BY org_id) d
    WHERE c.org_id = d.org_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO org_member_counts AS c (org_id, direct)
    SELECT org_id, count(*) FROM new_rows GROUP BY org_id
    ON CONFLICT (org_id) DO UPDATE SET direct = c.direct + EXCLUDED.direct;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER members_count_insert AFTER INSERT ON members REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION org_member_counts_apply();
CREATE TRIGGER members_count_delete AFTER DELETE ON members REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION org_member_counts_apply();
CREATE TRIGGER members_count_update AFTER UPDATE ON members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION org_member_counts_apply();
