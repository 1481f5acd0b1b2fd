-- Cluster memberships of units in scope (the scope rule: db/policies/unit.sql).

ALTER TABLE cluster_member ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON cluster_member;
CREATE POLICY scope ON cluster_member
    USING (unit IN (SELECT id FROM unit))
    WITH CHECK (unit IN (SELECT id FROM unit));
