"""Deciding initiatives in bulk: one transaction, one audit row per transition.

Every path that changes an initiative's status (the API, the admin form and the
review page) calls `decide`. It selects the initiatives (by ids, all of
which must exist and be the caller's to decide, or by a filter), locks them in
id order, re-reads their status, applies the action to those whose status can
take it and reports the rest as skipped. Two batches over the same initiatives
queue on the row locks: the second finds them already decided and skips them.
An idempotency key makes a retried request return the first answer unchanged.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

import msgspec
from piccolo.columns.combination import WhereRaw

from domain.callers import Caller
from domain.database import serialised
from domain.errors import Invalid, KeyReused, NotAllowed, NotDecidable, NotFound
from domain.progress import find_window
from domain.selection import Filter
from domain.values import NOTE_MAX
from domain.vocabulary import ACTIONS, DECIDING_ROLES, STATUSES, lower, needing_a_note
from tables.approvals import ApprovalBatch
from tables.initiatives import Initiative, StatusChange
from tables.units import Unit

KEY_REUSED = (
    "Mã Idempotency-Key «{key}» đã dùng cho một yêu cầu khác (thao tác, danh sách, bộ lọc hoặc"
    " ý kiến khác); yêu cầu này chưa được thực hiện. Hãy gửi lại với một mã mới."
)
NOTE_NEEDED = f"Cần ghi ý kiến (lý do) khi {needing_a_note()}."
NOTE_TOO_LONG = (
    f"Ý kiến dài quá {NOTE_MAX:,} ký tự".replace(",", ".")
    + ": hãy rút gọn (chi tiết có thể gửi kèm văn bản). Chưa có gì thay đổi."
)


@dataclass
class Result:
    batch: str
    action: str
    requested: int
    applied: int
    skipped: list[dict] = field(default_factory=list)
    dry_run: bool = False
    ids: list[int] = field(default_factory=list)  # the initiatives selected, in id order
    fingerprint: str | None = None  # of the request a stored batch answered


def check_allowed(caller: Caller, action: str, note: str, to_unit: str | None) -> None:
    if action not in ACTIONS:
        raise Invalid(f"Thao tác «{action}» không có: {', '.join(ACTIONS)}.")
    rule = ACTIONS[action]
    if caller.role not in DECIDING_ROLES:
        raise NotAllowed("Tài khoản này không có quyền duyệt sáng kiến.")
    if rule.admin_only and not caller.is_admin:
        raise NotAllowed(f"Chỉ quản trị hệ thống được {lower(rule.label)} sáng kiến.")
    if len(note) > NOTE_MAX:
        raise Invalid(NOTE_TOO_LONG)
    if rule.note and not note.strip():
        raise Invalid(NOTE_NEEDED)
    if action == "transfer" and not to_unit:
        raise Invalid("Cần chọn đơn vị nhận (to_unit) khi chuyển sáng kiến.")


def skip_reason(status: str | None) -> str:
    """Why an initiative was left alone: the status it is in, or that it is gone."""
    if status is None:
        return "Sáng kiến không còn."
    return f"Sáng kiến đang ở trạng thái {lower(STATUSES[status])}."


async def _decidable(caller: Caller, status: str) -> list:
    """A manager decides what is sent to a unit in their scope (the database shows
    only those units); an administrator decides anything."""
    if caller.is_admin:
        return []
    # As one array of the scope's units, which the planner counts: it then reads
    # each unit's queue from initiative_review_queue. Given a subquery, it scanned
    # every pending initiative in the country instead (250 ms for one province).
    # Only the units with something in that status sent to them (one probe of the
    # queue index each): most of a scope's units are grassroots unions, which
    # review nothing, and counting them too made the planner expect the country's
    # whole queue (a district's first page walked it: 115 ms instead of 2).
    rows = await Unit.raw(
        "SELECT u.id FROM unit u CROSS JOIN LATERAL (SELECT 1 FROM initiative i"
        " WHERE i.reviewing_unit = u.id AND i.status = {} LIMIT 1) AS waiting",
        status,
    )
    return [WhereRaw('"initiative"."reviewing_unit" = ANY({})', [row["id"] for row in rows])]


async def _unit(code: str, name: str, *, anywhere: bool = False) -> dict:
    """The unit (id, path) by code, in the caller's scope; `anywhere`: in the tree."""
    row = await Unit.select(Unit.id, Unit.path).where(Unit.code == code).first()
    if row is None and anywhere:
        # A transfer goes to whichever union the member should have picked: it
        # may lie outside the caller's scope, so it is looked up by the owner.
        [row] = await Unit.raw("SELECT unit_id_for_code({}) AS id, '' AS path", code)
        row = row if row["id"] is not None else None
    if row is None:
        raise NotFound(f"Tham số «{name}»: không có đơn vị mã «{code}».")
    return row


async def selection(caller: Caller, spec: Filter) -> list:
    """The conditions that pick the initiatives a filter selects for this caller."""
    where = [Initiative.status == spec.status, *await _decidable(caller, spec.status)]
    if spec.reviewing_unit:
        unit = await _unit(spec.reviewing_unit, "filter.reviewing_unit")
        where.append(Initiative.reviewing_unit == unit["id"])
    if spec.within:
        unit = await _unit(spec.within, "filter.within")
        where.append(Initiative.reviewing_unit.path.like(unit["path"] + "%"))
    if spec.phase:
        window = await find_window(spec.phase)
        if window is None:
            raise NotFound(f"Tham số «filter.phase»: không có giai đoạn mã «{spec.phase}».")
        spans = [
            (Initiative.submitted_on >= start) & (Initiative.submitted_on <= end)
            for start, end in window.spans
        ]
        either = spans[0]
        for span in spans[1:]:
            either = either | span
        where.append(either)
    if spec.submitted_from:
        where.append(Initiative.submitted_on >= spec.submitted_from)
    if spec.submitted_to:
        where.append(Initiative.submitted_on <= spec.submitted_to)
    if spec.field:
        where.append(Initiative.field == spec.field)
    if spec.benefit_min is not None:
        where.append(Initiative.benefit_vnd >= spec.benefit_min)
    if spec.benefit_max is not None:
        where.append(Initiative.benefit_vnd <= spec.benefit_max)
    if spec.text:
        contains = f"%{like_literal(spec.text)}%"
        where.append(Initiative.title.ilike(contains) | Initiative.code.ilike(contains))
    return where


def like_literal(text: str) -> str:
    """`text` matched as typed inside a LIKE pattern: its % and _ are not wildcards
    (backslash is PostgreSQL's default LIKE escape)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def matching_ids(caller: Caller, spec: Filter) -> list[int]:
    where = await selection(caller, spec)
    rows = await Initiative.select(Initiative.id).where(*where).order_by(Initiative.id)
    return [row["id"] for row in rows]


def _missing(wanted: list[int], statuses: dict[int, str]) -> None:
    missing = [i for i in wanted if i not in statuses]
    if missing:
        raise NotDecidable(
            "Không có các sáng kiến này, hoặc chúng không được gửi đến đơn vị thuộc quyền duyệt "
            f"của bạn; chưa thay đổi gì: {', '.join(map(str, missing[:50]))}"
            + (" …" if len(missing) > 50 else ""),
            missing,
        )


async def _statuses(caller: Caller, ids: list[int], lock: bool) -> dict[int, str]:
    """The status of each of `ids` the caller may decide (the others are absent)."""
    # One statement, in id order, so that overlapping batches queue instead of
    # deadlocking; a waiting batch then reads the status the first committed.
    # `_decidable`'s rule; found by id, each row is checked against the scope.
    decidable = "" if caller.is_admin else " AND reviewing_unit IN (SELECT id FROM unit)"
    rows = await Unit.raw(
        f"SELECT id, status FROM initiative WHERE id = ANY({{}}){decidable}"
        f" ORDER BY id{' FOR UPDATE' if lock else ''}",
        ids,
    )
    return {row["id"]: row["status"] for row in rows}


async def decide(
    caller: Caller,
    action: str,
    *,
    ids: list[int] | None = None,
    spec: Filter | None = None,
    note: str = "",
    to_unit: str | None = None,
    dry_run: bool = False,
    idempotency_key: str | None = None,
) -> Result:
    check_allowed(caller, action, note, to_unit)
    idempotency_key = idempotency_key or None  # an empty key is none: it could not be found
    if (ids is None) == (spec is None):
        raise Invalid("Cần đúng một trong hai: danh sách «ids» hoặc bộ lọc «filter».")
    # A retry sent while the first request still runs waits for it here, then
    # finds its answer instead of applying the batch again.
    keys = [f"sangkien.approval:{caller.user_id}:{idempotency_key}"] if idempotency_key else []
    request = fingerprint(action, ids, spec, note, to_unit)
    async with serialised(*keys):
        if idempotency_key and (stored := await stored_result(caller, idempotency_key)):
            if stored.fingerprint not in (None, request):
                raise KeyReused(KEY_REUSED.format(key=idempotency_key))
            return stored
        chosen = sorted(set(ids)) if ids is not None else await matching_ids(caller, spec)
        target_unit = (await _unit(to_unit, "to_unit", anywhere=True))["id"] if to_unit else None
        # A dry run only reads: locking would hold up other managers for nothing.
        statuses = await _statuses(caller, chosen, lock=not dry_run)
        if ids is not None:
            _missing(chosen, statuses)  # all or nothing: before anything is written
        takes, leaves = ACTIONS[action].takes, ACTIONS[action].leaves
        eligible = [i for i in chosen if statuses.get(i) == takes]
        skipped = [
            {"id": i, "reason": skip_reason(statuses.get(i))}
            for i in chosen
            if statuses.get(i) != takes
        ]
        batch = secrets.token_hex(8)
        result = Result(batch, action, len(chosen), len(eligible), skipped, dry_run, chosen)
        if not dry_run:
            await _apply(caller, action, takes, leaves, eligible, note, target_unit, batch)
            await ApprovalBatch.insert(
                ApprovalBatch(
                    key=result.batch,
                    idempotency_key=idempotency_key,
                    fingerprint=request,
                    actor=caller.user_id,
                    action=action,
                    note=note,
                    to_unit=target_unit,
                    dry_run=False,  # a dry run writes nothing, not even this row
                    requested=result.requested,
                    applied=result.applied,
                    skipped=skipped,
                )
            )
    return result


async def _apply(
    caller: Caller,
    action: str,
    takes: str,
    leaves: str,
    ids: list[int],
    note: str,
    target_unit: int | None,
    batch: str,
) -> None:
    """One statement each, whatever the number of ids: the progress triggers then
    roll every change up to the ancestors once. The audit goes first: after a
    transfer the caller may no longer see the row.

    The app plans each statement for its parameters (piccolo_conf); here the
    foreign-key checks and row triggers run one prepared statement per row, and
    planning it 10,000 times would cost as much as the batch's own work."""
    # The workflow's writes are marked: the database's rules (db/rules/) let only
    # them change a status, a decision or (a transfer) the reviewing unit.
    await Unit.raw("SELECT set_config('sangkien.workflow', 'on', true)")
    [mode] = await Unit.raw("SELECT current_setting('plan_cache_mode') AS mode")
    await Unit.raw("SET LOCAL plan_cache_mode = auto")
    await Unit.raw(
        "INSERT INTO status_change (initiative, from_status, to_status, actor, at, note, batch)"
        " SELECT i, {}, {}, {}, now(), {}, {} FROM unnest({}::integer[]) AS i",
        takes,
        leaves,
        caller.user_id,
        note,
        batch,
        ids,
    )
    if action == "transfer":
        await Unit.raw("SELECT initiative_transfer({}, {})", ids, target_unit)
    elif leaves == "pending":
        await Unit.raw(
            "UPDATE initiative SET status = 'pending', decided_at = NULL, decided_by = NULL,"
            " decision_note = {} WHERE id = ANY({})",
            note,
            ids,
        )
    else:
        await Unit.raw(
            "UPDATE initiative SET status = {}, decided_at = now(), decided_by = {},"
            " decision_note = {} WHERE id = ANY({})",
            leaves,
            caller.user_id,
            note,
            ids,
        )
    await Unit.raw("SELECT set_config('plan_cache_mode', {}, true)", mode["mode"])


async def stored_result(caller: Caller, idempotency_key: str) -> Result | None:
    row = await (
        ApprovalBatch.select()
        .where(
            (ApprovalBatch.actor == caller.user_id)
            & (ApprovalBatch.idempotency_key == idempotency_key)
        )
        .first()
    )
    if row is None:
        return None
    return Result(
        row["key"],
        row["action"],
        row["requested"],
        row["applied"],
        json_list(row["skipped"]),
        row["dry_run"],
        fingerprint=row["fingerprint"],
    )


def fingerprint(
    action: str, ids: list[int] | None, spec: Filter | None, note: str, to_unit: str | None
) -> str:
    """What a request asks for, whatever order its ids came in: a retry with the same
    Idempotency-Key must ask the same, or it is another request."""
    asked = {
        "action": action,
        "ids": sorted(set(ids)) if ids is not None else None,
        "filter": msgspec.to_builtins(spec) if spec is not None else None,
        "note": note,
        "to_unit": to_unit,
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Batch:
    row: dict  # the approval_batch row
    changes: list[dict]  # initiative, from_status, to_status, at; in initiative order
    skipped: list[dict]  # id, reason


async def read_batch(key: str, limit: int | None = None) -> Batch:
    """A batch and (the first `limit` of) its changes, for the API and the review page.
    A unit's account sees only its own batches: another's answers as unknown."""
    row = await ApprovalBatch.select().where(ApprovalBatch.key == key).first()
    if row is None:
        raise NotFound(f"Không có lượt duyệt «{key}» của bạn.")
    query = (
        StatusChange.select(
            StatusChange.initiative,
            StatusChange.from_status,
            StatusChange.to_status,
            StatusChange.at,
        )
        .where(StatusChange.batch == key)
        .order_by(StatusChange.initiative)
    )
    changes = await (query.limit(limit) if limit is not None else query)
    return Batch(row, changes, json_list(row["skipped"]))


def json_list(value):
    return json.loads(value) if isinstance(value, str) else value
