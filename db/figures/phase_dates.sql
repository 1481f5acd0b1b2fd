-- A phase added, removed or re-dated moves initiatives between phases: the
-- figures are rebuilt (a rare, administrator-only change), under the tree's lock.

CREATE OR REPLACE FUNCTION phase_figures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sangkien.unit_tree'));
    PERFORM unit_figure_rebuild();
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER phase_figures
AFTER INSERT OR UPDATE OF start_date, end_date OR DELETE ON phase
FOR EACH STATEMENT EXECUTE FUNCTION phase_figures();
