-- Row-level security: what a unit's account (roles sangkien_viewer and
-- sangkien_staff, db/roles.sql) sees and writes. The app connects as the
-- tables' owner, whom these policies do not bind; for a unit's account each
-- request runs as one of the roles with its scope set (db/functions/scope.sql).
-- The scope rule lives here, in the unit policy: a unit is visible when its path
-- starts with the caller's scope. Every other table's policy is written in terms
-- of visible units, initiatives or authors (`IN (SELECT id FROM unit)` applies
-- the unit policy inside the subquery). Grants (db/grants.sql) decide who may
-- write at all; guards (db/guards/) name the refusals.

ALTER TABLE unit ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON unit;
CREATE POLICY scope ON unit
    USING (path >= sangkien_scope() AND path < sangkien_scope_end())
    WITH CHECK (path >= sangkien_scope() AND path < sangkien_scope_end());
