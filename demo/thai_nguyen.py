"""The seed scenario of domain.md: LĐLĐ tỉnh Thái Nguyên as of 15/07/2022.

Per middle-level unit (in `thai_nguyen.json`): phase-1 target, valid (approved)
phase-1 initiatives, whole-programme target, and valid phase-2 initiatives so
far. The figures make the article's statements true under the reference definitions:
- the province: 5,585 valid phase-1 initiatives against a target of 5,000 (111.7%);
- the 4 units at ≥ 90% of their whole-programme target;
- the 6 units at ≥ 100% of their phase-1 target but < 90% of the programme.
Everything is dated on or before 15/07/2022. Deterministic (fixed seed).
"""

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from piccolo.apps.user.tables import BaseUser
from piccolo.table import Table

from demo.names import POSITIONS, benefit_vnd, person, title
from domain.accounts import create_account
from tables.commendations import Commendation
from tables.initiatives import Author, Authorship, Initiative, StatusChange
from tables.programmes import Phase, Programme, Target
from tables.units import Cluster, ClusterMember, Unit

AS_OF = date(2022, 7, 15)
PHASE_1 = (date(2022, 1, 8), date(2022, 5, 31))
PHASE_2 = (date(2022, 6, 1), date(2023, 8, 31))
PROVINCE_TARGETS = {"GD1": 5000, "GD2": 11000, "programme": 16000}
DEMO_PASSWORD = "sangkien-demo"


@dataclass
class Middle:
    code: str
    name: str
    kind: str
    phase1_target: int
    phase1_valid: int
    programme_target: int
    phase2_valid: int
    grassroots: tuple[str, ...]


_D = "district_federation"
# The middle-level units, in this order (it fixes the random draws): the 4 at or
# near their whole-programme target, the 6 above 100% of their phase-1 target,
# then the rest, below their phase-1 target.
DATA = Path(__file__).with_name("thai_nguyen.json")


def _middle_units() -> list[Middle]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    return [Middle(**{**row, "grassroots": tuple(row["grassroots"])}) for row in rows]


MIDDLE_UNITS = _middle_units()
REACHED_PROGRAMME = ("TN-DH", "TN-VN", "TN-DT", "TN-CDVC")
EXCEEDED_PHASE_1 = ("TN-PL", "TN-DHO", "TN-PB", "TN-TPTN", "TN-SC", "TN-KCN")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


async def _insert(table: type[Table], rows: list[dict], chunk: int = 500) -> list[int]:
    """Insert rows in chunks below the 32,767-parameter limit; return their ids."""
    ids: list[int] = []
    for i in range(0, len(rows), chunk):
        result = await table.insert(*(table(**row) for row in rows[i : i + chunk])).returning(
            table.id
        )
        ids += [r["id"] for r in result]
    return ids


async def load() -> dict[str, int]:
    """Load the scenario into an empty database; return row counts."""
    if await Unit.count():
        raise RuntimeError("The database already has units: load the demo into an empty one.")
    rng = random.Random(20220715)
    db = Unit._meta.db
    async with db.transaction():
        root_id, province_id, middles = await _units()
        programme_id, phase_ids = await _programme()
        await _targets(province_id, middles, programme_id, phase_ids)
        await _clusters(middles)
        manager = await create_account("tinh.lanhdao", DEMO_PASSWORD, "manager", "TN")
        await create_account("donghy.lanhdao", DEMO_PASSWORD, "manager", "TN-DH")
        await create_account("donghy.nhaplieu", DEMO_PASSWORD, "staff", "TN-DH")
        await create_account("tinh.xem", DEMO_PASSWORD, "viewer", "TN")
        authors = await _initiatives(rng, province_id, middles, manager.id)
        await _commendations(rng, province_id, middles, phase_ids["GD1"], authors)
    return {
        "units": await Unit.count(),
        "initiatives": await Initiative.count(),
        "approved": await Initiative.count().where(Initiative.status == "approved"),
        "authors": await Author.count(),
        "status_changes": await StatusChange.count(),
    }


async def _units() -> tuple[int, int, dict[str, tuple[int, list[int], Middle]]]:
    [root_id] = await _insert(
        Unit, [{"code": "TLD", "name": "Tổng Liên đoàn Lao động Việt Nam", "kind": "confederation"}]
    )
    [province_id] = await _insert(
        Unit,
        [
            {
                "code": "TN",
                "name": "LĐLĐ tỉnh Thái Nguyên",
                "kind": "provincial_federation",
                "parent": root_id,
            }
        ],
    )
    middle_ids = await _insert(
        Unit,
        [
            {"code": m.code, "name": m.name, "kind": m.kind, "parent": province_id}
            for m in MIDDLE_UNITS
        ],
    )
    middles = {}
    for middle, middle_id in zip(MIDDLE_UNITS, middle_ids, strict=True):
        leaf_ids = await _insert(
            Unit,
            [
                {
                    "code": f"{middle.code}-{n:02d}",
                    "name": f"Công đoàn {name}",
                    "kind": "grassroots_union",
                    "parent": middle_id,
                }
                for n, name in enumerate(middle.grassroots, start=1)
            ],
        )
        middles[middle.code] = (middle_id, leaf_ids, middle)
    return root_id, province_id, middles


async def _programme() -> tuple[int, dict[str, int]]:
    [programme_id] = await _insert(
        Programme,
        [
            {
                "code": "1TSK",
                "name": "Chương trình 1 triệu sáng kiến",
                "description": "<p>Phát động ngày 15/12/2021 trong toàn hệ thống Công đoàn.</p>",
            }
        ],
    )
    ids = await _insert(
        Phase,
        [
            {"programme": programme_id, "code": "GD1", "name": "Giai đoạn 1",
             "start_date": PHASE_1[0], "end_date": PHASE_1[1]},
            {"programme": programme_id, "code": "GD2", "name": "Giai đoạn 2",
             "start_date": PHASE_2[0], "end_date": PHASE_2[1]},
        ],
    )  # fmt: skip
    return programme_id, {"GD1": ids[0], "GD2": ids[1]}


async def _targets(province_id, middles, programme_id, phase_ids) -> None:
    rows = [
        {"unit": province_id, "phase": phase_ids["GD1"], "quota": PROVINCE_TARGETS["GD1"]},
        {"unit": province_id, "phase": phase_ids["GD2"], "quota": PROVINCE_TARGETS["GD2"]},
        {"unit": province_id, "programme": programme_id, "quota": PROVINCE_TARGETS["programme"]},
    ]
    for middle_id, _, m in middles.values():
        rows += [
            {"unit": middle_id, "phase": phase_ids["GD1"], "quota": m.phase1_target},
            {
                "unit": middle_id,
                "phase": phase_ids["GD2"],
                "quota": m.programme_target - m.phase1_target,
            },
            {"unit": middle_id, "programme": programme_id, "quota": m.programme_target},
        ]
    await _insert(Target, rows)


async def _clusters(middles) -> None:
    ids = await _insert(
        Cluster,
        [
            {"code": "TN-CUM-HUYEN", "name": "Cụm thi đua các LĐLĐ huyện, thành phố"},
            {"code": "TN-KHOI-NGANH", "name": "Khối thi đua các công đoàn ngành và tương đương"},
        ],
    )
    await _insert(
        ClusterMember,
        [
            {"cluster": ids[0] if m.kind == _D else ids[1], "unit": middle_id}
            for middle_id, _, m in middles.values()
        ],
    )


def _plan(rng: random.Random, m: Middle) -> list[tuple[str, date | None, datetime | None]]:
    """(status, submitted_on, decided_at) for every initiative of one middle unit."""
    plan = []
    for _ in range(m.phase1_valid):
        sent = _day_in(rng, *PHASE_1)
        plan.append(("approved", sent, _at(min(sent + timedelta(rng.randint(1, 30)), AS_OF))))
    for _ in range(m.phase2_valid):
        sent = _day_in(rng, PHASE_2[0], date(2022, 7, 8))
        plan.append(("approved", sent, _at(min(sent + timedelta(rng.randint(1, 7)), AS_OF))))
    volume = m.phase1_valid + m.phase2_valid
    for _ in range(max(3, volume // 25)):
        plan.append(("pending", _day_in(rng, date(2022, 7, 1), AS_OF), None))
    for _ in range(max(1, volume // 80)):
        sent = _day_in(rng, *PHASE_1)
        plan.append(("returned", sent, _at(sent + timedelta(rng.randint(2, 20)))))
    for _ in range(max(1, volume // 50)):
        sent = _day_in(rng, *PHASE_1)
        plan.append(("rejected", sent, _at(sent + timedelta(rng.randint(2, 20)))))
    plan += [("draft", None, None)] * 2 + [("withdrawn", None, None)]
    return plan


NOTES = {
    "returned": "Đề nghị bổ sung giá trị làm lợi và số, ngày quyết định công nhận.",
    "rejected": "Nội dung trùng với sáng kiến đã được công nhận tại đơn vị.",
}


async def _initiatives(rng, province_id, middles, manager_id) -> list[int]:
    initiatives, authors, authorships = [], [], []
    serial = 0
    for middle_id, leaf_ids, m in middles.values():
        for status, sent, decided in _plan(rng, m):
            serial += 1
            # One in twenty comes from the middle-level unit itself (its grassroots
            # union is not in the system), and is reviewed by the province.
            at_middle = rng.random() < 0.05
            unit_id = middle_id if at_middle else rng.choice(leaf_ids)
            place = m.name if at_middle else rng.choice(m.grassroots)
            decision_day = _day_in(rng, date(2021, 6, 1), sent) if sent else None
            initiatives.append(
                {
                    "code": f"SK-{serial:06d}",
                    "title": title(rng, place),
                    "summary": "<p>Giải pháp đã được áp dụng thử, mang lại hiệu quả thực tế.</p>",
                    "field": rng.choice(["industry", "education", "health", "administration",
                                         "agriculture", "it", "energy", "union_work"]),
                    "solution_type": rng.choice(["technical", "management", "operational",
                                                 "technology"]),
                    "unit": unit_id,
                    "reviewing_unit": province_id if at_middle else middle_id,
                    "submitted_on": sent,
                    "first_applied_on": decision_day,
                    "benefit_vnd": benefit_vnd(rng),
                    "recognition_form": rng.choice(["recognition_decision",
                                                    "commendation_decision", "other"]),
                    "decision_number": f"{rng.randint(1, 999)}/QĐ-{m.code}" if sent else "",
                    "decision_date": decision_day,
                    "issuing_body": place,
                    "recognition_scope": "organisation",
                    "confidential": rng.random() < 0.02,
                    "status": status,
                    "decided_at": decided,
                    "decided_by": manager_id if decided else None,
                    "decision_note": NOTES.get(status, ""),
                    "created_at": _at(sent) if sent else _at(AS_OF),
                }
            )  # fmt: skip
            authors.append(
                {
                    "name": person(rng),
                    "birth_year": rng.randint(1965, 2000),
                    "position": rng.choice(POSITIONS),
                    "workplace": place,
                    "unit": initiatives[-1]["unit"],
                }
            )
    initiative_ids = await _insert(Initiative, initiatives)
    author_ids = await _insert(Author, authors)
    changes = []
    for initiative_id, author_id, row in zip(initiative_ids, author_ids, initiatives, strict=True):
        co_author = rng.random() < 0.3
        authorships.append(
            {"initiative": initiative_id, "author": author_id,
             "share": Decimal(60 if co_author else 100)}
        )  # fmt: skip
        if co_author:
            authorships.append(
                {
                    "initiative": initiative_id,
                    "author": rng.choice(author_ids),
                    "share": Decimal(40),
                }
            )
        if row["submitted_on"]:
            changes.append(
                {"initiative": initiative_id, "from_status": "draft", "to_status": "pending",
                 "at": _at(row["submitted_on"]), "note": "Gửi qua hệ thống", "batch": "demo"}
            )  # fmt: skip
        if row["decided_at"]:
            changes.append(
                {"initiative": initiative_id, "from_status": "pending",
                 "to_status": row["status"], "actor": manager_id, "at": row["decided_at"],
                 "note": row["decision_note"], "batch": "demo"}
            )  # fmt: skip
        if row["status"] == "withdrawn":
            changes.append(
                {"initiative": initiative_id, "from_status": "draft", "to_status": "withdrawn",
                 "at": _at(AS_OF), "note": "Tác giả rút sáng kiến", "batch": "demo"}
            )  # fmt: skip
    # Co-authors drawn at random may repeat the main author: keep one row per pair.
    unique = {(a["initiative"], a["author"]): a for a in authorships}
    await _insert(Authorship, list(unique.values()))
    await _insert(StatusChange, changes)
    return author_ids


async def _commendations(rng, province_id, middles, phase1_id, author_ids) -> None:
    admin_author = await _insert(
        Author,
        [
            {
                "name": "Hoàng Thu Hằng",
                "position": "Cán bộ quản trị hệ thống phần mềm Chương trình",
                "workplace": "LĐLĐ tỉnh Thái Nguyên",
                "unit": province_id,
            }
        ],
    )
    rows = [
        {"recipient_kind": "collective", "unit": middles[code][0], "phase": phase1_id,
         "form": "provincial_merit", "decision_number": "215/QĐ-LĐLĐ",
         "decision_date": AS_OF, "reason": "Hoàn thành xuất sắc chỉ tiêu giai đoạn 1"}
        for code in (*REACHED_PROGRAMME, *EXCEEDED_PHASE_1)
    ]  # fmt: skip
    for author_id in [*rng.sample(author_ids, 8), *admin_author]:
        rows.append(
            {"recipient_kind": "individual", "author": author_id, "phase": phase1_id,
             "form": "certificate", "decision_number": "216/QĐ-LĐLĐ", "decision_date": AS_OF,
             "reason": "Có sáng kiến tiêu biểu hoặc đóng góp cho Chương trình"}
        )  # fmt: skip
    await _insert(Commendation, rows)


async def ensure_admin(username: str = "admin", password: str = DEMO_PASSWORD) -> bool:
    """Create the demo administrator unless it exists; True when created."""
    if await BaseUser.exists().where(BaseUser.username == username):
        return False
    await create_account(username, password, "admin")
    return True
