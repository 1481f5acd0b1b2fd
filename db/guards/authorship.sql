-- An authorship links an initiative and an author that are both in scope (see
-- db/guards/unit.sql for the guards).

CREATE OR REPLACE FUNCTION authorship_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF row_security_active('authorship') AND NOT (
        EXISTS (SELECT 1 FROM initiative WHERE id = NEW.initiative)
        AND EXISTS (SELECT 1 FROM author WHERE id = NEW.author)
    ) THEN
        RAISE EXCEPTION 'authorship_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'authorship_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER authorship_scope_guard BEFORE INSERT OR UPDATE ON authorship
FOR EACH ROW EXECUTE FUNCTION authorship_scope_guard();
