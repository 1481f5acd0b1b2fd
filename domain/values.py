"""Values a request may carry, as PostgreSQL can hold them: each type says its
limits where the request is read, so that the API refuses the rest by name (and
its schema says so) instead of the database failing on it.

- text holds no NUL character;
- a note (a reason) is at most NOTE_MAX characters (it is copied to each decided
  initiative and its audit row), and where it is required not blank either;
- an amount is whole đồng, as `benefit_vnd` holds it (BIGINT, 0 to AMOUNT_MAX: at
  most 15 digits, below 2^53, so that it is exact as a JSON number in any client,
  JavaScript's included; the largest real benefit is about 10^11);
- an id is a PostgreSQL integer (serial: from 1).
"""

from typing import Annotated

from msgspec import Meta

NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"  # something besides spaces, and no NUL
AMOUNT_MAX = 10**15 - 1  # the CHECK initiative_benefit_at_most
ID_MAX = 2**31 - 1
NOTE_MAX = 2000

Text = Annotated[str, Meta(pattern=NO_NUL)]
NoteText = Annotated[str, Meta(pattern=NO_NUL, max_length=NOTE_MAX)]
Note = Annotated[
    str, Meta(pattern=NOT_BLANK, max_length=NOTE_MAX, description="The reason (not blank)")
]
Amount = Annotated[int, Meta(ge=0, le=AMOUNT_MAX)]
Id = Annotated[int, Meta(ge=1, le=ID_MAX)]
