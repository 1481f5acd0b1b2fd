"""Kept progress figures on PostgreSQL: triggers, the recount view, scoping.

`unit_figure` holds, per unit and phase, the counts of the unit's whole subtree
(domain.md: an initiative counts for its own unit and every ancestor, in the
phase whose window holds its submission date). Triggers keep it exact:

- initiatives: one statement-level trigger per event turns the statement's
  transition tables into signed deltas, rolls them up to every ancestor (read
  off the materialised path) and upserts them in (unit, phase) order, so
  concurrent writers queue on the same rows instead of deadlocking;
- a unit's move: its subtree's figures leave the old ancestors and join the new;
  moves (and rebuilds) take the tree's advisory lock exclusively and initiative
  writers take it shared, so no writer rolls up to ancestors a move is changing;
- a phase's dates: the figures are rebuilt (a rare, administrator-only change).

`unit_figure_recount` is the same figures counted from the base rows: the
rebuild inserts it, and `unit_figure_drift()` compares it with the kept rows.
SQLite counts at request time and gets only the unique index.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T12:04:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "kept progress figures"

UNIQUE = "CREATE UNIQUE INDEX unit_figure_unit_phase ON unit_figure (unit, phase)"

# Every ancestor of a unit, itself included, from its path '/1/5/23/'.
ANCESTORS = "unnest(string_to_array(trim(both '/' from {path}), '/')::integer[])"
COUNTS = "valid, pending, returned, rejected, benefit_vnd"


def _per_status(sign: str, row: str) -> str:
    return f"""
        sum(CASE WHEN {row}.status = 'approved' THEN {sign} ELSE 0 END) AS valid,
        sum(CASE WHEN {row}.status = 'pending' THEN {sign} ELSE 0 END) AS pending,
        sum(CASE WHEN {row}.status = 'returned' THEN {sign} ELSE 0 END) AS returned,
        sum(CASE WHEN {row}.status = 'rejected' THEN {sign} ELSE 0 END) AS rejected,
        sum(CASE WHEN {row}.status = 'approved'
                 THEN {sign} * coalesce({row}.benefit_vnd, 0) ELSE 0 END) AS benefit_vnd"""


# Title edits and the like net to zero: they must not touch the ancestors' rows.
NONZERO = "valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0 OR benefit_vnd <> 0"
# Every unit has a row for every phase (the rebuild makes them, a new unit gets
# its own), so a roll-up only updates: rows are locked in (unit, phase) order,
# so that concurrent writers queue instead of deadlocking.
UPSERT = f"""
    , locked AS MATERIALIZED (
        SELECT f.unit, f.phase FROM unit_figure f
          JOIN rolled r ON r.unit = f.unit AND r.phase = f.phase
         WHERE {
    NONZERO.replace("valid", "r.valid")
    .replace("pending", "r.pending")
    .replace("returned", "r.returned")
    .replace("rejected", "r.rejected")
    .replace("benefit_vnd", "r.benefit_vnd")
}
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
     WHERE f.unit = r.unit AND f.phase = r.phase
"""


def _apply(changes: str) -> str:
    """Upsert the signed deltas of `changes` (unit, submitted_on, status, benefit_vnd, sign)."""
    return f"""
    WITH changes AS ({changes}),
    deltas AS (
        SELECT c.unit, ph.id AS phase, {_per_status("c.sign", "c")}
          FROM changes c JOIN phase ph ON c.submitted_on BETWEEN ph.start_date AND ph.end_date
         GROUP BY c.unit, ph.id
    ),
    rolled AS (
        SELECT a.unit, d.phase, sum(d.valid) AS valid, sum(d.pending) AS pending,
               sum(d.returned) AS returned, sum(d.rejected) AS rejected,
               sum(d.benefit_vnd) AS benefit_vnd
          FROM (SELECT * FROM deltas WHERE {NONZERO}) d JOIN unit u ON u.id = d.unit
         CROSS JOIN LATERAL {ANCESTORS.format(path="u.path")} AS a(unit)
         GROUP BY a.unit, d.phase
    ){UPSERT}
    """


_ROWS = "SELECT unit, submitted_on, status, benefit_vnd, {sign} AS sign FROM {table}"
PG = [
    UNIQUE,
    f"""
    CREATE VIEW unit_figure_recount AS
    SELECT a.unit, ph.id AS phase, {_per_status("1", "i")}
      FROM initiative i
      JOIN phase ph ON i.submitted_on BETWEEN ph.start_date AND ph.end_date
      JOIN unit u ON u.id = i.unit
     CROSS JOIN LATERAL {ANCESTORS.format(path="u.path")} AS a(unit)
     WHERE i.status IN ('approved', 'pending', 'returned', 'rejected')
     GROUP BY a.unit, ph.id
    """,
    f"""
    CREATE FUNCTION unit_figure_rebuild() RETURNS void LANGUAGE sql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
        DELETE FROM unit_figure;
        INSERT INTO unit_figure (unit, phase, {COUNTS})
        SELECT unit, phase, {COUNTS} FROM unit_figure_recount;
    $$
    """,
    # Rows where the kept figures and a recount disagree (none, unless broken).
    """
    CREATE FUNCTION unit_figure_drift()
    RETURNS TABLE (unit integer, phase integer, kept numeric[], counted numeric[])
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(k.unit, c.unit), coalesce(k.phase, c.phase),
               ARRAY[k.valid, k.pending, k.returned, k.rejected, k.benefit_vnd]::numeric[],
               ARRAY[c.valid, c.pending, c.returned, c.rejected, c.benefit_vnd]::numeric[]
          FROM (SELECT * FROM unit_figure
                 WHERE valid <> 0 OR pending <> 0 OR returned <> 0 OR rejected <> 0
                    OR benefit_vnd <> 0) k
          FULL JOIN unit_figure_recount c ON c.unit = k.unit AND c.phase = k.phase
         WHERE (k.valid, k.pending, k.returned, k.rejected, k.benefit_vnd)
               IS DISTINCT FROM (c.valid, c.pending, c.returned, c.rejected, c.benefit_vnd)
    $$
    """,
    f"""
    CREATE FUNCTION initiative_figures() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        -- Shared with other writers, exclusive with a unit's move (unit_before_write)
        -- and a rebuild: the ancestors read below are the committed ones.
        PERFORM pg_advisory_xact_lock_shared(hashtext('sangkien.unit_tree'));
        IF TG_OP = 'INSERT' THEN
            {_apply(_ROWS.format(sign=1, table="new_rows"))};
        ELSIF TG_OP = 'UPDATE' THEN
            {
        _apply(
            _ROWS.format(sign=1, table="new_rows")
            + " UNION ALL "
            + _ROWS.format(sign=-1, table="old_rows")
        )
    };
        ELSE
            {_apply(_ROWS.format(sign=-1, table="old_rows"))};
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER initiative_figures_insert AFTER INSERT ON initiative"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_figures()",
    "CREATE TRIGGER initiative_figures_update AFTER UPDATE ON initiative"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION initiative_figures()",
    "CREATE TRIGGER initiative_figures_delete AFTER DELETE ON initiative"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_figures()",
    f"""
    CREATE FUNCTION unit_figures_move() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        WITH moved AS (
            SELECT phase, {COUNTS} FROM unit_figure WHERE unit = NEW.id
        ),
        ancestors AS (
            SELECT a.unit, -1 AS sign FROM {ANCESTORS.format(path="OLD.path")} AS a(unit)
            UNION ALL
            SELECT a.unit, 1 FROM {ANCESTORS.format(path="NEW.path")} AS a(unit)
        ),
        rolled AS (
            SELECT t.unit, m.phase, sum(t.sign * m.valid) AS valid,
                   sum(t.sign * m.pending) AS pending, sum(t.sign * m.returned) AS returned,
                   sum(t.sign * m.rejected) AS rejected,
                   sum(t.sign * m.benefit_vnd) AS benefit_vnd
              FROM moved m CROSS JOIN ancestors t
             WHERE t.unit <> NEW.id  -- shared ancestors cancel out
             GROUP BY t.unit, m.phase
        ){UPSERT};
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER unit_figures_move AFTER UPDATE OF parent ON unit FOR EACH ROW"
    " WHEN (NEW.parent IS DISTINCT FROM OLD.parent) EXECUTE FUNCTION unit_figures_move()",
    """
    CREATE FUNCTION phase_figures() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('sangkien.unit_tree'));
        PERFORM unit_figure_rebuild();
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER phase_figures AFTER INSERT OR UPDATE OF start_date, end_date OR DELETE"
    " ON phase FOR EACH STATEMENT EXECUTE FUNCTION phase_figures()",
    # Scoped like targets: a unit's figures are visible with the unit.
    "GRANT SELECT ON unit_figure TO sangkien_viewer, sangkien_staff",
    "ALTER TABLE unit_figure ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY scope ON unit_figure FOR SELECT USING (unit IN (SELECT id FROM unit))",
    "SELECT unit_figure_rebuild()",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        engine = Unit._meta.db
        statements = PG if isinstance(engine, PostgresEngine) else [UNIQUE]
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
