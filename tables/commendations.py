"""Commendations (khen thưởng) of collectives and individuals."""

from enum import Enum

from piccolo.columns import Date, ForeignKey, OnDelete, Text, Varchar
from piccolo.columns.choices import Choice
from piccolo.table import Table

from tables.initiatives import Author
from tables.programmes import Phase
from tables.units import Unit


class RecipientKind(Enum):
    collective = Choice("collective", "Tập thể")
    individual = Choice("individual", "Cá nhân")


class CommendationForm(Enum):
    vgcl_merit = Choice("vgcl_merit", "Bằng khen Tổng Liên đoàn")
    provincial_merit = Choice("provincial_merit", "Bằng khen LĐLĐ tỉnh")
    certificate = Choice("certificate", "Giấy khen")
    other = Choice("other", "Hình thức khác")


class Commendation(Table):
    """A collective (unit) or an individual (author) commended for a phase."""

    recipient_kind = Varchar(length=16, choices=RecipientKind, default="collective")
    unit = ForeignKey(Unit, null=True, index=True, on_delete=OnDelete.restrict)
    author = ForeignKey(Author, null=True, index=True, on_delete=OnDelete.restrict)
    phase = ForeignKey(Phase, null=False, index=True, on_delete=OnDelete.restrict)
    form = Varchar(length=32, choices=CommendationForm, default="certificate")
    decision_number = Varchar(length=100, default="")
    decision_date = Date(null=True, default=None)
    reason = Text(default="")
