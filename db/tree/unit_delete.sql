-- A unit with children or initiatives cannot be deleted (its records would be
-- lost or orphaned): domain/violations.py words both refusals.

CREATE OR REPLACE FUNCTION unit_before_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM unit WHERE parent = OLD.id) THEN
        RAISE EXCEPTION 'unit_has_children'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'unit_has_children';
    END IF;
    IF EXISTS (SELECT 1 FROM initiative WHERE unit = OLD.id OR reviewing_unit = OLD.id) THEN
        RAISE EXCEPTION 'unit_has_initiatives'
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'unit_has_initiatives';
    END IF;
    RETURN OLD;
END $$;

CREATE OR REPLACE TRIGGER unit_before_delete BEFORE DELETE ON unit
FOR EACH ROW EXECUTE FUNCTION unit_before_delete();
