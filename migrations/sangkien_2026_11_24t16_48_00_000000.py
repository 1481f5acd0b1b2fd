"""Lean write path for status changes (bulk approval: 10,000 in one request).

A status change cannot stay on its heap page without new index entries (status is
indexed), so every index of `initiative` gets one entry per decided initiative, and
every index of `unit_figure` one per figure row the roll-up touches. The previous
migration dropped the column indexes another index already leads with, and those of
field, status, submission date and decider; this one drops the single-column indexes
on a handful of values, each a large share of the rows, which a filter on them
cannot use well. The confidential flag keeps a partial index (the few
confidential rows); the status index becomes a partial one of the pending queue. The
rank indexes of `unit_figure` go too: with nothing counted indexed and room left on
each page (fillfactor 70), a roll-up's update is a heap-only one; a ranking then
sorts the units of its range, read through `unit_figure_by_place`. A batch of 10,000
adds some 3 MB to each trigram index's pending list: at the default 4 MB limit the
request that crosses it merges the list into the index in the foreground (+15 % on
the batch); at 16 MB autovacuum does it (searches scan the pending list until then).
The scope guard now fires only when what it guards changes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T16:48:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "lean write path for status changes"

BOTH = [
    "DROP INDEX IF EXISTS initiative_solution_type",
    "DROP INDEX IF EXISTS initiative_recognition_form",
    "DROP INDEX IF EXISTS initiative_recognition_scope",
    "DROP INDEX IF EXISTS initiative_confidential",
    "CREATE INDEX initiative_confidential ON initiative (id) WHERE confidential",
    "DROP INDEX IF EXISTS status_change_to_status",
    # The whole queue in order (administrators); a decided initiative leaves it
    # without a write, since its new row version is not pending.
    "CREATE INDEX initiative_pending ON initiative (submitted_on, id) WHERE status = 'pending'",
]
PG = [
    "DROP INDEX IF EXISTS unit_figure_by_percent",
    "DROP INDEX IF EXISTS unit_figure_by_valid",
    "ALTER TABLE unit_figure SET (fillfactor = 70)",
    # Rewrites the rows with that room, in the order the roll-up locks them.
    "CLUSTER unit_figure USING unit_figure_unit_phase",
    "ANALYZE unit_figure",
    "ALTER INDEX initiative_title_trgm SET (gin_pending_list_limit = 16384)",
    "ALTER INDEX initiative_code_trgm SET (gin_pending_list_limit = 16384)",
    "DROP TRIGGER initiative_scope_guard ON initiative",
    "CREATE TRIGGER initiative_scope_guard"
    " BEFORE INSERT OR UPDATE OF unit, reviewing_unit, confidential ON initiative"
    " FOR EACH ROW EXECUTE FUNCTION initiative_scope_guard()",
]

# SQLite keeps no figures; its `unit_figure` only needs phase deletions to find rows.
SQLITE = ["CREATE INDEX unit_figure_phase ON unit_figure (phase)"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        engine = Unit._meta.db
        statements = BOTH + (PG if isinstance(engine, PostgresEngine) else SQLITE)
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
