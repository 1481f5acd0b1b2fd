#!/usr/bin/env python3
"""The two set-up commands; they need nothing but Python 3.11+.

    python3 dev.py run    install what is needed, then serve the app with the
                          Thái Nguyên demo on the embedded PostgreSQL (.pgdata/)
    python3 dev.py test   install what is needed (as root, also Debian's Chromium
                          for the browser test), then lint and run the whole
                          suite in parallel: on TEST_DATABASE_URL when it is set
                          (with CI=true and none set: the system PostgreSQL 15 on
                          127.0.0.1:5432), else on the embedded one

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
CI_TEST_DB = "postgres://postgres@127.0.0.1:5432/sangkien_test"


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
    for lint in (["check", "."], ["format", "--check", "."]):
        if subprocess.run([str(PYTHON), "-m", "ruff", *lint], cwd=ROOT).returncode:
            return 1
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url and os.environ.get("CI") == "true":
        # CI tests on its system PostgreSQL 15, the oldest version we support.
        url = CI_TEST_DB
    if url and not postgres_answers(url):
        print(
            f"PostgreSQL does not answer at {url.rsplit('@', 1)[-1]}: start it, or unset "
            "TEST_DATABASE_URL to test on the embedded PostgreSQL.",
            file=sys.stderr,
        )
        return 1
    ensure_browser()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url:
        env["TEST_DATABASE_URL"] = url
    # One process per core, each on its own database; a module's tests stay
    # together (they share module-level worlds). `-n 0` runs in one process.
    parallel = ["-n", "auto", "--dist", "loadfile"]
    return subprocess.run(
        [str(PYTHON), "-m", "pytest", *parallel, *args], cwd=ROOT, env=env
    ).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    ensure_environment()
    command, args = sys.argv[1], sys.argv[2:]
    return run(args) if command == "run" else test(args)


if __name__ == "__main__":
    sys.exit(main())
