"""The sending page's list for an administrator (issue 13's review).

An administrator's `/send` lists every draft and returned initiative, returned
first, in id order (domain/sending.py): without an index it read the whole
table, twice a page (the count, the page). Drafts and returned ones are few
beside the decided: the partial index stays small, and an entry leaves it when
the initiative is sent. Measured at 2,000,000 initiatives (80,000 of them drafts
or returned), administrator: the count 335 → 7–9 ms, the first page 486 → 1.5–2.5
ms, page 400 (offset 20,000) 84–131 ms.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T22:15:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "initiative_waiting: the drafts and returned ones, for /send"

STATEMENTS = [
    # In the page's order (returned before drafts, then by id): read forwards.
    "CREATE INDEX initiative_waiting ON initiative (status DESC, id)"
    " WHERE status IN ('draft', 'returned')",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Initiative(Table):
            pass

        for statement in STATEMENTS:
            await Initiative._meta.db.run_ddl(statement)

    manager.add_raw(run)
    return manager
