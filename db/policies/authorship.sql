-- Authorships and audit rows follow their initiative (db/policies/initiative.sql),
-- looked up by id: `initiative IN (SELECT id FROM initiative)` made PostgreSQL
-- collect every initiative the caller may see (55,000 for a province at national
-- scale) for each batch of audit rows; EXISTS is one primary-key lookup a row.
-- (The author's own policy reads authorship: its check is the guard's,
-- db/guards/authorship.sql.)

ALTER TABLE authorship ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS scope ON authorship;
CREATE POLICY scope ON authorship
    USING (EXISTS (SELECT FROM initiative i WHERE i.id = authorship.initiative))
    WITH CHECK (EXISTS (SELECT FROM initiative i WHERE i.id = authorship.initiative));
