"""`POST /api/approvals` (send, withdraw or decide many initiatives at once) and
`GET /api/approvals/{batch}`.

The request is one of nine shapes, told apart by `action`, so that the schema says
what each needs: a withdrawal, a rejection, a return, a reopening and a revocation
their note, a transfer its receiving unit; every one exactly one of `ids` and
`filter`.
"""

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Request, get, post
from litestar.openapi.spec import Example, Schema
from litestar.params import Body, HeaderParameter, Parameter
from msgspec import UNSET, Meta, UnsetType

from domain import workflow
from domain.callers import Caller
from domain.selection import Filter
from domain.values import NO_NUL, Id, Note, NoteText
from domain.vocabulary import Action, Status
from endpoints.answers import answers
from endpoints.validation import strict_body


class Decision(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, tag_field="action"):
    """Which initiatives (exactly one of `ids` and `filter`), and whether only to
    count what would change (`dry_run`)."""

    ids: list[Id] | UnsetType = UNSET
    filter: Filter | UnsetType = UNSET
    dry_run: bool = False


class Submit(Decision, tag="submit"):
    """Drafts of the caller's units sent to their direct upper-level union."""

    note: NoteText = ""


class Resubmit(Decision, tag="resubmit"):
    """Returned initiatives sent again; the note may say what was corrected."""

    note: NoteText = ""


class Withdraw(Decision, tag="withdraw"):
    """Drafts, pending or returned initiatives of the caller's units withdrawn."""

    note: Note


class Approve(Decision, tag="approve"):
    note: NoteText = ""


class Reject(Decision, tag="reject"):
    note: Note


class Return(Decision, tag="return"):
    note: Note


class Transfer(Decision, tag="transfer"):
    to_unit: Annotated[
        str, Meta(min_length=1, pattern=NO_NUL, description="The union to forward them to")
    ]
    note: NoteText = ""


class Reopen(Decision, tag="reopen"):
    """Approved or rejected initiatives returned for correction."""

    note: Note


class Revoke(Decision, tag="revoke"):
    """Administrators only: approved initiatives back to pending."""

    note: Note


ApprovalRequest = (
    Submit | Resubmit | Withdraw | Approve | Reject | Return | Transfer | Reopen | Revoke
)
# What the shapes cannot say by themselves.
ONE_SELECTION = Schema(one_of=[Schema(required=["ids"]), Schema(required=["filter"])])
EXAMPLE = Example(
    summary="How many of the initiatives sent to Đồng Hỷ in phase 2 an approval would take",
    value={
        "action": "approve",
        "filter": {"reviewing_unit": "TN-DH", "phase": "GD2"},
        "dry_run": True,
    },
)


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


@post(
    "/api/approvals",
    status_code=200,
    summary="Send, resend, withdraw, approve, reject, return, transfer, reopen or revoke in bulk",
    responses=answers(400, 404, 409, 422),
)
async def post_approvals(
    request: Request[Caller, str, object],
    data: Annotated[
        ApprovalRequest, Body(schema_extra={"all_of": [ONE_SELECTION]}, examples=[EXAMPLE])
    ],
    idempotency_key: Annotated[
        str | None,
        HeaderParameter(
            name="Idempotency-Key",
            description="Send the same key to retry safely",
            min_length=1,
            max_length=200,
        ),
    ] = None,
) -> ApprovalResult:
    decision = strict_body(request, await request.body(), ApprovalRequest)
    # A refusal is a domain error, answered by endpoints.errors (422 lists the ids).
    result = await workflow.decide(
        request.user,
        type(decision).__struct_config__.tag,
        ids=None if decision.ids is UNSET else decision.ids,
        spec=None if decision.filter is UNSET else decision.filter,
        note=decision.note,
        to_unit=decision.to_unit if isinstance(decision, Transfer) else None,
        dry_run=decision.dry_run,
        idempotency_key=idempotency_key,
    )
    return _result(result)


@get(
    "/api/approvals/{batch:str}",
    summary="A batch and the initiatives it changed",
    responses=answers(400, 404),
)
async def get_approval(
    batch: Annotated[str, Parameter(description="The batch id", pattern=NO_NUL)],
) -> BatchDetail:
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
