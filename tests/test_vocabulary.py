"""One vocabulary, one filter: the database, the tables and every door agree with them.

A value added to (or dropped from) a choice list on one side only, a CHECK
constraint left out of this comparison, or a door that renames a filter field
fails here.
"""

import re
from pathlib import Path
from typing import get_type_hints

import msgspec
from msgspec import UnsetType
from piccolo.columns import Column

from admin.bulk_form import BY_LABEL, SHOWN, BulkDecision
from domain import selection, vocabulary
from endpoints.approvals import ApprovalRequest, Decision
from endpoints.review import FILTER_FIELDS
from tables.accounts import AccountProfile
from tables.approvals import ApprovalBatch
from tables.commendations import Commendation
from tables.initiatives import Initiative, InitiativeEdit, StatusChange
from tables.units import Unit

ROOT = Path(__file__).resolve().parent.parent

# CHECK constraint -> (the column it guards, the vocabulary it must allow)
CHECKS: dict[str, tuple[Column, dict[str, str]]] = {
    "unit_kind_check": (Unit.kind, vocabulary.UNIT_KINDS),
    "initiative_field_check": (Initiative.field, vocabulary.FIELDS),
    "initiative_solution_type_check": (Initiative.solution_type, vocabulary.SOLUTION_TYPES),
    "initiative_recognition_form_check": (
        Initiative.recognition_form,
        vocabulary.RECOGNITION_FORMS,
    ),
    "initiative_recognition_scope_check": (
        Initiative.recognition_scope,
        vocabulary.RECOGNITION_SCOPES,
    ),
    "initiative_status_check": (Initiative.status, vocabulary.STATUSES),
    "status_change_from_check": (StatusChange.from_status, vocabulary.STATUSES),
    "status_change_to_check": (StatusChange.to_status, vocabulary.STATUSES),
    "initiative_edit_field_check": (InitiativeEdit.field, vocabulary.EDITED_FIELDS),
    "commendation_recipient_kind_check": (
        Commendation.recipient_kind,
        vocabulary.RECIPIENT_KINDS,
    ),
    "commendation_form_check": (Commendation.form, vocabulary.COMMENDATION_FORMS),
    "account_profile_role_check": (AccountProfile.role, vocabulary.ROLES),
    "approval_batch_action_check": (ApprovalBatch.action, vocabulary.ACTION_LABELS),
}


async def test_the_database_allows_exactly_the_vocabulary():
    rows = await Unit.raw(
        "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint"
        " WHERE contype = 'c' AND connamespace = 'public'::regnamespace"
        " AND conname LIKE '%\\_check'"
    )
    # e.g. CHECK (((status)::text = ANY ((ARRAY['draft'::character varying, …])::text[])))
    allowed = {row["conname"]: re.findall(r"'([^']*)'", row["definition"]) for row in rows}
    assert set(allowed) == set(CHECKS), "a value-list CHECK this test does not compare"
    for name, (_, values) in CHECKS.items():
        assert sorted(allowed[name]) == sorted(values), name


def test_the_tables_choices_are_the_vocabulary():
    for name, (column, labels) in CHECKS.items():
        choices = column._meta.get_choices_dict().values()
        assert {c["value"]: c["display_name"] for c in choices} == labels, name


def test_every_action_leaves_a_status_and_takes_some():
    for rule in vocabulary.ACTIONS.values():
        assert rule.takes and set(rule.takes) <= set(vocabulary.STATUSES)
        assert rule.leaves in vocabulary.STATUSES
    assert set(vocabulary.MANAGER_ACTIONS) == {"approve", "reject", "return", "transfer"}
    assert vocabulary.SENDING_ACTIONS == ("submit", "resubmit", "withdraw")


def test_the_apis_request_shapes_are_the_actions():
    # One shape per action, which requires a note exactly when the action needs
    # one (the schema then says so), and the receiving unit for a transfer.
    shapes = {shape.__struct_config__.tag: shape for shape in ApprovalRequest.__args__}
    assert list(shapes) == list(vocabulary.ACTIONS)
    for action, shape in shapes.items():
        required = {
            f.name for f in msgspec.inspect.type_info(shape).fields if f.required
        }  # fmt: skip
        expected = {"note"} if vocabulary.ACTIONS[action].note else set()
        assert required == expected | ({"to_unit"} if action == "transfer" else set()), action


def test_every_door_uses_the_filters_names():
    names = set(selection.NAMES)
    # The API: every shape of request takes the filter as it is.
    assert get_type_hints(Decision)["filter"] == selection.Filter | UnsetType
    assert all(issubclass(shape, Decision) for shape in ApprovalRequest.__args__)
    # The admin form: every field of the filter but the status (its actions all
    # take pending initiatives), with its type; a choice picked by its label.
    form = BulkDecision.model_fields
    assert names - {"status"} == set(SHOWN) <= set(form) and "status" not in form
    assert {n: form[n].annotation for n in SHOWN} == {
        n: str if n in BY_LABEL else selection.TYPES[n] for n in SHOWN
    }
    # The review page reads these names and its filter form sends nothing else.
    assert set(FILTER_FIELDS) <= names
    page = (ROOT / "templates" / "review" / "queue.html").read_text()
    filters = page[page.index('<form class="filters') : page.index("</form>")]
    # A field written out, or one of templates/review/filters.html's macros.
    sent = {a or b for a, b in re.findall(r'name="(\w+)"|f\.\w+\("(\w+)"', filters)} - {"size"}
    assert sent == set(FILTER_FIELDS)
