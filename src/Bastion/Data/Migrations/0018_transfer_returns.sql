-- A member who left the platform with an outward 介绍信 and comes back with an inward one keeps their record:
-- the outward transfer stays 已转出 (its letter and 回执 are history) and points at the inward registration that
-- brought the member back. Only an outward transfer not yet followed by a return keeps the member out of the
-- platform, so a returned member may be transferred (or leave) again.
ALTER TABLE member_transfers
    ADD COLUMN returned_transfer_id bigint CONSTRAINT fk_member_transfers_returned_transfer_id REFERENCES member_transfers (id) ON DELETE RESTRICT,
    ADD CONSTRAINT ck_member_transfers_returned CHECK (returned_transfer_id IS NULL OR (kind = '转出' AND state = '已转出'));
CREATE UNIQUE INDEX ix_member_transfers_returned_transfer_id ON member_transfers (returned_transfer_id) WHERE returned_transfer_id IS NOT NULL;

-- at most one transfer under way per member: waiting, or out of the platform and not back
DROP INDEX ix_member_transfers_member_id;
CREATE UNIQUE INDEX ix_member_transfers_member_id ON member_transfers (member_id)
    WHERE state = '待接收' OR (state = '已转出' AND returned_transfer_id IS NULL);
