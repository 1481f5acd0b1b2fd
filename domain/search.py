"""Searching names, titles and codes the Vietnamese way: without diacritics or case.

«lo hoi» finds «Lò hơi», «dong hy» finds «Đồng Hỷ», and «lò hơi» typed on a Mac
(decomposed) finds it too. Both sides go through the database's `search_text()`
(db/functions/search.sql), which the trigram indexes hold, so a search and its
index never disagree on what a letter is. Every "contains" condition is built
here: the workflow's filter (review queue, sending page, `filter.text` of the
API) and the admin's list filters (`unaccented_filters`).
"""

import unicodedata

from piccolo.columns import Column, Text, Varchar
from piccolo.querystring import QueryString


def typed(text: str) -> str:
    """What a person typed, composed (NFC, as forms store text), trimmed."""
    return unicodedata.normalize("NFC", text).strip()


def _matches(column: Column, pattern: str) -> QueryString:
    # The pattern goes through search_text() too: the same mapping on both sides.
    return QueryString("search_text({}) LIKE search_text({})", column, pattern)


# Escaped after folding, in SQL (search_contains_pattern): unaccent turns fullwidth
# ％ ＿ ＼ into LIKE's own wildcards. With `column` named, for raw SQL (its `{}`
# takes what was typed, through `typed`).
CONTAINS = "search_text({column}) LIKE search_contains_pattern({{}})"


def _contains(column: Column, text: str) -> QueryString:
    return QueryString(CONTAINS.format(column="{}"), column, text)


def contains(text: str, *columns: Column) -> QueryString:
    """Rows where any of `columns` contains `text`, without diacritics or case."""
    either = _contains(columns[0], typed(text))
    for column in columns[1:]:
        either = QueryString("({} OR {})", either, _contains(column, typed(text)))
    return either


def unaccented_filters(columns: list[Column]) -> None:
    """The admin's text filters on these columns compare without diacritics.

    piccolo_api turns a list filter on a text column (`title=…`, with `__match`
    contains, starts or ends) into `column.ilike(pattern)` and has no other hook;
    this gives the column an `ilike` built here. It keeps piccolo_api's pattern
    (its % wildcards, as before) and only changes what is compared."""
    for column in columns:
        if isinstance(column, (Varchar, Text)) and column._meta.choices:
            column.ilike = _choice_equals(column)  # type: ignore[method-assign]
        elif isinstance(column, (Varchar, Text)):
            column.ilike = _unaccented_ilike(column)  # type: ignore[method-assign]


def _choice_equals(column: Column):
    # A choice is picked, not typed: «là Chờ duyệt» is that code, not every code
    # containing it (`submit` is in `resubmit`; `unit` in `reviewing_unit`).
    def ilike(pattern: str) -> QueryString:
        return QueryString("{} = {}", column, pattern.strip("%"))

    return ilike


def _unaccented_ilike(column: Column):
    def ilike(pattern: str) -> QueryString:
        return _matches(column, typed(pattern))

    return ilike
