-- The admin's session check reads (and refreshes) the caller's own user and
-- session rows; a unit's account sees no other account.

ALTER TABLE piccolo_user ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own ON piccolo_user;
CREATE POLICY own ON piccolo_user
    USING (id = sangkien_user())
    WITH CHECK (id = sangkien_user());

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own ON sessions;
CREATE POLICY own ON sessions
    USING (user_id = sangkien_user())
    WITH CHECK (user_id = sangkien_user());
