"""`POST /api/approvals` (decide many initiatives at once) and `GET /api/approvals/{batch}`."""

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request, get, post
from litestar.params import HeaderParameter, JSONBody, Parameter

from domain import workflow
from domain.callers import Caller
from domain.selection import Filter
from domain.vocabulary import Action, Status


class ApprovalRequest(msgspec.Struct, forbid_unknown_fields=True):
    action: Action
    ids: list[int] | None = None
    filter: Filter | None = None
    note: str = ""
    to_unit: str | None = None
    dry_run: bool = False


class Skipped(msgspec.Struct):
    id: int
    reason: str


class ApprovalResult(msgspec.Struct):
    batch: str
    action: Action
    requested: int
    applied: int
    skipped: list[Skipped]
    dry_run: bool


class Item(msgspec.Struct):
    initiative: int
    from_status: Status | None
    to_status: Status
    at: datetime


class BatchDetail(msgspec.Struct):
    batch: str
    action: Action
    note: str
    created_at: datetime
    requested: int
    applied: int
    items: list[Item]
    skipped: list[Skipped]


def _result(result: workflow.Result) -> ApprovalResult:
    return ApprovalResult(
        batch=result.batch,
        action=result.action,
        requested=result.requested,
        applied=result.applied,
        skipped=[Skipped(s["id"], s["reason"]) for s in result.skipped],
        dry_run=result.dry_run,
    )


@post("/api/approvals", status_code=200, summary="Approve, reject, return or transfer in bulk")
async def post_approvals(
    request: Request[Caller, str, object],
    data: JSONBody[ApprovalRequest],
    idempotency_key: Annotated[
        str | None,
        HeaderParameter(name="Idempotency-Key", description="Send the same key to retry safely"),
    ] = None,
) -> ApprovalResult:
    # A refusal is a domain error, answered by endpoints.errors (422 lists the ids).
    result = await workflow.decide(
        request.user,
        data.action,
        ids=data.ids,
        spec=data.filter,
        note=data.note,
        to_unit=data.to_unit,
        dry_run=data.dry_run,
        idempotency_key=idempotency_key,
    )
    return _result(result)


@get("/api/approvals/{batch:str}", summary="A batch and the initiatives it changed")
async def get_approval(batch: Annotated[str, Parameter(description="The batch id")]) -> BatchDetail:
    found = await workflow.read_batch(batch)
    row = found.row
    return BatchDetail(
        batch=row["key"],
        action=row["action"],
        note=row["note"],
        created_at=row["created_at"],
        requested=row["requested"],
        applied=row["applied"],
        items=[
            Item(c["initiative"], c["from_status"], c["to_status"], c["at"]) for c in found.changes
        ],
        skipped=[Skipped(s["id"], s["reason"]) for s in found.skipped],
    )
