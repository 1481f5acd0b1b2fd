"""The database's functions, triggers, views, policies and grants, from `db/`.

Each file under `db/` holds the current text of one rule (or one coherent group),
written to be run again: `CREATE OR REPLACE`, `DROP … IF EXISTS` then `CREATE`.
`manage.py migrate` runs Piccolo's migrations (the tables), then every file whose
content changed since it was last applied, in one transaction, and records each
file's SHA-256 in the table `db_file`. Changing a rule is editing its file.

Groups run in the order below, files within a group by name: later groups use
what earlier ones define. Function bodies are not checked when created (as
pg_dump's output does), so functions of one group may call each other in any order.
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
    "figures",
    "guards",
    "workflow",
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
    found: list[DbFile] = []
    for group in GROUPS:
        place = DB / group
        paths = [place] if place.suffix == ".sql" else sorted(place.glob("*.sql"))
        found += [DbFile(str(p.relative_to(DB)), p.read_text(encoding="utf-8")) for p in paths]
    unlisted = {str(p.relative_to(DB)) for p in DB.rglob("*.sql")} - {f.path for f in found}
    unlisted.discard("schema.sql")  # the snapshot (tests/test_schema.py), not a rule
    if unlisted:
        raise RuntimeError(f"db/ files outside every group of GROUPS: {sorted(unlisted)}")
    return found


async def changed(db: PostgresEngine) -> list[DbFile]:
    """The files whose content differs from what the database last applied."""
    rows = await db.run_ddl("SELECT path, sha256 FROM db_file")
    return _differing(rows)


def _differing(rows: list) -> list[DbFile]:
    applied = {row["path"]: row["sha256"] for row in rows}
    return [f for f in files() if applied.get(f.path) != f.sha256]


async def apply_changed(db: PostgresEngine) -> list[str]:
    """Apply the changed files in one transaction; the paths applied."""
    async with db.transaction() as transaction:
        connection = transaction.connection
        # Two migrating processes would otherwise both apply (and then wait on
        # each other's locks); the second finds nothing left to do.
        await connection.execute("SELECT pg_advisory_xact_lock(hashtext('sangkien.db_files'))")
        await connection.execute("SET LOCAL check_function_bodies = off")
        todo = _differing(await connection.fetch("SELECT path, sha256 FROM db_file"))
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
