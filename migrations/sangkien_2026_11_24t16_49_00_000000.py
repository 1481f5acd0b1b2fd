"""Row policies that follow an initiative look it up by id.

`initiative IN (SELECT id FROM initiative)` made PostgreSQL collect every
initiative the caller may see (55,000 for a province of the generated national
data, read by a scan of all 2,000,000) and then search that list for each audit
row a manager's batch wrote: 1 s for 500 approvals. As `EXISTS` with the id it
is one primary-key lookup per row, under the initiative's own policy as before.
PostgreSQL only (SQLite has no policies).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T16:49:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "policies look initiatives up by id"


def _visible(table: str) -> str:
    return f"EXISTS (SELECT FROM initiative i WHERE i.id = {table}.initiative)"


PG = [
    f"ALTER POLICY scope ON authorship USING ({_visible('authorship')})"
    f" WITH CHECK ({_visible('authorship')})",
    f"ALTER POLICY scope ON status_change USING ({_visible('status_change')})",
    f"ALTER POLICY scope_insert ON status_change WITH CHECK ({_visible('status_change')})",
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
