-- Scope guards (one file per table) refuse a write by a unit's account that
-- would put a row out of its scope, with a named error that domain/violations.py
-- turns into Vietnamese; the policies' WITH CHECK (db/policies/) stay as the
-- backstop. They run as the caller, so "visible" means "in the caller's scope";
-- for the owner (administrators) row_security_active() is false and they pass.

-- A new unit, or a moved one, goes under a unit in scope.
CREATE OR REPLACE FUNCTION unit_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF row_security_active('unit')
       AND (TG_OP = 'INSERT' OR NEW.parent IS DISTINCT FROM OLD.parent)
       AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.parent) THEN
        RAISE EXCEPTION 'unit_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER unit_scope_guard BEFORE INSERT OR UPDATE ON unit
FOR EACH ROW EXECUTE FUNCTION unit_scope_guard();
