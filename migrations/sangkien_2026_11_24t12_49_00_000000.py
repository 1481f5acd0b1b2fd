"""Approval batches: one per idempotency key and actor; scoped writes of the audit.

The approval workflow runs as its caller like everything else, so the scoped
staff role may now insert status-change rows (for initiatives it can see) and
its own batches; nobody edits either afterwards.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-24T12:49:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "approval batch rules"

BOTH = [
    "CREATE UNIQUE INDEX approval_batch_idempotency ON approval_batch (actor, idempotency_key)"
    " WHERE idempotency_key IS NOT NULL",
]
PG = [
    "ALTER TABLE approval_batch ADD CONSTRAINT approval_batch_action_check"
    " CHECK (action IN ('approve', 'reject', 'return', 'transfer', 'revoke'))",
    "GRANT INSERT ON status_change TO sangkien_staff",
    "GRANT USAGE ON SEQUENCE status_change_id_seq TO sangkien_staff",
    "CREATE POLICY scope_insert ON status_change FOR INSERT"
    " WITH CHECK (initiative IN (SELECT id FROM initiative))",
    "GRANT SELECT ON approval_batch TO sangkien_viewer, sangkien_staff",
    "GRANT INSERT ON approval_batch TO sangkien_staff",
    "GRANT USAGE ON SEQUENCE approval_batch_id_seq TO sangkien_staff",
    # A transfer forwards an initiative to the union the member should have picked,
    # which may lie outside the reviewer's scope: the workflow has checked the
    # caller may decide these initiatives; these two act beyond the scope.
    """
    CREATE FUNCTION unit_id_for_code(unit_code text) RETURNS integer LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
        SELECT id FROM unit WHERE code = unit_code
    $$
    """,
    """
    CREATE FUNCTION initiative_transfer(ids integer[], to_unit integer) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
        UPDATE initiative SET reviewing_unit = to_unit
         WHERE id = ANY(ids) AND status = 'pending'
    $$
    """,
    "ALTER TABLE approval_batch ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY own ON approval_batch FOR ALL USING (actor = sangkien_user())"
    " WITH CHECK (actor = sangkien_user())",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Unit(Table):
            pass

        engine = Unit._meta.db
        statements = BOTH + (PG if isinstance(engine, PostgresEngine) else [])
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
