"""Initiatives, their authors, and the audit trail of status changes."""

from decimal import Decimal

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import (
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.readable import Readable
from piccolo.table import Table

from domain.vocabulary import (
    EDITED_FIELDS,
    FIELDS,
    RECOGNITION_FORMS,
    RECOGNITION_SCOPES,
    SOLUTION_TYPES,
    STATUSES,
    choices,
)
from tables.units import Unit

Field = choices("Field", FIELDS)
SolutionType = choices("SolutionType", SOLUTION_TYPES)
RecognitionForm = choices("RecognitionForm", RECOGNITION_FORMS)
RecognitionScope = choices("RecognitionScope", RECOGNITION_SCOPES)
Status = choices("Status", STATUSES)
EditedField = choices("EditedField", EDITED_FIELDS)


class Initiative(Table):
    code = Varchar(length=40, unique=True)
    title = Varchar(length=500)
    summary = Text(default="")
    # Not indexed: a dozen values, each a large share of the rows; every index costs
    # each status change a write (see the lean-indexes migration).
    field = Varchar(length=32, choices=Field, default="other")
    solution_type = Varchar(length=32, choices=SolutionType, default="technical")
    # The author's grassroots union, or the upper union itself when the
    # grassroots union is not in the system: this decides where it counts.
    # Indexed by initiative_unit_status (unit, status, submitted_on; with the
    # policy's other columns and the id, so that a unit account's counts and
    # pages of ids read the index only).
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.restrict)
    # The direct upper-level union the initiative was sent to for review.
    # Indexed by initiative_review_queue (reviewing_unit, status, submitted_on; with
    # the policy's other columns, as above). The database sets it (the unit's
    # parent, db/rules/initiative_routing.sql) and holds it NOT NULL; not required
    # here, so that a form may leave it to the database (an empty required field
    # was refused before the database could fill it). `null` must stay False: an
    # auto-migration would otherwise drop the NOT NULL (tests/test_schema.py).
    reviewing_unit = ForeignKey(Unit, null=False, required=False, on_delete=OnDelete.restrict)
    # Indexed after unit and reviewing unit, and in the pending queue: alone, it
    # would cost every decision a write for rare country-wide date filters.
    submitted_on = Date(null=True, default=None)
    first_applied_on = Date(null=True, default=None)
    # Whole đồng, exact (BIGINT, 0 to domain.values.AMOUNT_MAX: the CHECKs); NULL
    # means "not calculable", which is not the same as 0.
    benefit_vnd = BigInt(null=True, default=None)
    recognition_form = Varchar(length=32, choices=RecognitionForm, default="other")
    decision_number = Varchar(length=100, default="")
    decision_date = Date(null=True, default=None)
    issuing_body = Varchar(length=255, default="")
    recognition_scope = Varchar(length=32, choices=RecognitionScope, default="organisation")
    confidential = Boolean(default=False)
    # Indexed with unit and reviewing unit, and the pending ones by submission
    # (initiative_pending): a decision then writes no entry there.
    status = Varchar(length=16, choices=Status, default="draft")
    decided_at = Timestamptz(null=True, default=None)
    # Not indexed: only deleting an account looks rows up by it (accounts are
    # deactivated, rarely deleted), while every decision would write an entry.
    decided_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    decision_note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s – %s", columns=[cls.code, cls.title])


class Author(Table):
    name = Varchar(length=255, index=True)
    # The unit whose staff keep this record (the author's grassroots union):
    # it puts the author in that unit's scope before any initiative links them.
    unit = ForeignKey(Unit, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    birth_year = Integer(null=True, default=None)
    position = Varchar(length=255, default="")
    workplace = Varchar(length=255, default="")

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s (%s)", columns=[cls.name, cls.workplace])


class Authorship(Table):
    """Author or co-author of an initiative, with their % contribution."""

    initiative = ForeignKey(Initiative, null=False, index=True, on_delete=OnDelete.cascade)
    author = ForeignKey(Author, null=False, index=True, on_delete=OnDelete.restrict)
    share = Numeric(digits=(5, 2), default=Decimal(100))


class StatusChange(Table):
    """Audit row: written by the approval workflow, one per transition."""

    # Indexed by status_change_initiative_at (initiative, at).
    initiative = ForeignKey(Initiative, null=False, on_delete=OnDelete.restrict)
    from_status = Varchar(length=16, choices=Status, null=True, default=None)
    to_status = Varchar(length=16, choices=Status)
    actor = ForeignKey(BaseUser, null=True, index=True, on_delete=OnDelete.restrict)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    note = Text(default="")
    batch = Varchar(length=64, null=True, default=None, index=True)


class InitiativeEdit(Table):
    """Edit history: one row per field an edit changed in an initiative once it was
    sent (its status no longer draft), or per author's share added, changed or
    removed. Written by the database's triggers alone (db/history/), whatever path
    wrote the initiative; values as text, as PostgreSQL prints them (dates
    yyyy-mm-dd, amounts in whole đồng, units and authors by id), shown in words by
    domain.history."""

    # Indexed by initiative_edit_initiative_at (initiative, at).
    initiative = ForeignKey(Initiative, null=False, on_delete=OnDelete.restrict)
    field = Varchar(length=32, choices=EditedField)
    # An author's share: whose (the name as it was then: the author may leave the
    # caller's sight once unlinked, or be deleted).
    author = ForeignKey(Author, null=True, default=None, index=True, on_delete=OnDelete.set_null)
    author_name = Varchar(length=255, default="")
    old_value = Text(null=True, default=None)
    new_value = Text(null=True, default=None)
    # The account the request ran as (sangkien.user), and its username then; none
    # for a write without a request (maintenance).
    actor = ForeignKey(BaseUser, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    actor_name = Varchar(length=100, default="")
    at = Timestamptz(default=TimestamptzNow())
