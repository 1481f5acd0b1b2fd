"""The database's schema is what review saw: the migrations and db/ build exactly
db/schema.sql, committed migrations never change, and every file of db/ can be
applied again."""

import hashlib
from pathlib import Path

from domain import db_files
from domain.database import engine
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
    present = {p.name: p for p in (ROOT / "migrations").glob("sangkien_*.py")}
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


def test_every_db_file_belongs_to_a_group():
    listed = {f.path for f in db_files.files()}
    on_disk = {str(p.relative_to(ROOT / "db")) for p in (ROOT / "db").rglob("*.sql")}
    assert on_disk - listed == {"schema.sql"}
