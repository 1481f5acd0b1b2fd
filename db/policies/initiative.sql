-- An initiative is in scope when its own unit is, or when it was sent to a unit in
-- scope (the scope rule: db/policies/unit.sql). A confidential one sent from a
-- unit outside is read only through the API that masks it (it sets
-- sangkien.masked_reads) and cannot be written.

ALTER TABLE initiative ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS scope_read ON initiative;
CREATE POLICY scope_read ON initiative FOR SELECT
    USING (unit IN (SELECT id FROM unit)
           OR (reviewing_unit IN (SELECT id FROM unit)
               AND (NOT confidential OR sangkien_masked())));

DROP POLICY IF EXISTS scope_insert ON initiative;
CREATE POLICY scope_insert ON initiative FOR INSERT
    WITH CHECK (unit IN (SELECT id FROM unit)
                OR (reviewing_unit IN (SELECT id FROM unit) AND NOT confidential));

DROP POLICY IF EXISTS scope_update ON initiative;
CREATE POLICY scope_update ON initiative FOR UPDATE
    USING (unit IN (SELECT id FROM unit)
           OR (reviewing_unit IN (SELECT id FROM unit) AND NOT confidential))
    WITH CHECK (unit IN (SELECT id FROM unit)
                OR (reviewing_unit IN (SELECT id FROM unit) AND NOT confidential));

DROP POLICY IF EXISTS scope_delete ON initiative;
CREATE POLICY scope_delete ON initiative FOR DELETE
    USING (unit IN (SELECT id FROM unit)
           OR (reviewing_unit IN (SELECT id FROM unit) AND NOT confidential));
