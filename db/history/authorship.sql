-- An author's share of a sent initiative belongs to its edit history
-- (db/history/initiative.sql): an author added, removed, or their share changed,
-- once the initiative is no longer a draft. One row per author: a row moved to
-- another author or initiative is the old one removed and the new one added. The
-- author's name is kept as it was (unlinked, the author may leave the caller's
-- sight).
--
-- Authors written with their initiative are no edit: an insert in the
-- transaction that created the initiative, or without a request behind it (a
-- data load: `manage.py load-demo`, the tests' fixtures), is not recorded. A
-- deleted initiative takes its authorships along and records nothing.

CREATE OR REPLACE FUNCTION authorship_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    who integer := sangkien_user();
    moved boolean := TG_OP = 'UPDATE'
        AND (OLD.initiative, OLD.author) IS DISTINCT FROM (NEW.initiative, NEW.author);
BEGIN
    IF TG_OP = 'INSERT' AND who IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO initiative_edit
        (initiative, field, author, author_name, old_value, new_value, actor, actor_name)
    SELECT i.id, 'share', a.id, coalesce(a.name, ''), change.was::text, change.now_is::text,
           who, coalesce((SELECT username FROM piccolo_user WHERE id = who), '')
      FROM (
            SELECT OLD.initiative, OLD.author, OLD.share, NULL::numeric
             WHERE TG_OP = 'DELETE' OR moved
            UNION ALL
            SELECT NEW.initiative, NEW.author, NULL::numeric, NEW.share
             WHERE TG_OP = 'INSERT' OR moved
            UNION ALL
            SELECT NEW.initiative, NEW.author, OLD.share, NEW.share
             WHERE TG_OP = 'UPDATE' AND NOT moved AND OLD.share IS DISTINCT FROM NEW.share
           ) AS change (initiative, author, was, now_is)
      JOIN initiative i ON i.id = change.initiative
      LEFT JOIN author a ON a.id = change.author
     WHERE i.status <> 'draft'
       AND NOT (TG_OP = 'INSERT' AND i.created_at = now());
    RETURN NULL;
END $$;

-- Inserts only during a request (`sangkien.user` set): COPY's and the demo's
-- rows do not even call the function.
DROP TRIGGER IF EXISTS authorship_history ON authorship;
CREATE OR REPLACE TRIGGER authorship_history_insert AFTER INSERT ON authorship
FOR EACH ROW WHEN (coalesce(current_setting('sangkien.user', true), '') <> '')
EXECUTE FUNCTION authorship_history();
CREATE OR REPLACE TRIGGER authorship_history AFTER UPDATE OR DELETE ON authorship
FOR EACH ROW EXECUTE FUNCTION authorship_history();
