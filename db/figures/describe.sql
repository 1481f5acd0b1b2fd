-- Each figure row also carries its unit's code, kind, path and depth and its
-- phase target (and, computed by the table, its percent), so that a ranking of
-- any set of units reads one table. Every unit has a row for every phase, zeros
-- until it has initiatives, so units without initiatives rank too.

-- Whoever inserts a row (a new unit, a rebuild), it describes its unit and target.
CREATE OR REPLACE FUNCTION unit_figure_describe() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    SELECT u.code, u.kind, u.path, u.depth INTO NEW.code, NEW.kind, NEW.path, NEW.depth
      FROM unit u WHERE u.id = NEW.unit;
    NEW.target := (SELECT sum(quota) FROM target WHERE unit = NEW.unit AND phase = NEW.phase);
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER unit_figure_describe BEFORE INSERT ON unit_figure
FOR EACH ROW EXECUTE FUNCTION unit_figure_describe();

-- A new unit gets its rows; a unit's new code, kind or place reaches them.
CREATE OR REPLACE FUNCTION unit_figure_follow_unit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO unit_figure (unit, phase) SELECT NEW.id, p.id FROM phase p ORDER BY p.id
        ON CONFLICT DO NOTHING;
    ELSE
        UPDATE unit_figure
           SET code = NEW.code, kind = NEW.kind, path = NEW.path, depth = NEW.depth
         WHERE unit = NEW.id;
    END IF;
    RETURN NULL;
END $$;

-- `parent` too: a moved unit's new path and depth are set by its BEFORE trigger
-- (db/tree/unit_path.sql), and a column trigger fires only for the columns the
-- UPDATE itself names. Without it a moved unit's rows kept its old path, so the
-- policy showed them to its old scope and the rankings placed them there.
-- Two triggers: an INSERT trigger's WHEN clause cannot name OLD. An UPDATE that
-- changes none of them writes nothing (a province's rows are those bulk approvals
-- lock).
DROP TRIGGER IF EXISTS unit_figure_follow_unit ON unit;
CREATE TRIGGER unit_figure_follow_unit AFTER INSERT ON unit
FOR EACH ROW EXECUTE FUNCTION unit_figure_follow_unit();
CREATE OR REPLACE TRIGGER unit_figure_follow_unit_change
AFTER UPDATE OF code, kind, parent, path, depth ON unit
FOR EACH ROW
WHEN ((OLD.code, OLD.kind, OLD.path, OLD.depth) IS DISTINCT FROM
      (NEW.code, NEW.kind, NEW.path, NEW.depth))
EXECUTE FUNCTION unit_figure_follow_unit();

-- Rows left behind by a move before that was mended describe their unit again.
UPDATE unit_figure f
   SET code = u.code, kind = u.kind, path = u.path, depth = u.depth
  FROM unit u
 WHERE u.id = f.unit
   AND (f.code, f.kind, f.path, f.depth) IS DISTINCT FROM (u.code, u.kind, u.path, u.depth);

-- A target set, changed or removed reaches its figure row.
CREATE OR REPLACE FUNCTION unit_figure_follow_target() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE unit_figure f
       SET target = (SELECT sum(quota) FROM target t
                      WHERE t.unit = f.unit AND t.phase = f.phase)
     WHERE (TG_OP <> 'DELETE' AND f.unit = NEW.unit AND f.phase = NEW.phase)
        OR (TG_OP <> 'INSERT' AND f.unit = OLD.unit AND f.phase = OLD.phase);
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER unit_figure_follow_target AFTER INSERT OR UPDATE OR DELETE ON target
FOR EACH ROW EXECUTE FUNCTION unit_figure_follow_target();
