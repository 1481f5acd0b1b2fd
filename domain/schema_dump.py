"""The database's schema as `db/schema.sql` holds it: `pg_dump --schema-only`,
without what varies between machines and runs (comments, settings, owners).

tests/test_schema.py compares the migrated test database with the snapshot, so
every change to the database shows up in review as a readable diff. After a
deliberate change: `python manage.py dump-schema > db/schema.sql`.
"""

import os
import re
import subprocess

from domain.database import engine
from domain.embedded import pg_dump

# Lines that say nothing about the schema: pg_dump's session settings, the
# \restrict guard that newer pg_dump releases add with a random key, and a
# per-column option some PostgreSQL builds stamp on every column.
_NOISE = re.compile(
    r"^(SET |SELECT pg_catalog\.set_config|\\restrict |\\unrestrict )"
    r"|^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);$"
)


def normalise(dump: str) -> str:
    lines = [line.rstrip() for line in dump.splitlines()]
    kept = [line for line in lines if not line.startswith("--") and not _NOISE.match(line)]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return text + "\n"


def dump(dsn: str | None = None) -> str:
    dsn = dsn or engine().config["dsn"]
    command = [str(pg_dump()), "--schema-only", "--no-owner", "--no-comments", "--dbname", dsn]
    # The wheel's pg_dump reads any server we support; it runs as whoever we are.
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PGCONNECT_TIMEOUT": "10"}
    )
    if result.returncode:
        raise RuntimeError(f"pg_dump failed: {result.stderr.strip()}")
    return normalise(result.stdout)
