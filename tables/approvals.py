"""A bulk decision: who did what to which initiatives, once per idempotency key.

The initiatives it changed are its status-change rows (`StatusChange.batch` =
`key`); those it skipped, with the reason, are kept here.
"""

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from domain.vocabulary import ACTION_LABELS, choices
from tables.units import Unit

Action = choices("Action", ACTION_LABELS)


class ApprovalBatch(Table):
    key = Varchar(length=64, unique=True)
    idempotency_key = Varchar(length=200, null=True, default=None)
    # SHA-256 of what the request asked (domain.workflow.fingerprint).
    fingerprint = Varchar(length=64, null=True, default=None)
    actor = ForeignKey(BaseUser, null=False, index=True, on_delete=OnDelete.restrict)
    action = Varchar(length=16, choices=Action)
    note = Text(default="")
    to_unit = ForeignKey(Unit, null=True, index=True, on_delete=OnDelete.restrict)
    dry_run = Boolean(default=False)
    requested = Integer(default=0)
    applied = Integer(default=0)
    skipped = JSON(default=[])
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
