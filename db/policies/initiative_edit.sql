-- The edit history follows its initiative (db/policies/initiative.sql), looked up
-- by id (see db/policies/authorship.sql), except a confidential one sent from a
-- unit outside the scope: the API reads those masked, and its history would tell
-- their details. Only the triggers write it (db/history/, as the owner); nobody
-- edits it.

ALTER TABLE initiative_edit ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS scope ON initiative_edit;
CREATE POLICY scope ON initiative_edit FOR SELECT
    USING (EXISTS (SELECT FROM initiative i
                    WHERE i.id = initiative_edit.initiative
                      AND (NOT i.confidential OR i.unit IN (SELECT id FROM unit))));
