"""Activities grouped once for every indicator to use; gaps (what is still missing). Pure."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter

from kehoach.journal.store import Activity
from kehoach.plan.shapes import ActivitySelector, Filter, Registry


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


_DATE = attrgetter("date")


class Index:
    """Activities (voided ones left out) grouped by kind, in date order (journal order within a day).

    `select` finds a date range by bisection on each kind's dates and remembers what it returned: the
    measures of one evaluation ask for the same activities many times (year to date, in the period, each side
    of a ratio), and a province's journal holds hundreds of thousands of them."""

    def __init__(self, activities: list[Activity]) -> None:
        self.by_kind: dict[str, list[Activity]] = defaultdict(list)
        self._activities = activities
        for a in activities:
            if not a.voided:
                self.by_kind[a.kind].append(a)
        for acts in self.by_kind.values():
            acts.sort(key=_DATE)
        self._dates = {kind: [a.date for a in acts] for kind, acts in self.by_kind.items()}
        self.first_date = min((d[0] for d in self._dates.values() if d), default=None)
        self._selected: dict[tuple, list[Activity]] = {}

    @cached_property
    def by_id(self) -> dict[str, Activity]:
        return {a.id: a for a in self._activities if not a.voided}

    def used_by(self, day: date) -> bool:
        """Was anything at all recorded on or before this day?"""
        return self.first_date is not None and self.first_date <= day

    def select(self, sel: ActivitySelector, start: date, end: date) -> list[Activity]:
        where = sel.where
        try:
            key = (tuple(sel.kinds), tuple((f.field, tuple(f.values)) for f in where), start, end)
            found = self._selected.get(key)
        except TypeError:  # a filter value that cannot be a key (a list): found again each time
            key, found = None, None
        if found is None:
            found = []
            for kind in sel.kinds:
                dates = self._dates.get(kind)
                if not dates:
                    continue
                span = self.by_kind[kind][bisect_left(dates, start):bisect_right(dates, end)]
                found.extend(span if not where else (a for a in span if passes(a.fields, where)))
            if key is not None:
                self._selected[key] = found
        return list(found)


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
