-- An initiative's own unit must stay in scope; its reviewing unit may lie outside
-- (a grassroots union sends to the level above), but a change may not take the
-- row out of the caller's sight (see db/guards/unit.sql for the guards). It
-- fires only when what it guards changes: a status change does not pay for it.

CREATE OR REPLACE FUNCTION initiative_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT row_security_active('initiative') THEN
        RETURN NEW;
    END IF;
    IF (TG_OP = 'INSERT' OR NEW.unit IS DISTINCT FROM OLD.unit)
       AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
        RAISE EXCEPTION 'initiative_unit_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_unit_out_of_scope';
    END IF;
    IF TG_OP = 'UPDATE' AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) AND (
        NEW.confidential OR NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.reviewing_unit)
    ) THEN
        RAISE EXCEPTION 'initiative_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'initiative_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER initiative_scope_guard
BEFORE INSERT OR UPDATE OF unit, reviewing_unit, confidential ON initiative
FOR EACH ROW EXECUTE FUNCTION initiative_scope_guard();
