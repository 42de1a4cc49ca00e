-- Changes that may alter a branch's compliance outcome, read by the rollup cache (Features/Compliance/ComplianceCache.cs)
-- so that a province-wide rollup re-evaluates only the branches whose facts changed since it last looked.
-- A row names an organization whose facts changed (org_id: a branch, a 党小组 or any other organization) or, with
-- org_id NULL, a change that may affect any branch (the tree, exemptions, rule overrides). xid orders rows by
-- transaction: a reader that remembers the xmin of the snapshot it last read under misses nothing, because every
-- transaction with a smaller xid had ended before that read. Rows older than a few days are pruned by the daily
-- compliance job (a cache entry lives one day at most).
CREATE TABLE compliance_changes (
    xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    org_id     bigint,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_compliance_changes_xid ON compliance_changes (xid);

-- the organizations named in the changed rows (column org_id), old and new
CREATE FUNCTION compliance_changes_from_org_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO compliance_changes (org_id) SELECT DISTINCT org_id FROM new_rows;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO compliance_changes (org_id) SELECT DISTINCT org_id FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

-- valid held meetings per month (kept by the triggers of meetings and terms)
CREATE TRIGGER meeting_month_stats_changes_insert AFTER INSERT ON meeting_month_stats REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_org_rows();
CREATE TRIGGER meeting_month_stats_changes_update AFTER UPDATE ON meeting_month_stats REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_org_rows();
CREATE TRIGGER meeting_month_stats_changes_delete AFTER DELETE ON meeting_month_stats REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_org_rows();

-- who belonged where on which day (应谈 of 谈心谈话; the 党小组 that have members)
CREATE TRIGGER member_memberships_changes_insert AFTER INSERT ON member_memberships REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_org_rows();
CREATE TRIGGER member_memberships_changes_update AFTER UPDATE ON member_memberships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_org_rows();
CREATE TRIGGER member_memberships_changes_delete AFTER DELETE ON member_memberships REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_org_rows();

-- 谈心谈话 count for the member wherever the member belonged: every organization of the member's memberships
CREATE FUNCTION compliance_changes_from_talks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO compliance_changes (org_id)
        SELECT DISTINCT ms.org_id FROM member_memberships ms WHERE ms.member_id IN (SELECT member_id FROM new_rows);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO compliance_changes (org_id)
        SELECT DISTINCT ms.org_id FROM member_memberships ms WHERE ms.member_id IN (SELECT member_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER talks_changes_insert AFTER INSERT ON talks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_talks();
CREATE TRIGGER talks_changes_update AFTER UPDATE ON talks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_talks();
-- (statement triggers with transition tables cannot name columns: UPDATE OF is not allowed with REFERENCING, so an
-- edit of a talk's follow-up writes rows too; they only cost a re-evaluation of that member's branches)
CREATE TRIGGER talks_changes_delete AFTER DELETE ON talks REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_talks();

-- a member whose 党籍状态 is not 正常 owes no 谈心谈话: the branches the member belongs to
CREATE FUNCTION compliance_changes_from_members() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO compliance_changes (org_id)
    SELECT DISTINCT ms.org_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN member_memberships ms ON ms.member_id = n.id
    WHERE n.party_status IS DISTINCT FROM o.party_status;
    RETURN NULL;
END $$;
CREATE TRIGGER members_compliance_changes_update AFTER UPDATE ON members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_from_members();

-- the tree, exemptions and rule overrides: anything may change
CREATE FUNCTION compliance_changes_everything() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO compliance_changes (org_id) VALUES (NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER organizations_compliance_changes AFTER INSERT OR DELETE
    OR UPDATE OF parent_id, path, type, name, status, created_at, dissolved_at ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER compliance_exemptions_changes AFTER INSERT OR UPDATE OR DELETE ON compliance_exemptions
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER compliance_rules_changes AFTER INSERT OR UPDATE OR DELETE ON compliance_rules
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();

-- TRUNCATE fires no row or statement trigger of the kinds above: treat it as "anything may have changed"
CREATE TRIGGER meeting_month_stats_changes_truncate AFTER TRUNCATE ON meeting_month_stats
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER member_memberships_changes_truncate AFTER TRUNCATE ON member_memberships
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER talks_changes_truncate AFTER TRUNCATE ON talks
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER members_compliance_changes_truncate AFTER TRUNCATE ON members
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER organizations_compliance_changes_truncate AFTER TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER compliance_exemptions_changes_truncate AFTER TRUNCATE ON compliance_exemptions
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
CREATE TRIGGER compliance_rules_changes_truncate AFTER TRUNCATE ON compliance_rules
    FOR EACH STATEMENT EXECUTE FUNCTION compliance_changes_everything();
