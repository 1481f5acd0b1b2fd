"""The database's schema is what review saw: the migrations and db/ build exactly
db/schema.sql, committed migrations never change, and every file of db/ can be
applied again."""

import hashlib
from pathlib import Path

import pytest

from domain import db_files
from domain.database import NotReady, engine, ensure_ready, migrate, pending_migrations
from domain.schema_dump import dump

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "db" / "schema.sql"
FROZEN = ROOT / "migrations" / "frozen.sha256"
UPDATE = "python manage.py dump-schema > db/schema.sql"


def test_the_migrated_schema_is_the_committed_snapshot():
    built = dump()
    if built != SNAPSHOT.read_text(encoding="utf-8"):
        import difflib

        diff = difflib.unified_diff(
            SNAPSHOT.read_text(encoding="utf-8").splitlines(),
            built.splitlines(),
            "db/schema.sql",
            "migrated",
            lineterm="",
        )
        raise AssertionError(
            f"The schema differs from db/schema.sql; if that is intended: {UPDATE}\n"
            + "\n".join(list(diff)[:200])
        )


def test_committed_migrations_are_never_edited():
    """A migration runs once per database: editing it after it was committed
    changes nothing where it already ran. Change the schema with a new migration
    (and add its line here: `sha256sum migrations/sangkien_*.py`), or a rule by
    editing its file in db/."""
    recorded = dict(
        reversed(line.split()) for line in FROZEN.read_text().splitlines() if line.strip()
    )
    # Every module Piccolo loads from the folder, whatever its name.
    present = {p.name: p for p in (ROOT / "migrations").glob("*.py") if p.name != "__init__.py"}
    assert set(present) == {Path(name).name for name in recorded}, (
        "a migration is missing from migrations/frozen.sha256, or listed but gone"
    )
    for name, digest in recorded.items():
        path = present[Path(name).name]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{name} was edited"


async def test_every_db_file_applies_again_and_is_then_current():
    db = engine()
    await db.run_ddl("UPDATE db_file SET sha256 = 'changed'")
    assert len(await db_files.changed(db)) == len(db_files.files())
    assert await db_files.apply_changed(db) == [f.path for f in db_files.files()]
    assert await db_files.changed(db) == []
    assert dump() == SNAPSHOT.read_text(encoding="utf-8")


async def test_a_changed_file_holds_start_up_until_migrated_and_alone_is_applied():
    db = engine()
    await db.run_ddl("UPDATE db_file SET sha256 = 'edited' WHERE path = 'policies/target.sql'")
    assert await pending_migrations() == 1
    with pytest.raises(NotReady, match="pending migration"):
        await ensure_ready()
    assert await db_files.apply_changed(db) == ["policies/target.sql"]
    assert await pending_migrations() == 0


async def test_a_failing_file_applies_nothing_and_names_itself(monkeypatch):
    db = engine()
    await db.run_ddl("UPDATE db_file SET sha256 = 'edited' WHERE path = 'policies/target.sql'")
    broken = db_files.DbFile("rules/broken.sql", "CREATE FUNCTION broken() RETURNS int AS $$")
    every = db_files.files
    monkeypatch.setattr(db_files, "files", lambda: [*every(), broken])
    with pytest.raises(RuntimeError, match="db/rules/broken.sql"):
        await db_files.apply_changed(db)
    monkeypatch.undo()
    # The target policy was applied first, then rolled back with the rest.
    assert [f.path for f in await db_files.changed(db)] == ["policies/target.sql"]
    await db_files.apply_changed(db)


async def test_a_database_of_the_squashed_migrations_is_told_to_start_again():
    db = engine()
    await db.run_ddl(
        "INSERT INTO migration (name, app_name, ran_on)"
        " VALUES ('2026-11-24T10:22:35:444790', 'sangkien', now())"
    )
    try:
        with pytest.raises(NotReady, match="recreate it"):
            await migrate()
    finally:
        await db.run_ddl("DELETE FROM migration WHERE name = '2026-11-24T10:22:35:444790'")


@pytest.mark.usefixtures("empty_db")
async def test_the_tables_say_which_columns_may_be_null_as_the_database_does():
    """`piccolo migrations new --auto` compares the migrations with the tables: a
    column the tables call nullable but the database holds NOT NULL (a rule relies
    on it) would come back as a migration dropping the NOT NULL."""
    from tables.piccolo_app import TABLES

    rows = await engine().run_ddl(
        "SELECT table_name, column_name, is_nullable = 'YES' AS nullable"
        " FROM information_schema.columns WHERE table_schema = 'public'"
    )
    database = {(r["table_name"], r["column_name"]): r["nullable"] for r in rows}
    differ = [
        f"{table._meta.tablename}.{column._meta.db_column_name}"
        for table in TABLES
        for column in table._meta.columns
        if database.get((table._meta.tablename, column._meta.db_column_name), column._meta.null)
        != column._meta.null
    ]
    assert differ == []
