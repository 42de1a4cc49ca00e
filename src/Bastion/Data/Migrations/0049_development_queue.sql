-- 发展党员: what each case waits for next, kept beside the case so the 党委's queue (备案, 预审, 审批, overdue gates,
-- 预备期满) filters, counts and pages its whole subtree in SQL. The values come from the one rule in C#
-- (DevelopmentGates.Next, Features/Development/DevelopmentQueue.cs); these triggers only mark a row stale when its case's
-- steps or state change, and the list refreshes the stale rows of its subtree before it reads. fresh_from/fresh_until
-- bound the days the stored values hold (the half-year 考察 moves with the calendar); null is unbounded.
CREATE TABLE development_queue (
    case_id            bigint CONSTRAINT pk_development_queue PRIMARY KEY
                       CONSTRAINT fk_development_queue_case_id REFERENCES development_cases (id) ON DELETE CASCADE,
    next_step          varchar(3),
    next_due           date,
    probation_ends_on  date,
    fresh_from         date,
    fresh_until        date,
    stale              boolean NOT NULL DEFAULT true
);
CREATE INDEX ix_development_queue_next_step ON development_queue (next_step) WHERE next_step IS NOT NULL;
CREATE INDEX ix_development_queue_next_due ON development_queue (next_due) WHERE next_due IS NOT NULL;
CREATE INDEX ix_development_queue_probation_ends_on ON development_queue (probation_ends_on) WHERE probation_ends_on IS NOT NULL;
-- what a read refreshes first: the stale rows and those whose days have run out
CREATE INDEX ix_development_queue_stale ON development_queue (case_id) WHERE stale;
CREATE INDEX ix_development_queue_fresh_from ON development_queue (fresh_from) WHERE fresh_from IS NOT NULL;
CREATE INDEX ix_development_queue_fresh_until ON development_queue (fresh_until) WHERE fresh_until IS NOT NULL;

-- every existing case, to be computed on first read
INSERT INTO development_queue (case_id) SELECT id FROM development_cases;

CREATE FUNCTION development_queue_case_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO development_queue (case_id) VALUES (NEW.id) ON CONFLICT (case_id) DO UPDATE SET stale = true;
    RETURN NULL;
END $$;

CREATE FUNCTION development_queue_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE development_queue SET stale = true WHERE case_id = NEW.id AND NOT stale;
    RETURN NULL;
END $$;

CREATE FUNCTION development_queue_step_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE development_queue SET stale = true
    WHERE case_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END) AND NOT stale;
    RETURN NULL;
END $$;

CREATE TRIGGER development_queue_case_added AFTER INSERT ON development_cases
    FOR EACH ROW EXECUTE FUNCTION development_queue_case_added();
CREATE TRIGGER development_queue_case_changed AFTER UPDATE OF state, pack_version ON development_cases
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.pack_version IS DISTINCT FROM NEW.pack_version)
    EXECUTE FUNCTION development_queue_case_changed();
CREATE TRIGGER development_queue_step_changed AFTER INSERT OR UPDATE OR DELETE ON development_steps
    FOR EACH ROW EXECUTE FUNCTION development_queue_step_changed();
