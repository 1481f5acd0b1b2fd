"""Values shown the Vietnamese way on the admin's page, and its English words in Vietnamese.

Piccolo Admin prints a list cell's value as the API sends it («2022-02-12»,
«2598686000», «2026-11-29T11:32:35.942645Z», NULL) and hard-codes some English
in its bundle. The API must keep sending raw values (the edit form reads them
back), so formatting belongs to the page: this adds to it the functions
admin.bundle's patches call —

- `sangkienShow(value, property, name)`: a list cell, by the column's JSON
  schema: dates dd/mm/yyyy, timestamps in Vietnam time «29/11/2026 18:32»,
  whole numbers with dots («2.598.686.000»; not ids and years), decimals with a
  comma («40,5»), empty for none;
- `sangkienWord(text)`: Piccolo's hard-coded English through our Vietnamese
  translation (admin.translation), unless English was picked in its menu;
- `sangkienTable(name)`, `sangkienColumn(table, name)`: Vietnamese names;
- `sangkienNumber`, `sangkienTyped`: counts grouped, a form's date and decimal as
  typed («15/07/2022», «40,5»);
- `sangkienFromServer` / `sangkienToServer`: Piccolo's naive timestamps (the
  server's local time) in Vietnam time in their forms;
- `sangkienCsv(rows, schema, separator)`: the list's «Xuất CSV» as Excel opens it;
- `sangkienRouter` / `sangkienOwnPage`: the router's guard sending an initiative's
  add and edit to the entry page (OWN_PAGES);

and fixes the time zone at Vietnam's: Piccolo Admin reads it from localStorage
(UTC by default) and offers a select of ~600 zones beside every timestamp,
which is hidden, as is its menu's «Đặt múi giờ». Its CSS capitalises select
lists, headings and the sidebar («Giải Pháp Kỹ Thuật»): our labels are shown as
written.
"""

import datetime
import json

from piccolo.table import Table
from piccolo_admin.endpoints import AdminRouter

from admin.bundle import add_to_page
from admin.translation import VIETNAMESE
from domain.labels import TABLE_LABELS, column_label

# Piccolo Admin's localStorage keys (admin_ui/src/localStorage.ts, main.ts).
TIMEZONE_KEY = "defaultTimezone"
LANGUAGE_KEY = "piccoloAdminDefaultLanguage"
TIMEZONE = "Asia/Ho_Chi_Minh"

# A table whose records are added and edited on a page of ours (endpoints.entry:
# an initiative with its authors in one save, no review-only field), not in
# Piccolo Admin's generic form.
OWN_PAGES = {"initiative": {"add": "/initiatives/new", "edit": "/initiatives/{id}/edit"}}

_PAGE = """<style>
select, h1, div.sidebar ul li, li a, ul.related_tables li span.table {
  text-transform: none !important;
}
input[type="datetime-local"] + select { display: none !important; }
li:has(> a > svg[data-icon="globe"]) { display: none !important; }
.ql-snow .ql-picker.ql-header .ql-picker-label::before,
.ql-snow .ql-picker.ql-header .ql-picker-item::before { content: "Văn bản" !important; }
%(headings)s
</style>
<script>
(() => {
  localStorage.setItem(%(timezone_key)s, %(timezone)s);
  const words = %(words)s;
  const tables = %(tables)s;
  const columns = %(columns)s;
  const vietnamese = () => (localStorage.getItem(%(language_key)s) || "vi") === "vi";
  window.sangkienWord = (text) => {
    const word = vietnamese() ? words[String(text).trim()] : undefined;
    return word === undefined ? text : word;
  };
  window.sangkienTable = (name) => {
    const key = String(name).trim().toLowerCase();
    return (vietnamese() && (tables[key] || tables[key.replace(/ /g, "_")])) || name;
  };
  window.sangkienColumn = (table, name) =>
    (vietnamese() && ((columns[table] || {})[name] || columns["*"][name])) || name;
  const group = (digits) => digits.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ".");
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: %(timezone)s, day: "2-digit", month: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  const kind = (property) => {
    const types = [property || {}, ...((property && property.anyOf) || [])];
    const found = types.find((t) => t.type && t.type !== "null") || {};
    return [found.type, found.format];
  };
  window.sangkienShow = (value, property, name) => {
    if (value === null || value === undefined) return "";
    const [type, format] = kind(property);
    if (format === "date" && /^\\d{4}-\\d{2}-\\d{2}$/.test(value)) {
      return value.split("-").reverse().join("/");
    }
    if (format === "date-time") {
      const at = new Date(value);
      if (isNaN(at)) return value;
      const p = Object.fromEntries(time.formatToParts(at).map((x) => [x.type, x.value]));
      return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
    }
    const plain = name === "id" || /year/.test(name || "");
    if (type === "integer" && !plain && /^-?\\d+$/.test(String(value))) {
      return group(String(value));
    }
    if (type === "number" && /^-?\\d+(\\.\\d+)?$/.test(String(value))) {
      const [whole, fraction] = String(value).split(".");
      const kept = (fraction || "").replace(/0+$/, "");  // «100,00» is 100, «40,50» 40,5
      return group(whole) + (kept ? "," + kept : "");
    }
    return value;
  };
  window.sangkienNumber = (value) => group(String(value));
  // A form's value as it is typed in its text box: a date «15/07/2022», a decimal
  // «40,5» (no trailing zeros).
  window.sangkienTyped = (value, type, format) => {
    const text = String(value);
    if (format === "date" && /^\\d{4}-\\d{2}-\\d{2}$/.test(text)) {
      return text.split("-").reverse().join("/");
    }
    if (type === "number" && /^-?\\d+\\.\\d+$/.test(text)) {
      return text.replace(/0+$/, "").replace(/\\.$/, "").replace(".", ",");
    }
    return value;
  };
  // Piccolo Admin's add and edit of these tables go to our own pages instead: a
  // guard on its router, which sees every navigation.
  const ownPages = %(own_pages)s;
  window.sangkienOwnPage = (to) => {
    const own = ownPages[to.params.tableName];
    if (!own || (to.name !== "addRow" && to.name !== "editRow")) return true;
    const id = to.name === "editRow" ? to.params.rowID : null;
    location.assign(id ? own.edit.replace("{id}", encodeURIComponent(id)) : own.add);
    // Never settled: a cancelled navigation would make the router put its own
    // address back, which stops the browser's way to the page.
    return new Promise(() => {});
  };
  window.sangkienRouter = (create, options) => {
    const router = create(options);
    router.beforeEach(window.sangkienOwnPage);
    return router;
  };
  // A naive timestamp (Piccolo's own: last login, session expiry) is the server's
  // local time; read as the browser's, it was seven hours off in Vietnam.
  const naive = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:[\\d.]+)?$/;
  const zoned = (value, property) =>
    kind(property)[1] === "date-time" && typeof value === "string" && naive.test(value)
      ? value + %(server_offset)s : value;
  // The same naive timestamps in a form's box: Vietnam time shown, the server's sent.
  const [, sign, hours, minutes] = %(server_offset)s.match(/([+-])(\\d\\d):(\\d\\d)/);
  const ahead = (7 * 60 - (sign === "-" ? -1 : 1) * (+hours * 60 + +minutes)) * 60000;
  const moved = (text, by, length) =>
    new Date(new Date(text.slice(0, 23) + "Z").getTime() + by).toISOString().slice(0, length);
  window.sangkienFromServer = (value, format) =>
    naive.test(value) ? moved(value, ahead, format.length) : value;
  window.sangkienToServer = (value) =>
    naive.test(value || "") ? moved(value, -ahead, value.length) : value;
  const show = window.sangkienShow;
  window.sangkienShow = (value, property, name) => show(zoned(value, property), property, name);
  // The list's «Xuất CSV» as Excel opens it: labels as headers, a readable value
  // (a unit's name) in place of its id, choices by their labels, dates as shown,
  // rich text as its words, whole numbers bare, yes/no in words; a BOM so Excel
  // reads UTF-8. A text starting with = + - @ would run as a formula in Excel
  // (a title «=HYPERLINK(…)»): it is prefixed with an apostrophe.
  const textOf = (html) => new DOMParser().parseFromString(html, "text/html").body.textContent;
  window.sangkienCsv = (rows, schema, separator) => {
    if (!rows.length) return "\\ufeff";
    const keys = Object.keys(rows[0]).filter((k) => !(k + "_readable" in rows[0]));
    const base = (k) => k.replace(/_readable$/, "");
    const rich = new Set((schema.extra || {}).rich_text_columns || []);
    const head = keys.map(
      (k) => (schema.properties[base(k)] || {}).title || sangkienColumn("*", base(k)));
    const cell = (value, k) => {
      const property = schema.properties[k] || {};
      const choices = (property.extra || {}).choices;
      if (value === null || value === undefined) return "";
      if (choices && choices[value]) return choices[value].display_name;
      if (value === true || value === false) return sangkienWord(value ? "True" : "False");
      const [type] = kind(property);
      if (type === "integer" || type === "number") {
        return separator === ";" ? String(value).replace(".", ",") : String(value);
      }
      const text = String(show(zoned(value, property), property, k));
      const plain = rich.has(k) ? textOf(text).trim() : text;
      return /^[=+\\-@\\t\\r]/.test(plain) ? "'" + plain : plain;
    };
    const quote = (text) => `"${String(text).replace(/"/g, '""')}"`;
    const lines = [head, ...rows.map((row) => keys.map((k) => cell(row[k], k)))];
    return "\\ufeff" + lines.map((line) => line.map(quote).join(separator)).join("\\r\\n");
  };
})();
</script>"""


def _headings() -> str:
    # Quill's header picker says «Heading 1»…; ours, level by level.
    return "\n".join(
        f'.ql-snow .ql-picker.ql-header .ql-picker-{part}[data-value="{n}"]::before'
        f' {{ content: "Tiêu đề {n}" !important; }}'
        for n in range(1, 7)
        for part in ("label", "item")
    )


def column_labels(tables: list[type[Table]]) -> dict[str, dict[str, str]]:
    # "*": the primary key, named alike in every table.
    return {"*": {"id": column_label("", "id")}} | {
        table._meta.tablename: {
            column._meta.name: column_label(table._meta.tablename, column._meta.name)
            for column in table._meta.columns
        }
        for table in tables
    }


def server_offset() -> str:
    """This server's UTC offset, «+07:00»: Piccolo writes its own timestamps naive,
    in the server's local time."""
    offset = datetime.datetime.now().astimezone().strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def add_display(router: AdminRouter, tables: list[type[Table]]) -> AdminRouter:
    page = _PAGE % {
        "headings": _headings(),
        "timezone_key": json.dumps(TIMEZONE_KEY),
        "timezone": json.dumps(TIMEZONE),
        "language_key": json.dumps(LANGUAGE_KEY),
        "words": json.dumps(VIETNAMESE.translations, ensure_ascii=False),
        "tables": json.dumps(TABLE_LABELS, ensure_ascii=False),
        "columns": json.dumps(column_labels(tables), ensure_ascii=False),
        "server_offset": json.dumps(server_offset()),
        "own_pages": json.dumps(OWN_PAGES),
    }
    # First in <head>: the bundle (a module script, deferred) finds these defined.
    router.template = add_to_page(router.template, "<head>", page)
    return router
