"""Kept progress figures: one row per unit and phase, for the unit's whole subtree.

Triggers keep these rows exact as initiatives, units and phases change
(db/figures/); `domain.progress.drift` recounts them from the base rows to prove
it. The baseline migration adds the columns that describe each row's unit.
"""

from decimal import Decimal

from piccolo.columns import ForeignKey, Integer, Numeric, OnDelete
from piccolo.table import Table

from tables.programmes import Phase
from tables.units import Unit


class UnitFigure(Table):
    # Both indexed by unit_figure_unit_phase (unit, phase) and unit_figure_by_place
    # (phase, …); nothing counted is indexed, so a roll-up's update stays on its page.
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade)
    phase = ForeignKey(Phase, null=False, on_delete=OnDelete.cascade)
    valid = Integer(default=0)
    pending = Integer(default=0)
    returned = Integer(default=0)
    rejected = Integer(default=0)
    # Sum of the valid initiatives' benefit values (unknown values count as 0).
    benefit_vnd = Numeric(digits=(22, 0), default=Decimal(0))
