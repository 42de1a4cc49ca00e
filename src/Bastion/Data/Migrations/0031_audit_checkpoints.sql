-- Signed checkpoints of the audit hash chain (issue 12, item 5). Each row says: "up to audit_log row audit_id there
-- were row_count rows and that row's hash was last_hash", signed with HMAC-SM3 under a key the database never holds
-- (Bastion:Audit:CheckpointKey / CheckpointKeyFile, see Security/AuditCheckpoints.cs). A superuser who edits a row
-- and recomputes every later hash, or deletes rows, can no longer make `audit verify` pass: the checkpoint's hash or
-- count no longer matches, and a new checkpoint cannot be signed without the key. Every checkpoint is also appended
-- to a copy file outside the database, so deleting or rewriting this table is caught too.
-- Written and read with SQL only (AuditCheckpoints), not part of the EF model. The application inserts and selects.
CREATE TABLE audit_checkpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  audit_id bigint NOT NULL,
  row_count bigint NOT NULL,
  last_hash varchar(64) NOT NULL,
  created_at timestamptz NOT NULL,
  signature varchar(64) NOT NULL
);
-- several instances may checkpoint the same state: the second insert does nothing (ON CONFLICT DO NOTHING)
CREATE UNIQUE INDEX ux_audit_checkpoints_audit_id ON audit_checkpoints (audit_id);

-- append-only, like audit_log (the application role will have INSERT + SELECT only as well)
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
