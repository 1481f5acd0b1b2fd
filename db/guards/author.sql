-- An author's record is kept by a unit in scope; a new one created by a unit's
-- account belongs to the caller's unit unless it names one (see
-- db/guards/unit.sql for the guards).

CREATE OR REPLACE FUNCTION author_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT row_security_active('author') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.unit IS NULL THEN
        NEW.unit := nullif(current_setting('sangkien.unit', true), '')::integer;
    END IF;
    IF (TG_OP = 'INSERT' OR NEW.unit IS DISTINCT FROM OLD.unit)
       AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
        RAISE EXCEPTION 'author_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'author_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER author_scope_guard BEFORE INSERT OR UPDATE ON author
FOR EACH ROW EXECUTE FUNCTION author_scope_guard();
