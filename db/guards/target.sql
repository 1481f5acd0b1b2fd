-- A target belongs to a unit in scope, and not to the caller's own unit: targets
-- are handed down by the level above (see db/guards/unit.sql for the guards).

CREATE OR REPLACE FUNCTION target_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_unit integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.unit ELSE NEW.unit END;
BEGIN
    IF row_security_active('target') AND NOT EXISTS (
        SELECT 1 FROM unit WHERE id = row_unit AND path <> sangkien_scope()
    ) THEN
        RAISE EXCEPTION 'target_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'target_out_of_scope';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE TRIGGER target_scope_guard BEFORE INSERT OR UPDATE OR DELETE ON target
FOR EACH ROW EXECUTE FUNCTION target_scope_guard();
