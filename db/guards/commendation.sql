-- A commendation goes to a unit or an author in scope (see db/guards/unit.sql
-- for the guards).

CREATE OR REPLACE FUNCTION commendation_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF row_security_active('commendation') AND NOT (
        (NEW.unit IS NULL OR EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit))
        AND (NEW.author IS NULL OR EXISTS (SELECT 1 FROM author WHERE id = NEW.author))
    ) THEN
        RAISE EXCEPTION 'commendation_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'commendation_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER commendation_scope_guard BEFORE INSERT OR UPDATE ON commendation
FOR EACH ROW EXECUTE FUNCTION commendation_scope_guard();
