"""Piccolo Admin's script bundle, where it hard-codes English or shows raw values and
offers no setting or hook for it; patched in this one place.

- The login answers every refusal with «Problem logging in»: the 429 of the login
  limit, which says how long to wait, never reached the person it is for.
- A custom form's fields never get their choices (`extra.choices`, admin.choices).
- A list cell shows the API's raw value («2022-02-12», «2598686000», UTC ISO
  timestamps, «NULL»): it goes through the page's `sangkienShow` (admin.display).
- Its hard-coded English (messages, confirms, filter operators, «All», «True», «of 44»,
  «15 per page», the row picker's words) goes through `sangkienWord`, i.e. our
  Vietnamese translation (admin.translation); table and column names in the related
  tables and the row picker through `sangkienTable` / `sangkienColumn`.
- A choice column's filter offers only «là» (Equals; piccolo_api ignores «Not Equal» on text): less
  than a status means nothing.

Each replacement must match exactly as often as it says, in the bundle as shipped:
`check_bundle()` runs at start-up (admin.config) and raises BundleMismatch naming
what no longer matches, so a Piccolo Admin upgrade stops the server (and
tests/test_bundle.py) instead of silently serving English and raw values.
"""

import functools
import hashlib
import re
from pathlib import Path

import piccolo_admin
from litestar.types import ASGIApp, Receive, Scope, Send
from starlette.responses import Response

ASSETS = Path(piccolo_admin.__file__).parent / "dist" / "assets"


class BundleMismatch(RuntimeError):
    pass


def _say(old: str, *texts: str, count: int = 1) -> tuple[str, str, int]:
    """`old` with each string literal `texts` put through the page's sangkienWord."""
    new = old
    for text in texts:
        new = new.replace(f'"{text}"', f'sangkienWord("{text}")')
    return old, new, count


_CHOICE_OPERATORS = (
    # A filter of a choice column (its InputField parent has choices): «là» only.
    # piccolo_api compares text columns by their match and ignores the operator, so
    # «không là» answered as «là» (users' trial); «là» is equality (domain.search).
    '.filter(o=>!(this.$parent&&this.$parent.choices)||o.value=="e")'
    '.map(o=>this.$parent&&this.$parent.choices?{...o,label:"is"}:o)'
)
_OPERATORS = (
    'operators:[{label:"Equals",value:"e"},{label:"Not Equal",value:"ne"},{label:"Less Than",'
    'value:"lt"},{label:"Less Than or Equal To",value:"lte"},{label:"Greater Than or Equal To",'
    'value:"gte"},{label:"Greater Than",value:"gt"}]'
)
REPLACEMENTS: list[tuple[str, str, int]] = [
    (
        'contents:"Problem logging in"',
        # Our refusals (429, 400, 413, 503) carry a Vietnamese `detail`; Piccolo's
        # own 401 is English, and means one thing.
        "contents:(r.response&&r.response.status!==401&&r.response.data&&"
        'r.response.data.detail)||"Sai tên đăng nhập hoặc mật khẩu."',
        1,
    ),
    (
        # A custom form's fields never get their choices (NewForm.vue passes none, as
        # the table forms do): an action would be free text naming English codes. A
        # form's property with `extra.choices` (admin.choices) becomes a select list.
        "type:e.getType(a),value:a.default,isNullable:e.isNullable(a),timeResolution:"
        "(M=(p=e.schema)==null?void 0:p.extra)==null?void 0:M.time_resolution[s],"
        'format:e.getFormat(a)},null,8,["columnName","type","value","isNullable",'
        '"timeResolution","format"]',
        "type:e.getType(a),value:a.default,isNullable:e.isNullable(a),timeResolution:"
        "(M=(p=e.schema)==null?void 0:p.extra)==null?void 0:M.time_resolution[s],"
        "format:e.getFormat(a),choices:a.extra&&a.extra.choices||null},null,8,"
        '["columnName","type","value","isNullable","timeResolution","format","choices"]',
        1,
    ),
    # RowListing.vue's cells: none is empty; the rest as people write it.
    ('t0("code",null,"NULL",-1)', 't0("code",null,"",-1)', 1),
    (
        'p0("span",D_,M0(e.abbreviate(m[g])),1)',
        'p0("span",D_,M0(e.abbreviate(sangkienShow(m[g],e.schema.properties[g],g))),1)',
        1,
    ),
    # InputField.vue: an empty field is empty, not «NULL».
    (
        'return this.isFilter?"All":this.isNullable&&this.value===null?"NULL":""',
        'return this.isFilter?sangkienWord("All"):""',
        1,
    ),
    (_OPERATORS, _OPERATORS + _CHOICE_OPERATORS, 1),
    ("value:c.value},M0(c.label)", "value:c.value},M0(sangkienWord(c.label))", 1),
    ("value:r},M0(r),9,bT)", "value:r},M0(sangkienWord(r)),9,bT)", 1),  # MatchField
    _say('" All ",8,DT)', " All "),
    _say('" Null ",8,xT)', " Null "),
    _say('" True ",8,FT)', " True "),
    _say('" False ",8,$T)', " False "),
    _say('" All ",8,uE)', " All "),  # ChoiceSelect
    _say('" Null ",8,fE)', " Null "),
    _say('t[0]||(t[0]=U0("Error",-1))', "Error"),  # FormErrors
    _say('contents:"The form has errors."', "The form has errors.", count=3),
    _say('contents:"Successfully added row"', "Successfully added row"),
    _say('contents:"Successfully saved row"', "Successfully saved row"),
    _say('contents:"Successfully updated rows"', "Successfully updated rows"),
    _say('contents:"Unable to delete the row."', "Unable to delete the row."),
    _say('contents:"Invalid column name or value"', "Invalid column name or value"),
    _say(
        'contents:"The server can\'t be reached - please try later."',
        "The server can't be reached - please try later.",
    ),
    (
        "contents:`Error - ${t.response.data.detail}`",
        'contents:`${sangkienWord("Error")}: ${t.response.data.detail}`',
        1,
    ),
    (
        "contents:`Unable to delete row ${this.selectedRows[e]} (${n})`",
        'contents:`${sangkienWord("Unable to delete row")} ${this.selectedRows[e]}: ${n}`',
        1,
    ),
    _say('showSuccess("Successfully applied filter")', "Successfully applied filter"),
    _say('showSuccess("Successfully cleared filters")', "Successfully cleared filters"),
    _say('showSuccess("Successfully deleted row")', "Successfully deleted row"),
    _say('showSuccess("Successfully deleted rows")', "Successfully deleted rows"),
    _say('alert("Successfully deleted row")', "Successfully deleted row"),
    _say('alert("Please select at least one column.")', "Please select at least one column."),
    _say('alert("Page not found")', "Page not found"),
    _say(
        'confirm("Are you sure you want to delete the selected rows?")',
        "Are you sure you want to delete the selected rows?",
    ),
    _say(
        'confirm("Are you sure you want to delete this row?")',
        "Are you sure you want to delete this row?",
    ),
    _say('confirm("Are you sure you want to logout?")', "Are you sure you want to logout?"),
    # Pagination and the list's count, grouped as every other number («1.234»).
    ('"of "+M0(e.pageCount)', 'sangkienWord("of")+" "+M0(sangkienNumber(e.pageCount))', 1),
    ('M0(e.$t("of"))+" "+M0(e.rowCount)', 'M0(e.$t("of"))+" "+M0(sangkienNumber(e.rowCount))', 1),
    ("label:`${c} per page`", 'label:`${c} ${sangkienWord("per page")}`', 1),
    # KeySearch / KeySearchModal: the row picker.
    _say('placeholder:e.isFilter?"All":"None"', "All", "None"),
    _say('e.selectResult(null,""),["prevent"]))},"All")', "All"),
    _say('e.selectResult(null,"Null"),["prevent"]))},"None")', "Null", "None"),
    (
        "title:`Select a row from ${e.readableTableName}`",
        'title:`${sangkienWord("Select a row from")} «${sangkienTable(e.readableTableName)}»`',
        1,
    ),
    _say('placeholder:"Type here to filter"', "Type here to filter"),
    # …and it says so when nothing matches what was typed (it showed an empty list).
    (
        '128)),e.limitReached?h0("",!0):(Z(),p0("li",iN,',
        '128)),!e.ids.length&&e.searchTerm?(Z(),p0("li",{key:"none"},sangkienWord("Nothing '
        'found"))):h0("",!0),e.limitReached?h0("",!0):(Z(),p0("li",iN,',
        1,
    ),
    _say('U0(" Load more",-1)', " Load more"),
    _say('U0(" Columns",-1)', " Columns"),
    _say('"Toggle all"', "Toggle all"),
    _say('U0(" Add sort column",-1)', " Add sort column"),
    _say('t0("label",null,"Set null:"', "Set null:"),
    _say('t0("label",{for:"include_readable"},"Include readable"', "Include readable"),
    # OrderByModal.vue: columns by their labels (the schema's titles, admin.localise).
    (
        "M0(e.schema.extra.primary_key_name),9,l_)",
        'M0(sangkienColumn("*",e.schema.extra.primary_key_name)),9,l_)',
        1,
    ),
    ("value:b},M0(b),9,z_)", "value:b},M0(e.schema.properties[b].title||b),9,z_)", 1),
    # ReferencingTables.vue: «Sáng kiến» with a matching «Đơn vị», not «initiative … unit».
    ('t0("span",l9,M0(s.tableName),1)', 't0("span",l9,M0(sangkienTable(s.tableName)),1)', 1),
    (
        't0("span",z9,M0(s.columnName),1)',
        't0("span",z9,M0(sangkienColumn(s.tableName,s.columnName)),1)',
        1,
    ),
    # The store's fetchRows: the count's refusal (a filter's value it cannot read,
    # «31/02/2022») escaped its try, so the list stayed «Đang tải…» and the sentence
    # never showed (users' trial). The count is now inside it.
    (
        'const r=await e.dispatch("fetchCount");t.__page_size=e.state.pageSize,r.count<'
        't.__page_size&&e.commit("updateCurrentPageNumber",1),t.__page=e.state.currentPageNumber;'
        "try{",
        'try{const r=await e.dispatch("fetchCount");t.__page_size=e.state.pageSize,r.count<'
        't.__page_size&&e.commit("updateCurrentPageNumber",1),t.__page=e.state.currentPageNumber;',
        1,
    ),
    # RowFilter.vue: «Đã áp dụng bộ lọc» no longer covers the filter's refusal.
    (
        'this.$store.commit("updateCurrentPageNumber",1);try{await this.$store.dispatch('
        '"fetchRows")}catch{return}this.showSuccess(',
        'this.$store.commit("updateCurrentPageNumber",1);const m0=this.$store.state.'
        'apiResponseMessage;try{await this.$store.dispatch("fetchRows")}catch{return}const m1='
        'this.$store.state.apiResponseMessage;m1!==m0&&m1&&m1.type=="error"||this.showSuccess(',
        2,  # applying and clearing the filter
    ),
    # RowListing.vue's one-row delete, BulkUpdateModal.vue's title, and a list that
    # could not be fetched: our refusal's sentence (403, 422, 503) when there is one.
    (
        "confirm(`Are you sure you want to delete row ${e}?`)",
        'confirm(sangkienWord("Are you sure you want to delete this row?"))',
        1,
    ),
    _say('title:"Bulk Update"', "Bulk Update"),
    (
        "contents:`Problem fetching ${o} rows.`",
        # …and the rows of the filter before go: they are not what was asked for.
        'contents:(e.commit("updateRows",[]),e.commit("updateRowCount",0),i.response&&'
        'i.response.data&&i.response.data.detail)||sangkienWord("Problem fetching rows.")',
        1,
    ),
    # InputField.vue: a whole number in a text box, not the browser's number box,
    # which read «150.000.000» as 150 (its dots a decimal mark) and sent 150 without
    # a word; the server reads it as typed (admin.typed_input, domain.typed).
    (
        't0("input",{step:"1",type:"number",name:e.columnName,',
        't0("input",{type:"text",inputmode:"numeric",name:e.columnName,',
        1,
    ),
    # CSVModal.vue: over 10,000 rows asks first, in words; the file is built as Excel
    # opens it (admin.display's sangkienCsv: labels, names, dd/mm/yyyy, a BOM).
    (
        "confirm(`There are more than ${jz}, are you sure you want to continue?`)",
        'confirm(sangkienWord("There are more than {n} rows, are you sure you want to'
        ' continue?").replace("{n}",sangkienNumber(jz)))',
        1,
    ),
    (
        "T+=[Object.keys(y[0]).join(i.value),...y.map(j=>Object.values(j).map(H=>"
        '`"${d(String(H),\'"\',\'""\')}"`).join(i.value))].join(`\n`)',
        "T=sangkienCsv(y,a.value,i.value)",
        1,
    ),
    # FormErrors' reading of a refusal: a 403's sentence (a viewer's save, a table
    # only administrators keep) was shown as its raw JSON.
    (
        ':typeof e=="object"?[JSON.stringify(e)]:[e]}function Xb(',
        ':typeof e=="object"?[e.custom_form_error||typeof e.detail=="string"&&e.detail'
        "||JSON.stringify(e)]:[e]}function Xb(",
        1,
    ),
    # InputField.vue: a date in a text box typed dd/mm/yyyy, not the browser's date
    # box, which follows the browser's language (mm/dd/yyyy in an English one: 1
    # September read as 9 January); admin.typed_input reads it. A date and a
    # decimal are shown as typed («15/07/2022», «40,5»), not as the API sends them.
    (
        '{key:1,type:"date",name:e.columnName,placeholder:e.placeholder,',
        '{key:1,type:"text",autocomplete:"off",name:e.columnName,'
        'placeholder:sangkienWord("dd/mm/yyyy"),',
        1,
    ),
    (
        'setLocalValue(e){this.widget=="json"?this.localValue=e?this.formatJSON(e):null:'
        "this.localValue=e;",
        'setLocalValue(e){this.widget=="json"?this.localValue=e?this.formatJSON(e):null:'
        "this.localValue=sangkienTyped(e,this.type,this.format);",
        1,
    ),
    # TimestampWidget.vue: a naive timestamp (Piccolo's own: a user's last login, a
    # session's expiry) is the server's local time; its form showed it as it came,
    # seven hours off. Shown in Vietnam time, sent back in the server's.
    (
        'return w1(c,s=>{i("update",s)}),xe(()=>{n.value&&(c.value=Oo(n.value).format(a.value))}),'
        "w1(n,s=>{s&&(c.value=Oo(n.value).format(a.value))})",
        'return w1(c,s=>{i("update",sangkienToServer(s))}),xe(()=>{n.value&&(c.value='
        "sangkienFromServer(n.value,a.value))}),w1(n,s=>{s&&(c.value=sangkienFromServer(n.value,"
        "a.value))})",
        1,
    ),
    # RowListing.vue: no «Thêm bản ghi» on a table the account may only read
    # (admin.scope marks its schema): staff filled in a whole form, then were refused.
    (
        'h0("",!0),z0(p,{to:{name:"addRow",params:{tableName:e.tableName}}',
        'h0("",!0),e.schema&&e.schema.extra&&e.schema.extra.read_only_for_you?h0("",!0):'
        'z0(p,{to:{name:"addRow",params:{tableName:e.tableName}}',
        1,
    ),
    # CSVModal.vue's column picker: columns by their labels.
    (
        't0("label",{for:"csv_"+m},M0(m),9,kB)',
        't0("label",{for:"csv_"+m},M0(a.value.properties[m]&&a.value.properties[m].title'
        '||sangkienColumn("*",m)),9,kB)',
        1,
    ),
    # ChangePassword.vue's success, in words.
    (
        "contents:`Changed password successfully. You will be redirected\n"
        "                        to log in with your new credentials.`",
        'contents:sangkienWord("Changed password successfully.")',
        1,
    ),
    # MessagePopup.vue: a message vanished after 3 s, a refusal's sentence before it
    # could be read (users' trial: the login's). A refusal now stays 15 s (or until
    # closed); a later message's timer no longer hides an earlier one's successor.
    (
        "apiResponseMessage(){this.visible=!0;const e=this;setTimeout(()=>{this.getTime()"
        "-e.timeLastAppeared>=3e3&&(e.visible=!1)},3e3)}",
        "apiResponseMessage(m){this.visible=!0;const e=this;setTimeout(()=>{e.apiResponseMessage"
        '===m&&(e.visible=!1)},m&&m.type=="error"?15e3:4e3)}',
        1,
    ),
    # The router: an initiative is added and edited on its own page (endpoints.entry),
    # which takes its authors in the same save and shows no review-only field. A
    # guard on every navigation (admin.display's sangkienOwnPage; a route's own
    # beforeEnter would miss a move from one row's form to another's) sends the
    # browser there.
    ('A4=VL({history:mL("./"),routes:[', 'A4=sangkienRouter(VL,{history:mL("./"),routes:[', 1),
    # CSVModal.vue: «;» by default, the list separator of a Vietnamese Excel (its
    # decimal mark is the comma): with «,» a file opened in one column.
    ('r=P1(!1),i=P1(","),c=Te("i18n")', 'r=P1(!1),i=P1(";"),c=Te("i18n")', 1),
]
_BUNDLE = re.compile(r"/assets/(index-[\w-]+\.js)/?$")  # the mount may add a slash


def add_to_page(template: str, marker: str, html: str) -> str:
    """`html` put into the admin's page template at `marker` («<head>»: before its
    own scripts; «</head>»: after): BundleMismatch if the page has no such place,
    since the bundle's patches call functions defined there."""
    if template.count(marker) != 1:
        raise BundleMismatch(f"Piccolo Admin's page has no single {marker}: nowhere to add ours.")
    return template.replace(marker, marker + html if marker == "<head>" else html + marker)


def patch(text: str) -> str:
    """`text` with every replacement made; BundleMismatch naming those that no
    longer match as often as they should."""
    missing = [old for old, _, count in REPLACEMENTS if text.count(old) != count]
    if missing:
        raise BundleMismatch(
            "Piccolo Admin's bundle no longer matches admin/bundle.py (an upgrade?); "
            "not found as expected: " + " | ".join(old[:80] for old in missing)
        )
    for old, new, _ in REPLACEMENTS:
        text = text.replace(old, new)
    return text


@functools.cache
def patched(name: str) -> tuple[bytes, str]:
    """The patched bundle and its ETag."""
    body = patch((ASSETS / name).read_text(encoding="utf-8")).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@functools.cache
def bundles() -> list[str]:
    return sorted(path.name for path in ASSETS.glob("index-*.js"))


def check_bundle() -> None:
    """Patch the shipped bundle now (start-up), failing loudly if it cannot be."""
    names = bundles()
    if not names:
        raise BundleMismatch(f"No index-*.js in {ASSETS}: Piccolo Admin's layout changed.")
    for name in names:
        patched(name)


def patch_bundle(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = _BUNDLE.search(scope.get("path", "")) if scope["type"] == "http" else None
        name = match.group(1) if match else ""
        if name not in bundles() or scope["method"] not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        body, etag = patched(name)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in dict(scope["headers"]).get(b"if-none-match", b"").decode():
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return
        await Response(body, media_type="text/javascript", headers=headers)(scope, receive, send)

    return middleware
