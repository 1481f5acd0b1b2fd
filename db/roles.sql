-- The roles a unit's account runs as (domain/scope.py: SET LOCAL ROLE in each
-- request's transaction). Viewers read; staff and managers also write. Neither
-- logs in. Roles belong to the whole server, not to one database: another
-- database may have created them already, or be creating them right now.
-- The app's own role must be a member to SET ROLE to them (a superuser needs
-- nothing); in production the migrating role needs CREATEROLE once.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['sangkien_viewer', 'sangkien_staff'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            EXECUTE format('GRANT %I TO %I', role_name, current_user);
        END IF;
    END LOOP;
END $$;
