-- Commendations of units or authors in scope (the scope rule: db/policies/unit.sql).

ALTER TABLE commendation ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON commendation;
CREATE POLICY scope ON commendation
    USING (unit IN (SELECT id FROM unit) OR author IN (SELECT id FROM author))
    WITH CHECK ((unit IS NULL OR unit IN (SELECT id FROM unit))
                AND (author IS NULL OR author IN (SELECT id FROM author)));
