"""The senders' side of the workflow, for the staff's page (/send): what waits to be
sent, and an initiative's whole history.

What waits: the drafts and returned initiatives of the units in the caller's
scope (by their `unit`, as `domain.workflow` acts on them), through the same
selection as the workflow. «Gửi» sends each by the action its status takes: a
draft is submitted, a returned one resubmitted.

The history: the workflow's status changes (status_change) and the edits the
database recorded once the initiative was sent (initiative_edit), one list by
time, in words.
"""

from dataclasses import dataclass
from datetime import datetime

from domain import history as edits
from domain import workflow
from domain.callers import Caller
from domain.selection import Filter
from domain.vocabulary import ACTIONS, SENDING_ROLES, STATUSES
from domain.workflow import selection
from tables.initiatives import Initiative, StatusChange

# The status that waits to be sent, and the action that sends it.
SENDS = {"draft": "submit", "returned": "resubmit"}
WAITING = tuple(SENDS)
SEND, WITHDRAW = "send", "withdraw"
PAGE_ACTIONS = {SEND: "Gửi (gửi duyệt hoặc gửi lại)", WITHDRAW: ACTIONS["withdraw"].label}
# Who did a step, when the caller's account may not read the other account's name.
SENDER, REVIEWER, ADMIN = "Cán bộ đơn vị gửi", "Lãnh đạo đơn vị duyệt", "Quản trị hệ thống"
YOU = "Bạn"
CREATED = "Tạo sáng kiến"


async def where(caller: Caller, spec: Filter) -> list:
    return await selection(caller, spec, "submit", statuses=WAITING)


async def count(caller: Caller, spec: Filter) -> int:
    return await Initiative.count().where(*await where(caller, spec))


async def page(caller: Caller, spec: Filter, offset: int, limit: int) -> list[dict]:
    """Returned ones first (the reviewer is waiting for them), then drafts; oldest first."""
    return await (
        Initiative.select(
            Initiative.id,
            Initiative.code,
            Initiative.title,
            Initiative.status,
            Initiative.field,
            Initiative.submitted_on,
            Initiative.benefit_vnd,
            Initiative.decision_note,
            Initiative.unit.name.as_alias("unit_name"),
            workflow.reviewing_name(),
        )
        .where(*await where(caller, spec))
        .order_by(Initiative.status, ascending=False)
        .order_by(Initiative.id)
        .offset(offset)
        .limit(limit)
    )


async def matching(caller: Caller, spec: Filter) -> dict[str, list[int]]:
    """The ids a filter selects, by the status they wait in."""
    rows = await (
        Initiative.select(Initiative.id, Initiative.status)
        .where(*await where(caller, spec))
        .order_by(Initiative.id)
    )
    found: dict[str, list[int]] = {status: [] for status in WAITING}
    for row in rows:
        found[row["status"]].append(row["id"])
    return found


async def by_status(ids: list[int]) -> dict[str, list[int]]:
    """Ticked ids, by the action that sends them: the returned ones are resubmitted,
    every other (a draft, or one the workflow will skip or refuse, saying why) submitted."""
    rows = await Initiative.select(Initiative.id, Initiative.status).where(Initiative.id.is_in(ids))
    returned = {row["id"] for row in rows if row["status"] == "returned"}
    return {
        "draft": [i for i in ids if i not in returned],
        "returned": [i for i in ids if i in returned],
    }


def action_of(was: str | None, now: str) -> str | None:
    """The workflow's action that took an initiative from `was` to `now`."""
    for name, rule in ACTIONS.items():
        if was in rule.takes and rule.leaves == now:
            return name
    return None


@dataclass(frozen=True)
class Step:
    at: datetime
    kind: str  # "status" or "edit"
    what: str
    detail: str
    by: str

    @property
    def at_shown(self) -> str:
        return edits.local_time(self.at)


async def timeline(caller: Caller, initiative_id: int) -> list[Step]:
    """Every status change and every recorded edit, oldest first."""
    changes = await (
        StatusChange.select(
            StatusChange.at,
            StatusChange.from_status,
            StatusChange.to_status,
            StatusChange.note,
            StatusChange.actor,
            StatusChange.actor.username.as_alias("username"),
        )
        .where(StatusChange.initiative == initiative_id)
        .order_by(StatusChange.at)
        .order_by(StatusChange.id)
    )
    entries = await edits.history(initiative_id)
    # A transfer's new reviewing union is recorded as an edit of the same moment:
    # shown as where the transfer went, not as someone's edit.
    moves = {e.at: e for e in entries if e.field == "reviewing_unit"}
    steps = [_status_step(caller, row, moves) for row in changes]
    moved = {step.at for step in steps if step.what == ACTIONS["transfer"].label}
    steps += [
        Step(
            entry.at,
            "edit",
            f"Sửa «{entry.label}»",
            f"{entry.old_shown} → {entry.new_shown}",
            YOU if entry.by == caller.username else entry.by_shown,
        )
        for entry in entries
        if not (entry.field == "reviewing_unit" and entry.at in moved)
    ]
    # Stable: a status change before the edits of the same moment.
    return sorted(steps, key=lambda step: step.at)


def _status_step(caller: Caller, row: dict, moves: dict[datetime, edits.Entry]) -> Step:
    was, now = row["from_status"], row["to_status"]
    name = action_of(was, now)
    if name is None:
        what = CREATED if was is None else "Đổi trạng thái"
    else:
        what = ACTIONS[name].label
    moved = f"{STATUSES[was]} → {STATUSES[now]}" if was else STATUSES[now]
    if name == "transfer" and (move := moves.get(row["at"])):
        moved = f"Từ {move.old_shown} đến {move.new_shown}"
    detail = f"{moved}. Ý kiến: {row['note']}" if row["note"] else moved
    if row["actor"] == caller.user_id:
        by = YOU
    elif row["username"]:
        by = row["username"]
    elif name is not None and ACTIONS[name].admin_only:
        by = ADMIN
    else:
        by = SENDER if name is not None and ACTIONS[name].sends else REVIEWER
    return Step(row["at"], "status", what, detail, by)


async def applicable(caller: Caller, row: dict) -> dict[str, str]:
    """What the caller may do to this initiative from its page: `action: label`."""
    if caller.role not in SENDING_ROLES or not row["unit_in_scope"]:
        return {}
    offered = {}
    if row["status"] in SENDS:
        name = SENDS[row["status"]]
        offered[name] = ACTIONS[name].label
    if row["status"] in ACTIONS["withdraw"].takes:
        offered["withdraw"] = ACTIONS["withdraw"].label
    return offered
