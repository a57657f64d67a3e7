"""Per-unit progress: activities each unit logged in the period, and its duties with no activity of its own yet."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from operator import attrgetter

from kehoach.journal.tally import Bucket, Tally
from kehoach.plan.shapes import Plan

from .frame import Frame

_KIND = attrgetter("kind")


@dataclass
class UnitProgress:
    id: str
    name: str
    activities: int
    duties_idle: list[dict] = field(default_factory=list)  # {id, text} of duties with no activity yet
    duties_untracked: list[str] = field(default_factory=list)  # duties linked to no task or activity kind

    def to_dict(self) -> dict:
        return asdict(self)


def units_progress(plan: Plan, tally: Tally, fr: Frame) -> list[UnitProgress]:
    lo, hi = fr.period_start, fr.cutoff
    in_period = [b for b in tally.buckets if lo <= b.date <= hi]
    kinds_for_task: dict[str, set[str]] = {}
    for kid, kind in plan.activity_kinds.items():
        for t in kind.tasks:
            kinds_for_task.setdefault(t, set()).add(kid)
    by_unit: dict[str, list[Bucket]] = {}
    for b in in_period:
        by_unit.setdefault(b.unit, []).append(b)
    kinds_logged: dict[str, set[str]] = {}
    out = []
    for unit in plan.units:
        mine = by_unit.get(unit.id, [])
        progress = UnitProgress(unit.id, unit.name, sum(b.weight for b in mine))
        for duty in unit.duties:
            kinds = set(duty.kinds)
            for t in duty.tasks:
                kinds |= kinds_for_task.get(t, set())
            if not kinds:
                progress.duties_untracked.append(duty.id)
                continue
            if not kinds & kinds_logged.setdefault(unit.id, set(map(_KIND, mine))):
                progress.duties_idle.append({"id": duty.id, "text": duty.text})
        out.append(progress)
    return out
