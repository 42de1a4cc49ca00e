-- 请假审批: a rejection carries its reason (shown to the member), and a member may withdraw (撤回) a pending request.
-- A withdrawn request, like a rejected one, no longer blocks a new request for the same meeting.
ALTER TABLE meeting_leave_requests ADD COLUMN rejection_reason varchar(200);
ALTER TABLE meeting_leave_requests DROP CONSTRAINT ck_meeting_leave_requests_state;
ALTER TABLE meeting_leave_requests ADD CONSTRAINT ck_meeting_leave_requests_state CHECK (state IN ('待审批','已批准','已驳回','已撤回'));
ALTER TABLE meeting_leave_requests ADD CONSTRAINT ck_meeting_leave_requests_rejection_reason CHECK (state = '已驳回' OR rejection_reason IS NULL);
DROP INDEX ix_meeting_leave_requests_meeting_id_member_id;
CREATE UNIQUE INDEX ix_meeting_leave_requests_meeting_id_member_id ON meeting_leave_requests (meeting_id, member_id) WHERE state NOT IN ('已驳回','已撤回');
-- the review list: a subtree's requests by state, newest first
CREATE INDEX ix_meeting_leave_requests_state_requested_at ON meeting_leave_requests (state, requested_at DESC);
