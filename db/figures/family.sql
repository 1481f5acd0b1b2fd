-- `/api/progress` today: a unit (in the caller's scope: this function runs as
-- the caller, so the policies filter it) and each direct child, with their kept
-- figures in one phase, the phase's dates on every row. No row: an unknown unit
-- or phase, or a programme's code (domain/progress.py then counts in steps).
--
-- One plan for every call (force_generic_plan; the app otherwise plans each
-- statement for its parameters, piccolo_conf.py): every lookup here is by key,
-- so the parameters' values do not call for another plan, and planning the join
-- with its policies each time cost as much as running it (about 0.4 ms). The
-- plan still follows the tables' statistics (the scope's path range is not a
-- parameter): on a tree of a hundred units it may scan the caller's scope, at
-- thousands it probes the keys. PL/pgSQL keeps the plan for the connection while
-- the same role runs it (reads all run as sangkien_viewer, domain/scope.py).
-- In code order with the caller's ORDER BY (domain/progress.py).
CREATE OR REPLACE FUNCTION unit_family(phase_code text, unit_code text)
RETURNS TABLE (
    id integer, code varchar, name varchar, kind varchar, target integer,
    valid integer, pending integer, returned integer, rejected integer,
    benefit_vnd numeric, own boolean, phase_id integer, phase_name varchar,
    start_date date, end_date date
)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
    chosen phase%ROWTYPE;
    own_id integer;
BEGIN
    SELECT * INTO chosen FROM phase p WHERE p.code = phase_code;
    SELECT u.id INTO own_id FROM unit u WHERE u.code = unit_code;
    IF chosen.id IS NULL OR own_id IS NULL THEN
        RETURN;
    END IF;
    -- The children through the index on (parent, path), which also holds the
    -- policy's path range. Each figure row by its unit, phase and path (a figure
    -- row carries its unit's path, db/figures/describe.sql): with the unit and
    -- phase alone, the planner, guessing the policy's path range at one row,
    -- scanned the caller's whole scope for each child (a district's 126 rows:
    -- 2 ms instead of 0.3).
    RETURN QUERY
    SELECT u.id, u.code, u.name, u.kind, f.target, f.valid, f.pending, f.returned,
           f.rejected, f.benefit_vnd, u.id = own_id, chosen.id, chosen.name,
           chosen.start_date, chosen.end_date
      FROM unit u
      LEFT JOIN unit_figure f ON f.unit = u.id AND f.phase = chosen.id AND f.path = u.path
     WHERE u.id = own_id OR u.parent = own_id;
END $$;
