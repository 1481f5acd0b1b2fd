-- Each unit stores its materialised path ('/1/5/23/', ids from the root) and
-- depth, so "every unit under U" is a prefix match on one index. They follow
-- the parent, whoever writes the row; a move re-paths the whole subtree and a
-- move into the unit's own subtree (a cycle) is refused.
-- SECURITY DEFINER: the tree must see every row, whatever the caller's scope.

CREATE OR REPLACE FUNCTION unit_before_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    p_path varchar;
    p_depth integer;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.parent IS NOT DISTINCT FROM OLD.parent THEN
        RETURN NEW;
    END IF;
    IF NEW.parent IS NULL THEN
        NEW.path := '/' || NEW.id || '/';
        NEW.depth := 0;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- Serialise moves: two concurrent moves could otherwise make a cycle.
        -- Initiative writers take the same lock shared (db/figures/roll_up.sql).
        PERFORM pg_advisory_xact_lock(hashtext('sangkien.unit_tree'));
    END IF;
    SELECT path, depth INTO p_path, p_depth FROM unit WHERE id = NEW.parent;
    IF TG_OP = 'UPDATE' AND p_path LIKE OLD.path || '%' THEN
        RAISE EXCEPTION 'unit_no_cycle'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_no_cycle';
    END IF;
    NEW.path := coalesce(p_path, '') || NEW.id || '/';
    NEW.depth := coalesce(p_depth, -1) + 1;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER unit_before_write BEFORE INSERT OR UPDATE OF parent ON unit
FOR EACH ROW EXECUTE FUNCTION unit_before_write();

CREATE OR REPLACE FUNCTION unit_after_move() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.parent IS DISTINCT FROM OLD.parent AND OLD.path <> '' THEN
        UPDATE unit
           SET path = NEW.path || substr(path, length(OLD.path) + 1),
               depth = depth + NEW.depth - OLD.depth
         WHERE path LIKE OLD.path || '_%';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER unit_after_move AFTER UPDATE OF parent ON unit
FOR EACH ROW EXECUTE FUNCTION unit_after_move();
