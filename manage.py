"""Command line: `python manage.py --help`.

serve           check the database (the embedded PostgreSQL migrates itself),
                optionally load the demo, and run the app with uvicorn
migrate         apply every pending migration, then the changed files of db/
create-admin    create an administrator account
create-account  create an account with a role and a unit
issue-token     issue an API token for a user (printed once, stored hashed)
list-tokens     list tokens
revoke-token    revoke a token by id; it stops working at once
load-demo       load the Thái Nguyên seed scenario into an empty database
generate        load a national-scale programme into an empty database
check-figures   recount the kept progress figures from the base rows and compare
                (`--repair` rebuilds them); exit 1 on any difference
dump-schema     print the database's schema as db/schema.sql holds it
"""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Callable

from domain.vocabulary import ROLES

Command = Callable[[argparse.Namespace], None]


def _run(coroutine):
    try:
        return asyncio.run(coroutine)
    except Exception as problem:  # one clear line, not a traceback
        from asyncpg import PostgresError

        from domain.database import NotReady

        if isinstance(problem, NotReady | ValueError | RuntimeError | OSError | PostgresError):
            print(f"error: {problem}", file=sys.stderr)
            raise SystemExit(2) from None
        raise


def _password(args) -> str:
    password = args.password or os.environ.get("SANGKIEN_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit("error: give --password or set SANGKIEN_PASSWORD")
    return getpass.getpass("Password: ")


async def _ready(migrate: bool = True) -> None:
    """Raise NotReady unless the database is migrated. `migrate`: the embedded
    database (no DATABASE_URL) is the app's own and migrates itself; a configured
    one is migrated by its operator (`manage.py migrate`)."""
    from domain.database import ensure_ready
    from domain.database import migrate as run_migrations

    if migrate and not os.environ.get("DATABASE_URL", "").strip():
        await run_migrations()
    await ensure_ready()


async def serve_prepare(demo: bool) -> None:
    from demo.thai_nguyen import DEMO_PASSWORD, ensure_admin, load
    from domain.addresses import trusted_proxies
    from tables.units import Unit

    trusted_proxies()  # a value that is no address stops here, in one line
    await _ready()
    if demo and not await Unit.count():
        counts = await load()
        print(f"Loaded the Thái Nguyên demo: {counts}")
    if demo and await ensure_admin():
        print(f"Created the demo administrator: admin / {DEMO_PASSWORD}")


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from domain.addresses import trusted_proxies

    _run(serve_prepare(args.demo))
    # uvicorn would take X-Forwarded-For and -Proto from 127.0.0.1 by default:
    # only from SANGKIEN_TRUSTED_PROXIES, as the login limit does (domain.addresses).
    proxies = [str(network) for network in trusted_proxies()]  # checked by serve_prepare
    uvicorn.run(
        "app:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies,
        # Shutdown waits this long for requests in flight, then cancels them (their
        # transactions roll back); with the pool's 5 s it stays within 10 s.
        timeout_graceful_shutdown=4,
    )


def cmd_migrate(args: argparse.Namespace) -> None:
    from domain.database import migrate

    async def run() -> None:
        for path in await migrate():
            print(f"applied db/{path}")

    _run(run())


def cmd_dump_schema(args: argparse.Namespace) -> None:
    from domain.schema_dump import dump

    print(dump(), end="")


def cmd_create_admin(args: argparse.Namespace) -> None:
    _create(args, "admin", None)


def cmd_create_account(args: argparse.Namespace) -> None:
    _create(args, args.role, args.unit)


def _create(args: argparse.Namespace, role: str, unit: str | None) -> None:
    from domain.accounts import create_account

    password = _password(args)

    async def create() -> None:
        await _ready(migrate=False)
        user = await create_account(args.username, password, role, unit, args.email)
        print(f"Created {role} {user.username} (id {user.id}).")

    _run(create())


def cmd_issue_token(args: argparse.Namespace) -> None:
    from domain.tokens import issue_token

    async def issue_one() -> None:
        await _ready(migrate=False)
        token = await issue_token(args.username, args.name, args.days)
        print(token)
        print("Keep it now: it is stored only as a hash.", file=sys.stderr)

    _run(issue_one())


def cmd_list_tokens(args: argparse.Namespace) -> None:
    from domain.tokens import list_tokens

    async def show() -> None:
        await _ready(migrate=False)
        for t in await list_tokens(args.username):
            state = "revoked" if t["revoked_at"] else "active"
            print(f"{t['id']}\t{t['username']}\t{t['prefix']}…\t{t['name']}\t{state}")

    _run(show())


def cmd_revoke_token(args: argparse.Namespace) -> None:
    from domain.tokens import revoke_token

    async def revoke_one() -> None:
        await _ready(migrate=False)
        if not await revoke_token(args.id):
            raise ValueError(f"No active token has id {args.id}.")
        print(f"Revoked token {args.id}.")

    _run(revoke_one())


def cmd_load_demo(args: argparse.Namespace) -> None:
    from demo.thai_nguyen import load

    async def load_demo() -> None:
        await _ready(migrate=False)
        print(await load())

    _run(load_demo())


def cmd_generate(args: argparse.Namespace) -> None:
    from demo.national import Sizes, generate
    from domain.database import engine

    async def generate_all() -> None:
        await _ready(migrate=False)
        sizes = Sizes(args.top, args.middle, args.grassroots, args.initiatives, args.seed)
        print(await generate(engine().config["dsn"], sizes))

    _run(generate_all())


def cmd_check_figures(args: argparse.Namespace) -> None:
    from domain.database import engine
    from domain.progress import drift

    async def check_figures() -> int:
        await _ready(migrate=False)
        rows = await drift()
        for row in rows[:20]:
            if row["stale"]:
                print(f"unit {row['unit']} phase {row['phase']}: row describes its unit"
                      f" otherwise ({', '.join(row['stale'])})")  # fmt: skip
            else:
                print(f"unit {row['unit']} phase {row['phase']}: kept {row['kept']},"
                      f" counted {row['counted']}")  # fmt: skip
        print(f"{len(rows)} difference(s) between kept and recounted figures.")
        if rows and args.repair:
            await engine().run_ddl("SELECT unit_figure_rebuild()")
            print("Rebuilt the figures from the base rows.")
        return 1 if rows else 0

    sys.exit(_run(check_figures()))


def build_parser() -> argparse.ArgumentParser:
    """Each command's arguments, and the function that runs it (`func`)."""
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func: Command, summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary)
        sub.set_defaults(func=func)
        return sub

    serve = command("serve", cmd_serve, "run the app")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--demo", action="store_true", help="load the demo if the database is empty")

    command("migrate", cmd_migrate, "apply pending migrations")

    admin = command("create-admin", cmd_create_admin, "create an administrator")
    admin.add_argument("--username", required=True)
    admin.add_argument("--password")
    admin.add_argument("--email", default="")

    account = command("create-account", cmd_create_account, "create an account for a unit")
    account.add_argument("--username", required=True)
    account.add_argument("--role", required=True, choices=list(ROLES))
    account.add_argument("--unit", help="unit code (required unless admin)")
    account.add_argument("--password")
    account.add_argument("--email", default="")

    issue = command("issue-token", cmd_issue_token, "issue an API token")
    issue.add_argument("--username", required=True)
    issue.add_argument("--name", required=True, help="what the token is for")
    issue.add_argument("--days", type=int, help="expire after this many days")

    tokens = command("list-tokens", cmd_list_tokens, "list API tokens")
    tokens.add_argument("--username")

    revoke = command("revoke-token", cmd_revoke_token, "revoke an API token")
    revoke.add_argument("id", type=int)

    command("load-demo", cmd_load_demo, "load the Thái Nguyên seed scenario")

    check = command("check-figures", cmd_check_figures, "recount the kept progress figures")
    check.add_argument("--repair", action="store_true", help="rebuild them if they differ")
    command("dump-schema", cmd_dump_schema, "the schema as db/schema.sql holds it")
    generate = command("generate", cmd_generate, "national-scale data (COPY)")
    generate.add_argument("--top", type=int, default=81)
    generate.add_argument("--middle", type=int, default=1_600)
    generate.add_argument("--grassroots", type=int, default=100_000)
    generate.add_argument("--initiatives", type=int, default=2_000_000)
    generate.add_argument("--seed", type=int, default=1)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
