-- The kept progress figures (table unit_figure: per unit and phase, the counts
-- of the unit's whole subtree, domain.md) follow every write of initiatives.
-- One statement-level trigger per event turns the statement's changed rows
-- (its transition tables) into signed deltas per unit and phase, rolls them up
-- to every ancestor (read off the materialised path, the unit itself included)
-- and adds them to the existing rows, locked in (unit, phase) order so that
-- concurrent writers queue instead of deadlocking. Every unit has a row for
-- every phase (db/figures/describe.sql), so a roll-up only updates. Title
-- edits and the like net to zero and touch no row.
-- The three branches differ only in `changes`: a trigger may read only the
-- transition tables of its own event.

CREATE OR REPLACE FUNCTION initiative_figures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    -- Shared with other writers, exclusive with a unit's move (unit_before_write)
    -- and a rebuild: the ancestors read below are the committed ones.
    PERFORM pg_advisory_xact_lock_shared(hashtext('sangkien.unit_tree'));
    IF TG_OP = 'INSERT' THEN
        WITH changes AS (SELECT unit, submitted_on, status, benefit_vnd, 1 AS sign FROM new_rows),
        deltas AS (
            SELECT c.unit, ph.id AS phase,
                   sum(CASE WHEN c.status = 'approved' THEN c.sign ELSE 0 END) AS valid,
                   sum(CASE WHEN c.status = 'pending' THEN c.sign ELSE 0 END) AS pending,
                   sum(CASE WHEN c.status = 'returned' THEN c.sign ELSE 0 END) AS returned,
                   sum(CASE WHEN c.status = 'rejected' THEN c.sign ELSE 0 END) AS rejected,
                   sum(CASE WHEN c.status = 'approved'
                            THEN c.sign * coalesce(c.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
              FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
             GROUP BY c.unit, ph.id
        ),
        rolled AS (
            SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
                   sum(d.returned) AS returned, sum(d.rejected) AS rejected,
                   sum(d.benefit_vnd) AS benefit_vnd
              FROM (SELECT * FROM deltas
                     WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                        OR benefit_vnd <> 0) d
              JOIN unit u ON u.id = d.unit
             CROSS JOIN LATERAL
                   unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
             GROUP BY a.unit, d.phase
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
    ELSIF TG_OP = 'UPDATE' THEN
        WITH changes AS (
            SELECT unit, submitted_on, status, benefit_vnd, 1 AS sign FROM new_rows
            UNION ALL
            SELECT unit, submitted_on, status, benefit_vnd, -1 AS sign FROM old_rows
        ),
        deltas AS (
            SELECT c.unit, ph.id AS phase,
                   sum(CASE WHEN c.status = 'approved' THEN c.sign ELSE 0 END) AS valid,
                   sum(CASE WHEN c.status = 'pending' THEN c.sign ELSE 0 END) AS pending,
                   sum(CASE WHEN c.status = 'returned' THEN c.sign ELSE 0 END) AS returned,
                   sum(CASE WHEN c.status = 'rejected' THEN c.sign ELSE 0 END) AS rejected,
                   sum(CASE WHEN c.status = 'approved'
                            THEN c.sign * coalesce(c.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
              FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
             GROUP BY c.unit, ph.id
        ),
        rolled AS (
            SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
                   sum(d.returned) AS returned, sum(d.rejected) AS rejected,
                   sum(d.benefit_vnd) AS benefit_vnd
              FROM (SELECT * FROM deltas
                     WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                        OR benefit_vnd <> 0) d
              JOIN unit u ON u.id = d.unit
             CROSS JOIN LATERAL
                   unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
             GROUP BY a.unit, d.phase
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
    ELSIF TG_OP = 'DELETE' THEN
        WITH changes AS (SELECT unit, submitted_on, status, benefit_vnd, -1 AS sign FROM old_rows),
        deltas AS (
            SELECT c.unit, ph.id AS phase,
                   sum(CASE WHEN c.status = 'approved' THEN c.sign ELSE 0 END) AS valid,
                   sum(CASE WHEN c.status = 'pending' THEN c.sign ELSE 0 END) AS pending,
                   sum(CASE WHEN c.status = 'returned' THEN c.sign ELSE 0 END) AS returned,
                   sum(CASE WHEN c.status = 'rejected' THEN c.sign ELSE 0 END) AS rejected,
                   sum(CASE WHEN c.status = 'approved'
                            THEN c.sign * coalesce(c.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd
              FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
             GROUP BY c.unit, ph.id
        ),
        rolled AS (
            SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
                   sum(d.returned) AS returned, sum(d.rejected) AS rejected,
                   sum(d.benefit_vnd) AS benefit_vnd
              FROM (SELECT * FROM deltas
                     WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                        OR benefit_vnd <> 0) d
              JOIN unit u ON u.id = d.unit
             CROSS JOIN LATERAL
                   unnest(string_to_array(trim(both '/' from u.path), '/')::integer[]) AS a(unit)
             GROUP BY a.unit, d.phase
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
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER initiative_figures_insert AFTER INSERT ON initiative
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION initiative_figures();

CREATE OR REPLACE TRIGGER initiative_figures_update AFTER UPDATE ON initiative
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION initiative_figures();

CREATE OR REPLACE TRIGGER initiative_figures_delete AFTER DELETE ON initiative
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION initiative_figures();
