-- Targets of units in scope (the scope rule: db/policies/unit.sql).

ALTER TABLE target ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON target;
CREATE POLICY scope ON target
    USING (unit IN (SELECT id FROM unit))
    WITH CHECK (unit IN (SELECT id FROM unit));
