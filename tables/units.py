"""The union tree, and emulation clusters that group units across it."""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.columns.readable import Readable
from piccolo.table import Table

from domain.vocabulary import UNIT_KINDS, choices

UnitKind = choices("UnitKind", UNIT_KINDS)


class Unit(Table):
    """A union unit. `path` and `depth` are kept by database triggers."""

    code = Varchar(length=32, unique=True)
    name = Varchar(length=255)
    kind = Varchar(length=32, choices=UnitKind, index=True)
    parent = ForeignKey("self", null=True, index=True, on_delete=OnDelete.restrict)
    active = Boolean(default=True)
    # "/1/17/305/": ids from the root down to this unit. "All units under U" is
    # a prefix match on one index instead of a recursive walk.
    path = Varchar(length=255, default="", index=True)
    depth = Integer(default=0)

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s – %s", columns=[cls.code, cls.name])


class Cluster(Table):
    """An emulation cluster (cụm/khối thi đua)."""

    code = Varchar(length=32, unique=True)
    name = Varchar(length=255)
    description = Text(default="")

    @classmethod
    def get_readable(cls) -> Readable:
        return Readable(template="%s – %s", columns=[cls.code, cls.name])


class ClusterMember(Table):
    cluster = ForeignKey(Cluster, null=False, index=True, on_delete=OnDelete.cascade)
    unit = ForeignKey(Unit, null=False, index=True, on_delete=OnDelete.cascade)
