"""Activities grouped once for every indicator to use; gaps (what is still missing). Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from kehoach.journal.store import Activity
from kehoach.plan.model import ActivitySelector, Filter, Registry


@dataclass
class Gap:
    """Something still missing: a village with no session, a month with no posting, an overdue case."""

    id: str
    name: str
    detail: str = ""
    facts: dict = field(default_factory=dict, compare=False)  # for a case: kind label, dates, limit, days late

    def text(self) -> str:
        """«Thôn 5 (không có trong quý II năm 2023)»; «HD0033 (tố giác, 05/04/2023): còn 5 ngày»."""
        if not self.detail:
            return self.name
        return f"{self.name}: {self.detail}" if self.name.endswith(")") else f"{self.name} ({self.detail})"


def gap_list(gaps: list[Gap], limit: int | None = None) -> str:
    """«Thôn 3, Thôn 6»; with details, «…: còn 5 ngày; …» so that commas inside a detail stay readable."""
    shown = gaps if limit is None else gaps[:limit]
    sep = "; " if any(g.detail for g in shown) else ", "
    text = sep.join(g.text() for g in shown)
    if limit is not None and len(gaps) > limit:
        text += f"{sep}và {len(gaps) - limit} mục khác"
    return text


class Index:
    """Activities (voided ones left out) grouped by kind, in date order."""

    def __init__(self, activities: list[Activity]) -> None:
        self.by_kind: dict[str, list[Activity]] = defaultdict(list)
        self.by_id: dict[str, Activity] = {}
        for a in activities:
            if not a.voided:
                self.by_kind[a.kind].append(a)
                self.by_id[a.id] = a
        for acts in self.by_kind.values():
            acts.sort(key=lambda a: a.date)
        self.first_date = min((a.date for a in self.by_id.values()), default=None)

    def used_by(self, day: date) -> bool:
        """Was anything at all recorded on or before this day?"""
        return self.first_date is not None and self.first_date <= day

    def select(self, sel: ActivitySelector, start: date, end: date) -> list[Activity]:
        out = []
        for kind in sel.kinds:
            for a in self.by_kind.get(kind, ()):
                if start <= a.date <= end and passes(a.fields, sel.where):
                    out.append(a)
        return out


def passes(values: dict, filters: list[Filter]) -> bool:
    for f in filters:
        v = values.get(f.field)
        vs = v if isinstance(v, list) else [v]
        if not any(x in f.values for x in vs):
            return False
    return True


def active_members(reg: Registry, start: date, end: date, filters: list[Filter]):
    """Members in the registry at some time in [start, end] that pass the filters."""
    return [m for m in reg.members
            if (m.active_from is None or m.active_from <= end)
            and (m.active_until is None or m.active_until >= start)
            and passes(m.attrs, filters)]


def refs(a: Activity, fid: str) -> list[str]:
    v = a.fields.get(fid)
    return v if isinstance(v, list) else ([v] if v is not None else [])
