"""Rankable figures on PostgreSQL: each unit_figure row also carries its unit's
code, kind, path and depth, its phase target and percent, kept by triggers.

A ranking of any set of units in a phase is then an index scan of one table in
rank order (percent or valid), stopping after one page, instead of joining and
sorting 100,000 units per request. Every unit has a row for every phase (zeros
until it has initiatives), so units without initiatives rank too.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T12:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "rankable figures"

PG = [
    "ALTER TABLE unit_figure ADD COLUMN code varchar(32) NOT NULL DEFAULT '',"
    " ADD COLUMN kind varchar(32) NOT NULL DEFAULT '',"
    " ADD COLUMN path varchar(255) COLLATE \"C\" NOT NULL DEFAULT '',"
    " ADD COLUMN depth integer NOT NULL DEFAULT 0,"
    " ADD COLUMN target integer,"
    " ADD COLUMN pct numeric GENERATED ALWAYS AS"
    " (CASE WHEN target > 0 THEN round(valid * 100.0 / target, 1) END) STORED",
    # Whoever inserts a row (a roll-up, a rebuild), it describes its unit and target.
    """
    CREATE FUNCTION unit_figure_describe() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        SELECT u.code, u.kind, u.path, u.depth INTO NEW.code, NEW.kind, NEW.path, NEW.depth
          FROM unit u WHERE u.id = NEW.unit;
        NEW.target := (SELECT sum(quota) FROM target WHERE unit = NEW.unit AND phase = NEW.phase);
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER unit_figure_describe BEFORE INSERT ON unit_figure"
    " FOR EACH ROW EXECUTE FUNCTION unit_figure_describe()",
    """
    CREATE FUNCTION unit_figure_follow_unit() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
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
    END $$
    """,
    "CREATE TRIGGER unit_figure_follow_unit AFTER INSERT OR UPDATE OF code, kind, path, depth"
    " ON unit FOR EACH ROW EXECUTE FUNCTION unit_figure_follow_unit()",
    """
    CREATE FUNCTION unit_figure_follow_target() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        UPDATE unit_figure f
           SET target = (SELECT sum(quota) FROM target t
                          WHERE t.unit = f.unit AND t.phase = f.phase)
         WHERE (TG_OP <> 'DELETE' AND f.unit = NEW.unit AND f.phase = NEW.phase)
            OR (TG_OP <> 'INSERT' AND f.unit = OLD.unit AND f.phase = OLD.phase);
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER unit_figure_follow_target AFTER INSERT OR UPDATE OR DELETE ON target"
    " FOR EACH ROW EXECUTE FUNCTION unit_figure_follow_target()",
    # The rebuild now gives every unit a row for every phase.
    """
    CREATE OR REPLACE FUNCTION unit_figure_rebuild() RETURNS void LANGUAGE sql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
        DELETE FROM unit_figure;
        INSERT INTO unit_figure (unit, phase, valid, pending, returned, rejected, benefit_vnd)
        SELECT u.id, ph.id, coalesce(c.valid, 0), coalesce(c.pending, 0),
               coalesce(c.returned, 0), coalesce(c.rejected, 0), coalesce(c.benefit_vnd, 0)
          FROM unit u CROSS JOIN phase ph
          LEFT JOIN unit_figure_recount c ON c.unit = u.id AND c.phase = ph.id
         ORDER BY u.id, ph.id;
    $$
    """,
    "CREATE INDEX unit_figure_by_percent ON unit_figure (phase, pct DESC NULLS LAST, code)",
    "CREATE INDEX unit_figure_by_valid ON unit_figure (phase, valid DESC, code)",
    "CREATE INDEX unit_figure_by_place ON unit_figure (phase, path, depth, kind)",
    "SELECT unit_figure_rebuild()",
    "ANALYZE unit_figure",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        engine = Unit._meta.db
        if isinstance(engine, PostgresEngine):
            for statement in PG:
                await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
