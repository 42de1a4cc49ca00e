-- Member lists count and page a subtree's members with an index-only scan (org_id, then id for the
-- "not transferred out" anti-join) instead of reading the whole table.
CREATE INDEX IF NOT EXISTS ix_members_org_id_id ON members (org_id) INCLUDE (id);
