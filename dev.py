#!/usr/bin/env python3
"""The two set-up commands; they need nothing but Python 3.11+.

    python3 dev.py run    install what is needed, then serve the app with the
                          Thái Nguyên demo on the embedded SQLite database
    python3 dev.py test   install what is needed (as root, also Debian's Chromium
                          for the browser test), then lint and run the whole
                          suite on PostgreSQL and on SQLite

The virtual environment lives in .venv and is refreshed when pyproject.toml
changes. Extra arguments go to `manage.py serve` or to pytest.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
DEFAULT_TEST_DB = "postgres://postgres@127.0.0.1:5432/sangkien_test"


def ensure_environment() -> None:
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print("Installing dependencies …", flush=True)
        pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", ".[dev]"], cwd=ROOT, check=True)
        stamp.write_text(digest)


def ensure_browser() -> None:
    """Debian's Chromium for the browser test, which Playwright drives. Needs root
    and apt-get; without them the test is skipped (and fails in CI)."""
    if shutil.which("chromium") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print("Installing Chromium (Debian) for the browser test …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "chromium"]
    if subprocess.run(install, env=env).returncode:
        subprocess.run(["apt-get", "update", "-q"], env=env)
        subprocess.run(install, env=env)


def postgres_answers(url: str) -> bool:
    server = url.rsplit("/", 1)[0]
    probe = (
        "import asyncio, asyncpg, sys\n"
        "async def main():\n"
        f"    c = await asyncio.wait_for(asyncpg.connect({server + '/postgres'!r}), 5)\n"
        "    await c.close()\n"
        "asyncio.run(main())\n"
    )
    return subprocess.run([str(PYTHON), "-c", probe], capture_output=True).returncode == 0


def run(args: list[str]) -> int:
    command = [str(PYTHON), "manage.py", "serve", "--demo", *args]
    return subprocess.run(command, cwd=ROOT).returncode


def test(args: list[str]) -> int:
    sqlite_only = "--sqlite-only" in args
    args = [a for a in args if a != "--sqlite-only"]
    for lint in (["check", "."], ["format", "--check", "."]):
        if subprocess.run([str(PYTHON), "-m", "ruff", *lint], cwd=ROOT).returncode:
            return 1
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DB)
    runs = [("SQLite", {})]
    if not sqlite_only:
        if not postgres_answers(url):
            print(
                f"PostgreSQL does not answer at {url.rsplit('@', 1)[-1]}: start it, set "
                "TEST_DATABASE_URL, or pass --sqlite-only for a partial run.",
                file=sys.stderr,
            )
            return 1
        runs.insert(0, ("PostgreSQL", {"TEST_DATABASE_URL": url}))
        ensure_browser()
    failed = []
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    for name, extra in runs:
        print(f"\n=== tests on {name} ===", flush=True)
        result = subprocess.run(
            [str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env={**base, **extra}
        )
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"\nFAILED on: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\nAll tests passed on: {', '.join(name for name, _ in runs)}")
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    ensure_environment()
    command, args = sys.argv[1], sys.argv[2:]
    return run(args) if command == "run" else test(args)


if __name__ == "__main__":
    sys.exit(main())
