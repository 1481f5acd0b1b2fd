-- A unit joins an emulation cluster only if it is in scope (see db/guards/unit.sql).

CREATE OR REPLACE FUNCTION cluster_member_scope_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF row_security_active('cluster_member')
       AND NOT EXISTS (SELECT 1 FROM unit WHERE id = NEW.unit) THEN
        RAISE EXCEPTION 'cluster_member_out_of_scope'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'cluster_member_out_of_scope';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER cluster_member_scope_guard BEFORE INSERT OR UPDATE ON cluster_member
FOR EACH ROW EXECUTE FUNCTION cluster_member_scope_guard();
