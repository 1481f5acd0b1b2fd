"""Piccolo Admin's bundle as patched by admin.bundle, the page's display functions
(admin.display), and the forms' refusals naming their field (admin.field_errors)."""

import re

import pytest

from admin import bundle
from admin.bundle import REPLACEMENTS, BundleMismatch, bundles, check_bundle, patch, patched
from admin.config import build_admin
from admin.translation import VIETNAMESE
from demo.thai_nguyen import ensure_admin
from tests.support.accounts import PASSWORD, log_in
from tests.support.world import tree


async def login(client) -> dict[str, str]:
    await ensure_admin("quantri", PASSWORD)
    return await log_in(client, "quantri")


async def post_new(client, table: str, headers: dict, **values):
    """Create a row as the admin's form does: its defaults, then what was typed."""
    defaults = (await client.get(f"/admin/api/tables/{table}/new/")).json()
    return await client.post(
        f"/admin/api/tables/{table}/", json={**defaults, **values}, headers=headers
    )


def test_every_patch_applies_to_the_shipped_bundle():
    check_bundle()
    text = patched(bundles()[0])[0].decode()
    assert "sangkienShow(m[g],e.schema.properties[g],g)" in text
    for old, new, _ in REPLACEMENTS:
        assert old == new or old not in text.replace(new, "")


def test_a_patch_that_no_longer_matches_stops_the_start(monkeypatch):
    """An upgrade that moves one string: the admin is not built, and the error names it."""
    shipped = (bundle.ASSETS / bundles()[0]).read_text(encoding="utf-8")
    moved = shipped.replace('placeholder:"Type here to filter"', 'placeholder:"Type to filter"')
    with pytest.raises(BundleMismatch, match="Type here to filter"):
        patch(moved)
    monkeypatch.setattr(bundle, "REPLACEMENTS", [*REPLACEMENTS, ("no such code", "", 1)])
    patched.cache_clear()
    try:
        with pytest.raises(BundleMismatch, match="no such code"):
            build_admin()
    finally:
        patched.cache_clear()


def test_every_word_the_bundle_asks_for_is_translated():
    text = patched(bundles()[0])[0].decode()
    asked = set(re.findall(r'sangkienWord\("([^"]+)"\)', text))
    # Operator labels and match kinds are asked for through a variable.
    asked |= {"Equals", "Not Equal", "Less Than", "Greater Than", "is", "is not", "contains"}
    words = {key.strip() for key in VIETNAMESE.translations}
    assert asked and {a.strip() for a in asked} <= words


@pytest.mark.usefixtures("empty_db")
async def test_the_page_defines_the_display_functions_before_the_bundle(client):
    page = (await client.get("/admin/")).text
    assert page.index("window.sangkienShow") < page.index("assets/index-")
    assert '"Asia/Ho_Chi_Minh"' in page and '"status_change": "Lịch sử trạng thái"' in page


@pytest.mark.usefixtures("empty_db")
async def test_a_refused_value_names_the_field_and_what_to_do(client):
    headers = await login(client)
    ids = await tree()

    async def refusal(**values) -> str:
        values = {"title": "Sáng kiến", "unit": ids["G1"], **values}
        response = await post_new(client, "initiative", headers, **values)
        assert response.status_code == 422, response.text
        return response.json()["custom_form_error"]

    assert "«Tên sáng kiến» dài quá 500 ký tự (đang có 501 ký tự)" in await refusal(title="x" * 501)
    assert "«Mã sáng kiến» dài quá 40 ký tự" in await refusal(code="C" * 41)
    # A date typed in its text box is read as typed (admin.typed_input)…
    assert "«Ngày áp dụng lần đầu»: «30/02/2022»: không có ngày 30/02/2022" in await refusal(
        first_applied_on="30/02/2022"
    )
    # …and what is not text is pydantic's to refuse, in the same words.
    assert "«Ngày áp dụng lần đầu» không phải một ngày có thật" in await refusal(
        first_applied_on=20220230
    )
    assert "«Giá trị làm lợi (đồng)» phải là số nguyên" in await refusal(benefit_vnd=1.6)
    # Typed in its text box: read as an office types it, or refused saying why.
    assert "«Giá trị làm lợi (đồng)»: «1,6»: tiền đồng không có phần lẻ" in await refusal(
        benefit_vnd="1,6"
    )


@pytest.mark.usefixtures("empty_db")
async def test_a_custom_forms_refused_value_names_its_field_by_its_title(client):
    headers = await login(client)
    response = await client.post(
        "/admin/api/forms/revoke-token/", json={"token_id": "abc"}, headers=headers
    )
    assert response.status_code == 422
    sentence = response.json()["custom_form_error"]
    assert sentence.startswith("Chưa lưu được: «") and "phải là một số nguyên" in sentence
    assert "token_id" not in sentence
