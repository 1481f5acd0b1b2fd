"""Search without diacritics (issue 14, item 6): «lo hoi» finds «Lò hơi».

Every "contains" search (the admin's list filters, the review and sending pages,
the API's `filter.text`) compares `search_text(column)`, the text without
diacritics or case (db/functions/search.sql), through domain/search.py. The
trigram indexes move from the raw columns, which nothing searches any more, to
that expression.

The function is created here from its db/ file, since an index needs it before
db/ is applied (`manage.py migrate` applies db/ after the migrations); db/ then
keeps it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search without diacritics: unaccent, search_text(), trigram indexes on it"

# The function as the indexes were built on (db/functions/search.sql holds the
# current one, applied after this): a migration never reads a file that changes.
FUNCTION = """
CREATE OR REPLACE FUNCTION search_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(unaccent('unaccent'::regdictionary, value));
"""
# index → (table, column, storage options); the initiatives' keep the baseline's
# larger pending list (bulk loads, autovacuum merges it).
INDEXES = {
    "initiative_title_search": ("initiative", "title", " WITH (gin_pending_list_limit = 16384)"),
    "initiative_code_search": ("initiative", "code", " WITH (gin_pending_list_limit = 16384)"),
    "unit_name_search": ("unit", "name", ""),
    "unit_code_search": ("unit", "code", ""),
    "author_name_search": ("author", "name", ""),
}
REPLACED = (
    "initiative_title_trgm",
    "initiative_code_trgm",
    "unit_name_trgm",
    "unit_code_trgm",
    "author_name_trgm",
)


def statements() -> list[str]:
    return [
        # Trusted since PostgreSQL 13: the database's owner may create it.
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        FUNCTION,
        *(
            f"CREATE INDEX {name} ON {table} USING gin (search_text({column}) gin_trgm_ops)"
            + options
            for name, (table, column, options) in INDEXES.items()
        ),
        *(f"DROP INDEX {name}" for name in REPLACED),
        # The planner knows an expression's values only once analysed: without
        # it, a common word's first page took a bitmap scan of every match
        # (1.5 s at 2,000,000 initiatives) instead of walking the id index.
        "ANALYZE initiative, unit, author",
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="sangkien", description=DESCRIPTION)

    async def run():
        from piccolo.table import Table

        class Initiative(Table):
            pass

        for statement in statements():
            await Initiative._meta.db.run_ddl(statement)

    manager.add_raw(run)
    return manager
