"""Commendations (khen thưởng) of collectives and individuals."""

from piccolo.columns import Date, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from domain.vocabulary import COMMENDATION_FORMS, RECIPIENT_KINDS, choices
from tables.initiatives import Author
from tables.programmes import Phase
from tables.units import Unit

RecipientKind = choices("RecipientKind", RECIPIENT_KINDS)
CommendationForm = choices("CommendationForm", COMMENDATION_FORMS)


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
