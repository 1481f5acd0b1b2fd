-- An initiative goes to its unit's direct upper-level union (domain.md): a
-- grassroots union's initiatives to its district (or sector union), a
-- district's own to the province. The database sets `reviewing_unit` to the
-- unit's parent when an initiative is created without one and whenever its unit
-- changes; a bound write (db/functions/writes.sql: a request's) that names any
-- other reviewing unit, or changes it, is refused by name. The one way to send
-- it elsewhere is the workflow's audited transfer (db/workflow/transfer.sql),
-- which runs with `sangkien.workflow` on.
--
-- Maintenance writes may name any reviewing unit (a fixture's cross-routed
-- initiative, the generator's rows): then nothing is looked up, which keeps
-- `manage.py generate`'s COPY cheap.

-- SECURITY DEFINER: a grassroots union's account does not see its parent.
CREATE OR REPLACE FUNCTION unit_parent(unit_id integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT parent FROM unit WHERE id = unit_id
$$;

CREATE OR REPLACE FUNCTION initiative_sent_to_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent integer;
    moved boolean := TG_OP = 'INSERT' OR NEW.unit IS DISTINCT FROM OLD.unit;
    -- the reviewing unit the writer left to the system
    unnamed boolean := NEW.reviewing_unit IS NULL
        OR (TG_OP = 'UPDATE' AND NEW.reviewing_unit IS NOT DISTINCT FROM OLD.reviewing_unit);
BEGIN
    IF NOT moved AND unnamed THEN
        RETURN NEW;  -- neither changes
    END IF;
    IF NOT unnamed AND NOT sangkien_bound() THEN
        RETURN NEW;  -- maintenance names its own
    END IF;
    IF TG_OP = 'UPDATE' AND moved AND OLD.status = 'pending' AND sangkien_bound() THEN
        -- Its new unit would send it to another union while one is deciding it
        -- (and undo a transfer) with no audit row: withdraw it, or wait.
        RAISE EXCEPTION 'initiative_pending_unit_fixed'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_pending_unit_fixed';
    END IF;
    parent := unit_parent(NEW.unit);
    IF moved AND unnamed THEN
        IF parent IS NULL THEN
            RAISE EXCEPTION 'initiative_no_upper_union'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_no_upper_union';
        END IF;
        NEW.reviewing_unit := parent;
    ELSIF NEW.reviewing_unit IS DISTINCT FROM parent AND NOT sangkien_workflow() THEN
        RAISE EXCEPTION 'initiative_sent_to_parent'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_sent_to_parent';
    END IF;
    RETURN NEW;
END $$;

-- Named to fire after initiative_scope_guard (which checks the unit is the
-- caller's). On insert, a maintenance row that names its reviewing unit does
-- not even call the function (the WHEN: COPY's 2,000,000 rows).
CREATE OR REPLACE TRIGGER initiative_sent_to_parent BEFORE INSERT ON initiative
FOR EACH ROW WHEN (NEW.reviewing_unit IS NULL OR sangkien_bound())
EXECUTE FUNCTION initiative_sent_to_parent();

CREATE OR REPLACE TRIGGER initiative_sent_to_parent_again
BEFORE UPDATE OF unit, reviewing_unit ON initiative
FOR EACH ROW EXECUTE FUNCTION initiative_sent_to_parent();
