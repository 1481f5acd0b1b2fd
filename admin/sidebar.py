"""The sidebar's links, and which roles see each: only what the role can use.

Piccolo Admin lists every link and form to everyone; admin.scope rewrites its
`links`, `forms` and `tables` answers for a unit's account (forms: FORM_ROLES of
admin.forms). The pages themselves still check who calls.
"""

from domain.vocabulary import DECIDING_ROLES, ROLES, SENDING_ROLES

ADMIN = ("admin",)
# name → (address, roles that see it)
LINKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Hàng chờ duyệt": ("/review", DECIDING_ROLES),
    "Gửi sáng kiến": ("/send", SENDING_ROLES),
    "Nhập sáng kiến": ("/initiatives/new", SENDING_ROLES),
    # A page with the filter (an administrator's whole country passes one sheet).
    "Xuất Excel danh sách sáng kiến": ("/initiatives/export", tuple(ROLES)),
    # Raw JSON and the API's reference: for administrators, who issue the tokens.
    "Tình trạng hệ thống": ("/api/health", ADMIN),
    "Tài liệu API": ("/schema", ADMIN),
}


def sidebar_links() -> dict[str, str]:
    return {name: address for name, (address, _) in LINKS.items()}


def page_links(caller: object = None) -> list[tuple[str, str]]:
    """The pages' header: our own pages the caller's role can use (all of them
    before the caller is known, e.g. on an error page); the admin's JSON and API
    reference stay in the admin's sidebar."""
    role = getattr(caller, "role", None)
    return [
        (name, address)
        for name, (address, roles) in LINKS.items()
        if not address.startswith(("/api", "/schema")) and (role is None or role in roles)
    ]


def links_for(role: str, links: dict) -> dict:
    return {name: address for name, address in links.items() if role in LINKS.get(name, ("",))[1]}
