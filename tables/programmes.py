"""Programmes, their dated phases, and the targets handed down the tree."""

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from tables.units import Unit


class Programme(Table):
    code = Varchar(length=32, unique=True)
    name = Varchar(length=255)
    description = Text(default="")

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s – %s", columns=[cls.code, cls.name])


class Phase(Table):
    """A dated window of a programme; both ends inclusive."""

    programme = ForeignKey(Programme, null=False, index=True, on_delete=OnDelete.restrict)
    code = Varchar(length=32, unique=True)
    name = Varchar(length=255)
    start_date = Date()
    end_date = Date()

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s – %s", columns=[cls.code, cls.name])


class Target(Table):
    """Target of a unit for one phase, or for a whole programme (exactly one set)."""

    unit = ForeignKey(Unit, null=False, index=True, on_delete=OnDelete.cascade)
    phase = ForeignKey(Phase, null=True, index=True, on_delete=OnDelete.restrict)
    programme = ForeignKey(Programme, null=True, index=True, on_delete=OnDelete.restrict)
    quota = Integer(default=0)
