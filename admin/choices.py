"""A custom form's select list: Piccolo Admin shows a property's `extra.choices`
(as its table forms do for a column's choices) once admin.bundle lets its custom
forms pass them on; without them a choice is a text box to type a code into.
"""

from typing import Any

from pydantic import Field


def choice_field(labels: dict[Any, str], *, title: str, default: Any) -> Any:
    """A pydantic field offering `labels` (value → the words shown), `default` chosen."""
    # Keyed by position: the schema reaches the page with its keys sorted.
    choices = {
        f"{n:03}": {"display_name": label, "value": key}
        for n, (key, label) in enumerate(labels.items())
    }
    return Field(default=default, title=title, json_schema_extra={"extra": {"choices": choices}})
