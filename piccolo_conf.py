"""Piccolo configuration: PostgreSQL, from DATABASE_URL or embedded.

`postgres://…` in DATABASE_URL names the database; unset, the app starts (or
joins) the embedded PostgreSQL in `.pgdata/` and uses its `sangkien` database
(domain/embedded.py).
"""

import os
import warnings

from piccolo.conf.apps import AppRegistry

from domain.engine import Engine


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        from domain.embedded import server_url

        return server_url("sangkien")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"DATABASE_URL must start with postgres:// (got {url.split(':')[0]}:…)")
    return url


def make_engine() -> Engine:
    # Short queries: JIT compilation would cost more than it saves (35 ms on
    # the grassroots ranking), and sorts fit in 16 MB instead of on disk.
    # asyncpg prepares every statement; after five runs PostgreSQL would switch
    # to a generic plan, blind to whether a path range holds 60 units or 100,000
    # (the ranking went from 28 to 90 ms): plan each run for its parameters.
    settings = {"jit": "off", "work_mem": "16MB", "plan_cache_mode": "force_custom_plan"}
    # A connection attempt gives up after 5 s (asyncpg's default: 60), so that a
    # request during a network partition answers 503 soon.
    config = {"dsn": database_url(), "server_settings": settings, "timeout": 5}
    return Engine(config=config, log_queries=False)


# Piccolo warns when it cannot read the server version; start-up reports an
# unreachable database itself, in one line (domain.database.ensure_ready).
warnings.filterwarnings("ignore", message=r".*Unable to (connect|fetch server version)")

DB = make_engine()

APP_REGISTRY = AppRegistry(
    apps=[
        "tables.piccolo_app",
        "piccolo.apps.user.piccolo_app",
        "piccolo_api.session_auth.piccolo_app",
    ]
)
