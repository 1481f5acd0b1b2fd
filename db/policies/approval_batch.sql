-- An approval batch is its actor's own: the idempotency key is per account.

ALTER TABLE approval_batch ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own ON approval_batch;
CREATE POLICY own ON approval_batch
    USING (actor = sangkien_user())
    WITH CHECK (actor = sangkien_user());
