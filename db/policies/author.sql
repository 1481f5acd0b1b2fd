-- Authors kept by a unit in scope, or linked to an initiative in scope (the
-- scope rule: db/policies/unit.sql).

ALTER TABLE author ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON author;
CREATE POLICY scope ON author
    USING (unit IN (SELECT id FROM unit) OR id IN (SELECT author FROM authorship))
    WITH CHECK (unit IN (SELECT id FROM unit) OR id IN (SELECT author FROM authorship));
