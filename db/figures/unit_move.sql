-- A unit's move: its subtree's figures (its own row holds them) leave the old
-- ancestors and join the new ones; ancestors both paths share cancel out. The
-- move holds the tree's advisory lock (db/tree/unit_path.sql), so no roll-up
-- runs beside it.

CREATE OR REPLACE FUNCTION unit_figures_move() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    WITH moved AS (
        SELECT phase, valid, pending, returned, rejected, benefit_vnd
          FROM unit_figure WHERE unit = NEW.id
    ),
    ancestors AS (
        SELECT a.unit, -1 AS sign
          FROM unnest(string_to_array(trim(both '/' from OLD.path), '/')::integer[]) AS a(unit)
        UNION ALL
        SELECT a.unit, 1
          FROM unnest(string_to_array(trim(both '/' from NEW.path), '/')::integer[]) AS a(unit)
    ),
    rolled AS (
        SELECT t.unit, m.phase, sum(t.sign * m.valid) AS valid,
               sum(t.sign * m.pending) AS pending, sum(t.sign * m.returned) AS returned,
               sum(t.sign * m.rejected) AS rejected,
               sum(t.sign * m.benefit_vnd) AS benefit_vnd
          FROM moved m CROSS JOIN ancestors t
         WHERE t.unit <> NEW.id  -- the unit's own row moves with it
         GROUP BY t.unit, m.phase
    ),
    locked AS MATERIALIZED (
        SELECT f.unit, f.phase FROM unit_figure f
          JOIN rolled r ON r.unit = f.unit AND r.phase = f.phase
         WHERE r.valid <> 0 OR r.pending <> 0 OR r.returned <> 0 OR r.rejected <> 0
            OR r.benefit_vnd <> 0
         ORDER BY f.unit, f.phase
           FOR UPDATE OF f
    )
    UPDATE unit_figure AS f SET
        valid = f.valid + r.valid,
        pending = f.pending + r.pending,
        returned = f.returned + r.returned,
        rejected = f.rejected + r.rejected,
        benefit_vnd = f.benefit_vnd + r.benefit_vnd
      FROM rolled r JOIN locked l ON l.unit = r.unit AND l.phase = r.phase
     WHERE f.unit = r.unit AND f.phase = r.phase;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER unit_figures_move AFTER UPDATE OF parent ON unit
FOR EACH ROW WHEN (NEW.parent IS DISTINCT FROM OLD.parent)
EXECUTE FUNCTION unit_figures_move();
