-- What a request may change of an initiative, its authorships and its authors,
-- by the initiative's status (issue 13). Bound writes only (a request's, any
-- role's: db/functions/writes.sql); maintenance writes by the owner are not
-- checked, and these triggers cost them nothing (their WHEN is false).
--
-- * The status, decision time, decider and decision note are the workflow's
--   (domain/workflow.py, with `sangkien.workflow` on): another write that
--   changes them is refused; a request creates an initiative as a draft,
--   undecided (no decision time, decider or note; domain.vocabulary.CREATED_AS)
--   and not yet sent (no date sent): it is sent by the workflow.
-- * Approved and rejected initiatives are decided: no request edits or deletes
--   them, their authorships (who the authors are, their shares) or their
--   authors' records (name, unit, birth year… as the decision recognised them).
--   The workflow may still change a decided one's workflow columns (reopen,
--   revoke) and nothing else. To correct one, a manager reopens it (returned)
--   and the staff resend it.
-- * Only drafts are deleted; an initiative once sent is withdrawn instead (an
--   action of the workflow), so that what was sent stays on record.
-- * The date sent (`submitted_on`) is the workflow's too: domain.md counts an
--   initiative in the phase of "the day it was sent through the system", which
--   `submit` writes. A request that typed it (a draft back-dated into a closed
--   phase, a sent one moved between phases) would move published counts after
--   the fact. Data loads (maintenance) carry their own dates.
-- Pending and returned ones stay editable: the reviewer reads the latest text,
-- and a returned one is corrected before it is sent again.

CREATE OR REPLACE FUNCTION initiative_decided(initiative_id integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT coalesce((SELECT status IN ('approved', 'rejected')
                       FROM initiative WHERE id = initiative_id), false)
$$;

CREATE OR REPLACE FUNCTION initiative_lock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    decided boolean := TG_OP <> 'INSERT' AND OLD.status IN ('approved', 'rejected');
    kept initiative;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft'
           OR NEW.decided_at IS NOT NULL OR NEW.decided_by IS NOT NULL
           OR coalesce(NEW.decision_note, '') <> '' THEN
            RAISE EXCEPTION 'initiative_created_undecided'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_created_undecided';
        END IF;
        IF NEW.submitted_on IS NOT NULL THEN
            RAISE EXCEPTION 'initiative_submitted_by_sending'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_submitted_by_sending';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF decided THEN
            RAISE EXCEPTION 'initiative_decided_locked'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decided_locked';
        ELSIF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'initiative_sent_not_deleted'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_sent_not_deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF sangkien_workflow() THEN
        IF decided THEN
            -- The row as it was, but for what the workflow may change.
            kept := NEW;
            kept.status := OLD.status;
            kept.decided_at := OLD.decided_at;
            kept.decided_by := OLD.decided_by;
            kept.decision_note := OLD.decision_note;
            IF kept IS DISTINCT FROM OLD THEN
                RAISE EXCEPTION 'initiative_decided_locked'
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decided_locked';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    IF decided THEN
        RAISE EXCEPTION 'initiative_decided_locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_decided_locked';
    END IF;
    IF (NEW.status, NEW.decided_at, NEW.decided_by, NEW.decision_note)
       IS DISTINCT FROM (OLD.status, OLD.decided_at, OLD.decided_by, OLD.decision_note) THEN
        RAISE EXCEPTION 'initiative_status_by_workflow'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_status_by_workflow';
    END IF;
    IF NEW.submitted_on IS DISTINCT FROM OLD.submitted_on THEN
        RAISE EXCEPTION 'initiative_submitted_by_sending'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_submitted_by_sending';
    END IF;
    RETURN NEW;
END $$;

-- Named to fire first: a decided initiative is locked whatever else the write
-- would have been told. (An out-of-scope row never reaches it: row-level
-- security hides it from the UPDATE or DELETE.)
CREATE OR REPLACE TRIGGER initiative_lock BEFORE INSERT OR UPDATE OR DELETE ON initiative
FOR EACH ROW WHEN (sangkien_bound()) EXECUTE FUNCTION initiative_lock();

-- After authorship_scope_guard (by name): an initiative out of the caller's
-- scope is refused as such, without telling whether it is decided.
CREATE OR REPLACE FUNCTION authorship_write_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND initiative_decided(OLD.initiative))
       OR (TG_OP <> 'DELETE' AND initiative_decided(NEW.initiative)) THEN
        RAISE EXCEPTION 'authorship_decided_locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_decided_locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER authorship_write_lock
BEFORE INSERT OR UPDATE OR DELETE ON authorship
FOR EACH ROW WHEN (sangkien_bound()) EXECUTE FUNCTION authorship_write_lock();

-- An author of a decided initiative, in any scope: SECURITY DEFINER.
CREATE OR REPLACE FUNCTION author_of_decided(author_id integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT EXISTS (
        SELECT 1 FROM authorship a JOIN initiative i ON i.id = a.initiative
         WHERE a.author = author_id AND i.status IN ('approved', 'rejected'))
$$;

CREATE OR REPLACE FUNCTION author_write_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF author_of_decided(OLD.id) THEN
        RAISE EXCEPTION 'author_decided_locked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'author_decided_locked';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER author_write_lock BEFORE UPDATE OR DELETE ON author
FOR EACH ROW WHEN (sangkien_bound()) EXECUTE FUNCTION author_write_lock();
