"""The API against its own OpenAPI schema: schemathesis sends what the schema
allows (and what it does not) to a live server, as an administrator and as a
district manager, and checks every answer: no 5xx; status, content type, headers
and body as documented; a request the schema allows is not refused, one it does
not allow is.

Bounded and deterministic: a fixed number of cases per operation, generated
without randomness, one request at a time. The data uses the codes the schema's
examples name (the Thái Nguyên demo's), so that examples reach real rows.
"""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tables.programmes import Phase, Programme, Target
from tests.support.accounts import role_token
from tests.support.database import reset_database
from tests.support.live import live_servers
from tests.support.world import initiative, unit

pytestmark = pytest.mark.slow  # live servers, a browser or national data

CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
]
CASES = 20  # per operation, in the phases that draw at random (fuzzing, stateful)
# The administrator's run sends what the schema refuses too (in every phase); a
# manager's differs only in what the data lets them see and do, so it sends what
# the schema allows. Together about 30 s on two idle cores, a minute on busy ones.
MODES = {"admin": "all", "manager": "positive"}


async def contract_world() -> None:
    """TLD > TN > TN-DH, TN-VN > two grassroots unions each; programme CT with
    phases GD1 and GD2 and targets; initiatives sent to TN-DH and TN-VN in both
    phases, pending, approved and returned (the first has id 1, the schema's
    example)."""
    root = await unit("TLD", kind="confederation")
    province = await unit("TN", root, "provincial_federation")
    [programme] = await Programme.insert(
        Programme(code="CT", name="Chương trình 1 triệu sáng kiến")
    )
    phases = []
    for code, start, end in (
        ("GD1", date(2022, 1, 8), date(2022, 5, 31)),
        ("GD2", date(2022, 6, 1), date(2023, 8, 31)),
    ):
        [row] = await Phase.insert(
            Phase(
                programme=programme["id"],
                code=code,
                name=f"Giai đoạn {code[-1]}",
                start_date=start,
                end_date=end,
            )
        )
        phases.append(row["id"])
    for district in ("TN-DH", "TN-VN"):
        reviewer = await unit(district, province, "district_federation")
        for phase in phases:
            await Target.insert(Target(unit=reviewer, phase=phase, quota=4))
        for n in (1, 2):
            member = await unit(f"{district}-0{n}", reviewer)
            for day, status in (
                (date(2022, 3, n), "approved"),
                (date(2022, 4, n), "pending"),
                (date(2022, 7, n), "pending"),
                (date(2022, 7, 10 + n), "returned"),
            ):
                await initiative(
                    f"{district}-{n}-{day:%m%d}", member, reviewer, submitted_on=day, status=status
                )
    await Target.insert(Target(unit=province, programme=programme["id"], quota=20))


@pytest.fixture(scope="module")
async def served():
    """The world served by uvicorn, and the two callers' Authorization headers."""
    await reset_database()
    await contract_world()
    headers = {
        "admin": (await role_token("admin"))["Authorization"],
        "manager": (await role_token("manager", "TN-DH"))["Authorization"],
    }
    with live_servers() as [url]:
        yield url, headers
    await reset_database()


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_the_api_keeps_to_its_schema(served, role, tmp_path):
    url, headers = served
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color"),
        *("run", f"{url}/schema/openapi.json", "--header", f"Authorization: {headers[role]}"),
        *("--checks", ",".join(CHECKS), "--max-examples", str(CASES), "--mode", MODES[role]),
        # Deterministic: the same cases every run, one at a time (the admin's
        # decisions change what later requests find, in the same order).
        *("--generation-deterministic", "--workers", "1", "--request-timeout", "30"),
        # Only the token: a generated session cookie would be a second, random caller.
        *("--generation-with-security-parameters", "false"),
    ]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    report = run.stdout[-20_000:] + run.stderr[-5_000:]
    assert run.returncode == 0, report
