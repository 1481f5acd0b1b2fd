-- The audit trail: read and written (by the workflow, as its caller) with its
-- initiative, looked up by id (see db/policies/authorship.sql); nobody edits it.

ALTER TABLE status_change ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS scope ON status_change;
CREATE POLICY scope ON status_change FOR SELECT
    USING (EXISTS (SELECT FROM initiative i WHERE i.id = status_change.initiative));

DROP POLICY IF EXISTS scope_insert ON status_change;
CREATE POLICY scope_insert ON status_change FOR INSERT
    WITH CHECK (EXISTS (SELECT FROM initiative i WHERE i.id = status_change.initiative));
