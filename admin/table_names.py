"""Vietnamese table names in the admin's sidebar and headings.

Piccolo Admin prints a table's database name ("status change") wherever it
names a table, and offers no hook for it. This adds one small script to the
admin's page that replaces those names with `domain.labels.TABLE_LABELS` when
Vietnamese is the chosen language. Data cells are left alone.
"""

import json

from piccolo_admin.endpoints import AdminRouter

from admin.bundle import add_to_page
from domain.labels import TABLE_LABELS

# The admin remembers a language picked in its menu under this localStorage key.
_LANGUAGE_KEY = "piccoloAdminDefaultLanguage"

_SCRIPT = """<script>
(() => {
  const labels = %(labels)s;
  if ((localStorage.getItem(%(key)s) || "vi") !== "vi") return;
  const names = Object.keys(labels).sort((a, b) => b.length - a.length);
  const fix = (node) => {
    const parent = node.parentElement;
    if (!parent || parent.closest("td, input, textarea, .ql-editor")) return;
    const text = node.nodeValue;
    const key = text.trim().toLowerCase();
    if (labels[key]) {
      node.nodeValue = text.replace(text.trim(), labels[key]);
      return;
    }
    if (parent.closest("h1")) {  // "Sửa initiative", "Thêm unit"
      const name = names.find((n) => key.endsWith(" " + n));
      if (name) node.nodeValue = text.slice(0, text.toLowerCase().lastIndexOf(name)) + labels[name];
    }
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fix(root);
    const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = it.nextNode(); n; n = it.nextNode()) fix(n);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") fix(change.target);
      else change.addedNodes.forEach(walk);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
})();
</script>"""


def add_table_names(router: AdminRouter) -> AdminRouter:
    # "status change" in headings; "status_change" in a row's related tables.
    labels = {
        spelled: label
        for name, label in TABLE_LABELS.items()
        for spelled in (name.replace("_", " "), name)
    }
    script = _SCRIPT % {
        "labels": json.dumps(labels, ensure_ascii=False),
        "key": json.dumps(_LANGUAGE_KEY),
    }
    router.template = add_to_page(router.template, "</head>", script)
    return router
