"""Every closed list of values the console knows, each value with its one Vietnamese label.

The tables' choices (tables/), the API's `Literal` types, the pages and forms
take their values and labels from here, and `tests/test_vocabulary.py` checks
that the database's CHECK constraints allow exactly these values. A label is
written as the admin shows it (capitalised); a sentence that needs it in lower
case derives that form with `lower`.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from piccolo.columns.choices import Choice

from domain.labels import COLUMN_LABELS


def _literal(values: dict[str, object]) -> Any:
    # Built from the dict's keys: a Literal written out by hand would be a second list.
    return Literal[tuple(values)]


STATUSES: dict[str, str] = {
    "draft": "Nháp",
    "pending": "Chờ duyệt",
    "returned": "Trả lại, yêu cầu bổ sung",
    "approved": "Hợp lệ",
    "rejected": "Không hợp lệ",
    "withdrawn": "Đã rút",
}
Status = _literal(STATUSES)
# A request creates an initiative as a draft; sending it is the workflow's (submit),
# so that every initiative in the queue came through it, audited and routed.
# (Maintenance writes by the owner outside a request — fixtures, the demo,
# `manage.py generate` — write any status: db/rules/initiative_lock.sql.)
CREATED_AS = ("draft",)


@dataclass(frozen=True)
class Rule:
    """What an action of the workflow does."""

    label: str
    takes: tuple[str, ...]  # the statuses it applies to
    leaves: str  # the status it leaves
    note: bool = False  # needs a note (the reason)
    admin_only: bool = False
    # The sender's side: it acts on the initiatives of units in the caller's scope
    # (by their `unit`), staff included; the others decide those sent to them.
    sends: bool = False


ACTIONS: dict[str, Rule] = {
    "submit": Rule("Gửi duyệt", ("draft",), "pending", sends=True),
    "resubmit": Rule("Gửi lại", ("returned",), "pending", sends=True),
    "withdraw": Rule(
        "Rút lại", ("draft", "pending", "returned"), "withdrawn", note=True, sends=True
    ),
    "approve": Rule("Công nhận hợp lệ", ("pending",), "approved"),
    "reject": Rule("Không công nhận", ("pending",), "rejected", note=True),
    "return": Rule("Trả lại để bổ sung", ("pending",), "returned", note=True),
    "transfer": Rule("Chuyển đơn vị duyệt", ("pending",), "pending"),
    "reopen": Rule("Mở lại để bổ sung", ("approved", "rejected"), "returned", note=True),
    "revoke": Rule("Hủy duyệt", ("approved",), "pending", note=True, admin_only=True),
}
Action = _literal(ACTIONS)
ACTION_LABELS = {name: rule.label for name, rule in ACTIONS.items()}
# What the senders' doors offer (staff, managers and administrators alike).
SENDING_ACTIONS = tuple(name for name, rule in ACTIONS.items() if rule.sends)
# What a manager's queue of pending initiatives offers (the review page, the admin form).
MANAGER_ACTIONS = tuple(
    name
    for name, rule in ACTIONS.items()
    if not rule.sends and not rule.admin_only and rule.takes == ("pending",)
)

ROLES: dict[str, str] = {
    "viewer": "Xem",
    "staff": "Cán bộ nhập liệu",
    "manager": "Lãnh đạo duyệt",
    "admin": "Quản trị hệ thống",
}
Role = _literal(ROLES)

# What the edit history (InitiativeEdit, db/history/) records of a sent initiative:
# the columns a person edits, and an author's share. Not its status, decision time
# and decider: the workflow's audit rows (StatusChange) hold those.
EDITED_COLUMNS = (
    "code", "title", "summary", "field", "solution_type", "unit", "reviewing_unit",
    "submitted_on", "first_applied_on", "benefit_vnd", "recognition_form", "decision_number",
    "decision_date", "issuing_body", "recognition_scope", "confidential", "decision_note",
)  # fmt: skip
EDITED_FIELDS: dict[str, str] = {
    **{column: COLUMN_LABELS["initiative"][column] for column in EDITED_COLUMNS},
    "share": "Tỷ lệ đóng góp của tác giả (%)",
}
EditedField = _literal(EDITED_FIELDS)
DECIDING_ROLES = ("manager", "admin")  # who may decide initiatives
SENDING_ROLES = ("staff", "manager", "admin")  # who may send and withdraw them

UNIT_KINDS: dict[str, str] = {
    "confederation": "Tổng Liên đoàn",
    "provincial_federation": "LĐLĐ tỉnh, thành phố",
    "central_sector_union": "Công đoàn ngành TW, tổng công ty",
    "district_federation": "LĐLĐ huyện, thị xã, thành phố",
    "sector_union": "Công đoàn ngành",
    "industrial_zone_union": "Công đoàn các Khu công nghiệp",
    "civil_servants_union": "Công đoàn Viên chức",
    "grassroots_union": "Công đoàn cơ sở",
    "other": "Khác",
}
UnitKind = _literal(UNIT_KINDS)

FIELDS: dict[str, str] = {
    "industry": "Công nghiệp, sản xuất",
    "construction": "Xây dựng, giao thông",
    "agriculture": "Nông, lâm nghiệp, thuỷ sản",
    "energy": "Năng lượng, môi trường",
    "it": "Công nghệ thông tin, chuyển đổi số",
    "health": "Y tế",
    "education": "Giáo dục, đào tạo",
    "administration": "Hành chính, quản lý nhà nước",
    "finance": "Tài chính, ngân hàng, thương mại",
    "services": "Dịch vụ",
    "union_work": "Công tác công đoàn",
    "other": "Khác",
}
Field = _literal(FIELDS)

SOLUTION_TYPES: dict[str, str] = {
    "technical": "Giải pháp kỹ thuật",
    "management": "Giải pháp quản lý",
    "operational": "Giải pháp tác nghiệp",
    "technology": "Ứng dụng tiến bộ kỹ thuật",
    "research": "Đề tài nghiên cứu",
}

RECOGNITION_FORMS: dict[str, str] = {
    "recognition_decision": "Quyết định công nhận sáng kiến",
    "commendation_decision": "Quyết định khen thưởng",
    "other": "Hình thức khác",
}

RECOGNITION_SCOPES: dict[str, str] = {
    "organisation": "Cấp cơ sở",
    "sector_province": "Cấp bộ, ngành, tỉnh",
    "national": "Cấp toàn quốc",
}

RECIPIENT_KINDS: dict[str, str] = {"collective": "Tập thể", "individual": "Cá nhân"}

COMMENDATION_FORMS: dict[str, str] = {
    "vgcl_merit": "Bằng khen Tổng Liên đoàn",
    "provincial_merit": "Bằng khen LĐLĐ tỉnh",
    "certificate": "Giấy khen",
    "other": "Hình thức khác",
}

# Attainment bands of a unit's percent (domain.md); not stored, so no CHECK.
BANDS: dict[str, str] = {
    "reached": "Đạt, vượt chỉ tiêu",
    "nearly": "Gần đạt",
    "below": "Chưa đạt",
    "no_target": "Chưa giao chỉ tiêu",
}
Band = _literal(BANDS)


def choices(name: str, labels: dict[str, str]) -> type[Enum]:
    """The Enum of `Choice`s a Piccolo column takes: what the admin lists and shows."""
    return Enum(name, {value: Choice(value, label) for value, label in labels.items()})


def lower(label: str) -> str:
    """A label inside a sentence: «Hợp lệ» → «hợp lệ» (only its first letter)."""
    return label[:1].lower() + label[1:]


def statuses_in_sentence(statuses: tuple[str, ...]) -> str:
    """«Nháp», «Chờ duyệt» hoặc «Trả lại, yêu cầu bổ sung» (a label may hold a comma)."""
    return either([f"«{STATUSES[status]}»" for status in statuses])


def either(words: list[str]) -> str:
    """«a, b hoặc c»."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} hoặc {words[-1]}"


def needing_a_note(actions: tuple[str, ...] = tuple(ACTIONS)) -> str:
    """Those of `actions` that need a note, for a sentence: «không công nhận hoặc …»."""
    return either([lower(ACTIONS[name].label) for name in actions if ACTIONS[name].note])
