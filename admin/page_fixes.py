"""Fixes to the admin's page that Piccolo Admin offers no setting for.

- Passwords typed in its forms are masked. Its custom forms draw every text
  field as `<input type="text">`, whatever the JSON schema says, so a password
  field of a form (pydantic `SecretStr`: format "password") and the password of
  «Người dùng» showed as typed. A small script turns those inputs (by field
  name) into password inputs that browsers do not fill in or remember.
- The user menu's «Cài đặt xác thực hai lớp» (MFA setup) is hidden: it links to
  `api/mfa-setup/`, which exists only when MFA providers are configured, and
  ours are not (a 404).
- Its language is Vietnamese (`lang="vi"`), not the template's English.
"""

import json

from piccolo_admin.endpoints import AdminRouter, FormConfig
from pydantic import SecretStr

from admin.bundle import add_to_page

_PAGE = """<style>li:has(> a[href="./api/mfa-setup/"]) { display: none !important; }</style>
<script>
(() => {
  const names = new Set(%(names)s);
  const mask = (input) => {
    if (input.type === "text" && names.has(input.name)) {
      input.type = "password";
      input.autocomplete = "new-password";
    }
  };
  new MutationObserver(() => document.querySelectorAll("form input[name]").forEach(mask))
    .observe(document.documentElement, {subtree: true, childList: true});
})();
</script>"""


def password_fields(forms: list[FormConfig]) -> set[str]:
    """The forms' SecretStr fields, and the password of Piccolo's user table."""
    return {"password"} | {
        name
        for form in forms
        for name, field in form.pydantic_model.model_fields.items()
        if field.annotation is SecretStr
    }


def fix_page(router: AdminRouter, forms: list[FormConfig]) -> AdminRouter:
    page = _PAGE % {"names": json.dumps(sorted(password_fields(forms)))}
    router.template = add_to_page(router.template, "</head>", page)
    # The page is in Vietnamese: screen readers read it so, browsers offer no translation.
    router.template = router.template.replace('<html lang="en">', '<html lang="vi">', 1)
    return router
