-- An account is linked to at most one member (党员档案) and a member to at most one account; a deleted member
-- leaves the account unlinked. users.member_id existed without either rule.
UPDATE users u SET member_id = NULL WHERE member_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = u.member_id);
-- a member linked twice keeps the oldest account
UPDATE users u SET member_id = NULL WHERE member_id IS NOT NULL AND EXISTS (SELECT 1 FROM users o WHERE o.member_id = u.member_id AND o.id < u.id);
ALTER TABLE users ADD CONSTRAINT fk_users_member_id FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX ix_users_member_id ON users (member_id);
