"""The edit history's CHECK and index (its table: the previous migration).

Read by initiative, oldest first: one index on (initiative, at) serves it and the
foreign key. Its field names the initiative's column (or an author's share): a
CHECK allows exactly the vocabulary (tests/test_vocabulary.py).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T19:51:39:000000"
VERSION = "1.38.0"
DESCRIPTION = "initiative edit history: field check and index"

# The vocabulary as of this migration (domain.vocabulary.EDITED_FIELDS).
EDITED = (
    "code", "title", "summary", "field", "solution_type", "unit", "reviewing_unit",
    "submitted_on", "first_applied_on", "benefit_vnd", "recognition_form", "decision_number",
    "decision_date", "issuing_body", "recognition_scope", "confidential", "decision_note",
    "share",
)  # fmt: skip
STATEMENTS = [
    "ALTER TABLE initiative_edit ADD CONSTRAINT initiative_edit_field_check CHECK (field IN ("
    + ", ".join(f"'{name}'" for name in EDITED)
    + "))",
    "CREATE INDEX initiative_edit_initiative_at ON initiative_edit (initiative, at)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class InitiativeEdit(Table):
            pass

        for statement in STATEMENTS:
            await InitiativeEdit._meta.db.run_ddl(statement)

    manager.add_raw(run)
    return manager
