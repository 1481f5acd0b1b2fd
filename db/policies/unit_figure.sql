-- Kept figures are visible with their unit: the scope rule of db/policies/unit.sql,
-- read off the row's own copy of its unit's path (db/figures/describe.sql keeps it
-- equal to the unit's, in the same statement). `unit IN (SELECT id FROM unit)`
-- built a hash of every unit in scope for each query (2,834 for a province: 1 to
-- 2 ms of every /api/progress and ranking). Only triggers write them.

ALTER TABLE unit_figure ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON unit_figure;
CREATE POLICY scope ON unit_figure FOR SELECT
    USING (path >= sangkien_scope() AND path < sangkien_scope_end());
