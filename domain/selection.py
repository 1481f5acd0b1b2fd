"""Which initiatives a decision or a queue is about: one filter for every door.

The API takes it as the body's `filter`, the workflow (`domain.workflow.selection`)
turns it into conditions, the review page reads it from its query string and the
admin form «Duyệt hàng loạt» is made from it: the same names, types and labels.
A door may show fewer of the fields; none renames one.
"""

from datetime import date
from typing import Annotated, get_type_hints

import msgspec
from msgspec import Meta

from domain.values import Amount, Text
from domain.vocabulary import Field, Status


class Filter(msgspec.Struct, forbid_unknown_fields=True):
    """Initiatives that meet every condition given. Without a status: those the
    action can take (pending ones for a decision and the review queue)."""

    # Sent to this unit (by code); `within`: to it or any unit under it.
    reviewing_unit: Annotated[Text | None, Meta(title="Đơn vị duyệt (nơi gửi đến)")] = None
    within: Annotated[Text | None, Meta(title="Thuộc nhánh (mã đơn vị)")] = None
    phase: Annotated[Text | None, Meta(title="Giai đoạn (mã)")] = None
    status: Annotated[Status | None, Meta(title="Trạng thái")] = None
    submitted_from: Annotated[date | None, Meta(title="Ngày gửi từ")] = None
    submitted_to: Annotated[date | None, Meta(title="Ngày gửi đến hết")] = None
    field: Annotated[Field | None, Meta(title="Lĩnh vực")] = None
    benefit_min: Annotated[Amount | None, Meta(title="Giá trị làm lợi từ (đồng)")] = None
    benefit_max: Annotated[Amount | None, Meta(title="Giá trị làm lợi đến (đồng)")] = None
    text: Annotated[Text | None, Meta(title="Tên hoặc mã sáng kiến có chứa")] = None


NAMES: tuple[str, ...] = Filter.__struct_fields__
# What a door to the pending queue shows (the review page, the admin form): every
# action it offers takes pending initiatives, so there is no status to choose.
QUEUE_NAMES: tuple[str, ...] = tuple(name for name in NAMES if name != "status")
TYPES: dict[str, object] = get_type_hints(Filter)  # without the labels
LABELS: dict[str, str] = {
    name: next(m.title for m in hint.__metadata__ if isinstance(m, Meta))
    for name, hint in get_type_hints(Filter, include_extras=True).items()
}
