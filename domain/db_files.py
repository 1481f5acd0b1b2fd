"""The database's functions, triggers, views, policies and grants, from `db/`.

Each file under `db/` holds the current text of one rule (or one coherent group),
written to be run again: `CREATE OR REPLACE`, `DROP … IF EXISTS` then `CREATE`.
`manage.py migrate` runs Piccolo's migrations (the tables), then every file whose
content changed since it was last applied, in one transaction, and records each
file's SHA-256 in the table `db_file`. Changing a rule is editing its file.

Groups run in the order below, files within a group by name (a file named
before its group goes first): later files use what earlier ones define, and each
function's body is checked as it is created. A change that `CREATE OR REPLACE`
cannot make (a view's columns, a function's arguments or result) needs the old
object dropped first, in its file.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from piccolo.engine.postgres import PostgresEngine

DB = Path(__file__).resolve().parent.parent / "db"
GROUPS = (
    "roles.sql",
    "functions",
    "tree",
    "rules",
    "figures/recount.sql",  # the rebuild and the drift check read it
    "figures",
    "guards",
    "workflow",
    "history",
    "policies",
    "grants.sql",
)


@dataclass(frozen=True)
class DbFile:
    path: str  # relative to db/, e.g. "policies/initiative.sql"
    sql: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def files() -> list[DbFile]:
    """Every file of db/ that is applied, in the order it is applied."""
    found: dict[str, DbFile] = {}
    for group in GROUPS:
        place = DB / group
        for path in [place] if place.suffix == ".sql" else sorted(place.glob("*.sql")):
            name = str(path.relative_to(DB))
            found.setdefault(name, DbFile(name, path.read_text(encoding="utf-8")))
    unlisted = {str(p.relative_to(DB)) for p in DB.rglob("*.sql")} - set(found)
    unlisted.discard("schema.sql")  # the snapshot (tests/test_schema.py), not a rule
    if unlisted:
        raise RuntimeError(f"db/ files outside every group of GROUPS: {sorted(unlisted)}")
    return list(found.values())


async def changed(db: PostgresEngine) -> list[DbFile]:
    """The files whose content differs from what the database last applied."""
    rows = await db.run_ddl("SELECT path, sha256 FROM db_file")
    return _differing(rows)


def _differing(rows: list) -> list[DbFile]:
    applied = {row["path"]: row["sha256"] for row in rows}
    return [f for f in files() if applied.get(f.path) != f.sha256]


async def apply_changed(db: PostgresEngine, every: bool = False) -> list[str]:
    """Apply the changed files (`every`: all of them) in one transaction; the paths
    applied. Any failure rolls the whole step back."""
    async with db.transaction() as transaction:
        connection = transaction.connection
        # Two migrating processes would otherwise both apply (and then wait on
        # each other's locks); the second finds nothing left to do.
        await connection.execute("SELECT pg_advisory_xact_lock(hashtext('sangkien.db_files'))")
        # Its DDL locks hot tables: rather fail than queue the app behind it for long.
        await connection.execute("SET LOCAL lock_timeout = '30s'")
        applied = await connection.fetch("SELECT path, sha256 FROM db_file")
        todo = files() if every else _differing(applied)
        for file in todo:
            try:
                await connection.execute(file.sql)
            except Exception as problem:
                raise RuntimeError(f"db/{file.path}: {problem}") from problem
            await connection.execute(
                "INSERT INTO db_file (path, sha256) VALUES ($1, $2)"
                " ON CONFLICT (path) DO UPDATE SET sha256 = $2, applied_at = now()",
                file.path,
                file.sha256,
            )
    return [f.path for f in todo]
