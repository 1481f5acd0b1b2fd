-- Kept figures are visible with their unit (the scope rule: db/policies/unit.sql);
-- only triggers write them.

ALTER TABLE unit_figure ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON unit_figure;
CREATE POLICY scope ON unit_figure FOR SELECT
    USING (unit IN (SELECT id FROM unit));
