"""Every rule the database enforces refuses bad data with its own Vietnamese message."""

from datetime import date
from decimal import Decimal

import pytest

from domain.violations import MESSAGES, explain
from tables.accounts import AccountProfile
from tables.commendations import Commendation
from tables.initiatives import Author, Authorship, Initiative, StatusChange
from tables.programmes import Phase, Programme, Target
from tables.units import Cluster, ClusterMember, Unit
from tests.support.world import author, initiative, programme, refusal, tree

pytestmark = pytest.mark.usefixtures("empty_db")


async def world() -> dict[str, int]:
    ids = await tree()
    ids["programme"], ids["phase"] = await programme()
    ids["initiative"] = await initiative("SK-1", ids["G1"], ids["D1"])
    ids["author"] = await author()
    [cluster] = await Cluster.insert(Cluster(code="C1", name="Cụm 1"))
    ids["cluster"] = cluster["id"]
    return ids


def init_row(ids, **values):
    row = {"code": "SK-NEW", "title": "Mới", "unit": ids["G1"], "reviewing_unit": ids["D1"]}
    return Initiative(**{**row, "status": "pending", "submitted_on": date(2022, 2, 1), **values})


# rule name -> a write that breaks it (given the ids of `world()`)
BAD_WRITES = {
    "unit_kind_check": lambda ids: Unit.insert(
        Unit(code="X", name="X", kind="galaxy", parent=ids["P"])
    ),
    "unit_code_not_blank": lambda ids: Unit.insert(
        Unit(code="  ", name="X", kind="other", parent=ids["P"])
    ),
    "unit_name_not_blank": lambda ids: Unit.insert(
        Unit(code="X", name="", kind="other", parent=ids["P"])
    ),
    "unit_code_key": lambda ids: Unit.insert(
        Unit(code="D1", name="Trùng", kind="other", parent=ids["P"])
    ),
    "cluster_code_not_blank": lambda ids: Cluster.insert(Cluster(code="", name="C")),
    "cluster_code_key": lambda ids: Cluster.insert(Cluster(code="C1", name="C")),
    "cluster_member_unique": lambda ids: ClusterMember.insert(
        ClusterMember(cluster=ids["cluster"], unit=ids["D1"]),
        ClusterMember(cluster=ids["cluster"], unit=ids["D1"]),
    ),
    "programme_code_not_blank": lambda ids: Programme.insert(Programme(code="", name="P")),
    "programme_code_key": lambda ids: Programme.insert(Programme(code="PR", name="P")),
    "phase_code_not_blank": lambda ids: Phase.insert(
        Phase(
            programme=ids["programme"],
            code=" ",
            name="x",
            start_date=date(2023, 1, 1),
            end_date=date(2023, 2, 1),
        )
    ),  # fmt: skip
    "phase_code_key": lambda ids: Phase.insert(
        Phase(
            programme=ids["programme"],
            code="PR-1",
            name="x",
            start_date=date(2023, 1, 1),
            end_date=date(2023, 2, 1),
        )
    ),  # fmt: skip
    "phase_dates_order": lambda ids: Phase.insert(
        Phase(
            programme=ids["programme"],
            code="PR-2",
            name="x",
            start_date=date(2023, 2, 1),
            end_date=date(2023, 1, 1),
        )
    ),  # fmt: skip
    "phase_overlap": lambda ids: Phase.insert(
        Phase(
            programme=ids["programme"],
            code="PR-2",
            name="x",
            start_date=date(2022, 5, 31),
            end_date=date(2022, 8, 31),
        )
    ),  # fmt: skip
    "target_quota_non_negative": lambda ids: Target.insert(
        Target(unit=ids["P"], phase=ids["phase"], quota=-1)
    ),
    "target_phase_or_programme": lambda ids: Target.insert(
        Target(unit=ids["P"], phase=ids["phase"], programme=ids["programme"], quota=1)
    ),
    "target_unit_phase_unique": lambda ids: Target.insert(
        Target(unit=ids["P"], phase=ids["phase"], quota=1),
        Target(unit=ids["P"], phase=ids["phase"], quota=2),
    ),
    "target_unit_programme_unique": lambda ids: Target.insert(
        Target(unit=ids["P"], programme=ids["programme"], quota=1),
        Target(unit=ids["P"], programme=ids["programme"], quota=2),
    ),
    "initiative_code_key": lambda ids: Initiative.insert(init_row(ids, code="SK-1")),
    # A blank initiative code is generated (test_write_rules), not refused.
    "initiative_title_not_blank": lambda ids: Initiative.insert(init_row(ids, title="")),
    "initiative_field_check": lambda ids: Initiative.insert(init_row(ids, field="astrology")),
    "initiative_solution_type_check": lambda ids: Initiative.insert(
        init_row(ids, solution_type="magic")
    ),
    "initiative_recognition_form_check": lambda ids: Initiative.insert(
        init_row(ids, recognition_form="rumour")
    ),
    "initiative_recognition_scope_check": lambda ids: Initiative.insert(
        init_row(ids, recognition_scope="galactic")
    ),
    "initiative_status_check": lambda ids: Initiative.insert(init_row(ids, status="lost")),
    "initiative_benefit_non_negative": lambda ids: Initiative.insert(init_row(ids, benefit_vnd=-1)),
    "initiative_benefit_at_most": lambda ids: Initiative.insert(init_row(ids, benefit_vnd=10**15)),
    "initiative_submitted_unless_draft": lambda ids: Initiative.insert(
        init_row(ids, submitted_on=None)
    ),
    "author_name_not_blank": lambda ids: Author.insert(Author(name=" ")),
    "author_birth_year_range": lambda ids: Author.insert(Author(name="A", birth_year=1850)),
    "authorship_share_range": lambda ids: Authorship.insert(
        Authorship(initiative=ids["initiative"], author=ids["author"], share=Decimal(0))
    ),
    "authorship_unique": lambda ids: Authorship.insert(
        Authorship(initiative=ids["initiative"], author=ids["author"], share=Decimal(10)),
        Authorship(initiative=ids["initiative"], author=ids["author"], share=Decimal(10)),
    ),
    "status_change_from_check": lambda ids: StatusChange.insert(
        StatusChange(initiative=ids["initiative"], from_status="lost", to_status="pending")
    ),
    "status_change_to_check": lambda ids: StatusChange.insert(
        StatusChange(initiative=ids["initiative"], to_status="lost")
    ),
    "commendation_recipient_kind_check": lambda ids: Commendation.insert(
        Commendation(recipient_kind="team", unit=ids["D1"], phase=ids["phase"])
    ),
    "commendation_form_check": lambda ids: Commendation.insert(
        Commendation(recipient_kind="collective", unit=ids["D1"], phase=ids["phase"], form="x")
    ),
    "commendation_recipient": lambda ids: Commendation.insert(
        Commendation(recipient_kind="individual", unit=ids["D1"], phase=ids["phase"])
    ),
    # Issue 13: sound values, which bind every writer (maintenance too).
    "initiative_code_any_case": lambda ids: Initiative.insert(init_row(ids, code="sk-1 ")),
    "unit_code_any_case": lambda ids: Unit.insert(
        Unit(code="d1\u200b", name="Trùng", kind="other", parent=ids["P"])
    ),
    "cluster_code_any_case": lambda ids: Cluster.insert(Cluster(code=" c1", name="C")),
    "programme_code_any_case": lambda ids: Programme.insert(Programme(code="pr", name="P")),
    "phase_code_any_case": lambda ids: Phase.insert(
        Phase(
            programme=ids["programme"],
            code="pr-1",
            name="x",
            start_date=date(2023, 1, 1),
            end_date=date(2023, 2, 1),
        )
    ),
    "cluster_name_not_blank": lambda ids: Cluster.insert(Cluster(code="C2", name="\u00a0")),
    "programme_name_not_blank": lambda ids: Programme.insert(Programme(code="P2", name=" ")),
    "phase_name_not_blank": lambda ids: Phase.insert(
        Phase(
            programme=ids["programme"],
            code="PR-2",
            name="\ufeff",
            start_date=date(2023, 1, 1),
            end_date=date(2023, 2, 1),
        )
    ),
    "initiative_submitted_in_future": lambda ids: Initiative.insert(
        init_row(ids, submitted_on=date(2030, 12, 31))
    ),
    "initiative_submitted_since_2000": lambda ids: Initiative.insert(
        init_row(ids, submitted_on=date(1999, 12, 31))
    ),
    "initiative_applied_before_submitted": lambda ids: Initiative.insert(
        init_row(ids, first_applied_on=date(2022, 2, 2))
    ),
    "initiative_decision_before_submitted": lambda ids: Initiative.insert(
        init_row(ids, decision_date=date(2022, 2, 2))
    ),
}


@pytest.mark.parametrize("rule", sorted(BAD_WRITES))
async def test_rule_refuses_with_its_message(rule):
    ids = await world()
    counts = {t: await t.count() for t in (Unit, Initiative, Phase, Target, Author, Commendation)}
    assert await refusal(BAD_WRITES[rule](ids)) == MESSAGES[rule]
    # Nothing was stored.
    assert {t: await t.count() for t in counts} == counts


async def test_shares_of_one_initiative_sum_to_at_most_100():
    ids = await world()
    second = await author("Trần Thị Bình")
    third = await author("Lê Văn Cường")
    await Authorship.insert(
        Authorship(initiative=ids["initiative"], author=ids["author"], share=Decimal("33.33")),
        Authorship(initiative=ids["initiative"], author=second, share=Decimal("33.33")),
        Authorship(initiative=ids["initiative"], author=third, share=Decimal("33.34")),
    )
    fourth = await author("Phạm Văn Dũng")
    message = await refusal(
        Authorship.insert(
            Authorship(initiative=ids["initiative"], author=fourth, share=Decimal("0.01"))
        )
    )
    assert message == MESSAGES["authorship_share_total"]
    assert await Authorship.count() == 3


async def test_account_profile_needs_a_unit_unless_admin():
    from piccolo.apps.user.tables import BaseUser

    await tree()
    user = await BaseUser.create_user(username="u1", password="mật-khẩu-dài-1")
    message = await refusal(AccountProfile.insert(AccountProfile(user=user.id, role="staff")))
    assert message == MESSAGES["account_profile_unit"]
    unit_id = (await Unit.select(Unit.id).first())["id"]
    message = await refusal(
        AccountProfile.insert(AccountProfile(user=user.id, unit=unit_id, role="boss"))
    )
    assert message == MESSAGES["account_profile_role_check"]


async def test_benefit_holds_every_amount_exactly():
    """Up to the bound, to the đồng, read back as an int (never a Decimal, which
    Piccolo Admin showed in exponent form)."""
    ids = await world()
    value = 10**15 - 1
    await Initiative.insert(init_row(ids, benefit_vnd=value))
    stored = await Initiative.select(Initiative.benefit_vnd).where(Initiative.code == "SK-NEW")
    assert stored[0]["benefit_vnd"] == value and type(stored[0]["benefit_vnd"]) is int


def test_unknown_errors_get_a_generic_message_not_a_raw_one():
    assert "không hợp lệ" in explain("something nobody anticipated")
    assert "Tên đơn vị" in explain('null value in column "name" of relation "unit"')
