"""A batch may send, withdraw and reopen initiatives, as well as decide them (issue 13).

The staff's sending (submit, resubmit), withdrawing and a manager's reopening of a
decided initiative go through the same workflow as the decisions, and their
batches are kept beside the decisions' (domain/vocabulary.py ACTIONS).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T20:13:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the workflow's new actions in approval_batch_action_check"

STATEMENTS = [
    "ALTER TABLE approval_batch DROP CONSTRAINT approval_batch_action_check",
    "ALTER TABLE approval_batch ADD CONSTRAINT approval_batch_action_check CHECK (action IN"
    " ('submit', 'resubmit', 'withdraw', 'approve', 'reject', 'return', 'transfer', 'reopen',"
    " 'revoke'))",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class ApprovalBatch(Table):
            pass

        for statement in STATEMENTS:
            await ApprovalBatch._meta.db.run_ddl(statement)

    manager.add_raw(run)
    return manager
