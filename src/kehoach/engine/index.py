"""Activities grouped once for every indicator to use; gaps (what is still missing). Pure."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from kehoach.journal.store import Activity
from kehoach.journal.tally import Bucket, Tally
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
    """The tally of the activities (see journal/tally.py): buckets grouped by kind in date order, and the
    activities judged one by one (cases, assessments) by kind, in date order (journal order within a day).

    `select` finds a date range by bisection on each kind's dates and remembers what it returned: the
    measures of one evaluation ask for the same buckets many times (year to date, in the period, each side
    of a ratio)."""

    def __init__(self, tally: Tally) -> None:
        self.by_kind: dict[str, list[Bucket]] = defaultdict(list)
        for b in tally.buckets:
            self.by_kind[b.kind].append(b)
        for buckets in self.by_kind.values():
            buckets.sort(key=_DATE)
        self._records: dict[str, list[Activity]] = defaultdict(list)
        for a in tally.records:
            self._records[a.kind].append(a)
        for acts in self._records.values():
            acts.sort(key=_DATE)
        self.buckets = tally.buckets
        self._handled = tally.handled
        self._dates = {kind: [b.date for b in buckets] for kind, buckets in self.by_kind.items()}
        self.first_date = min((d[0] for d in self._dates.values() if d), default=None)
        self._selected: dict[tuple, list[Bucket]] = {}

    @classmethod
    def of(cls, plan, activities: list[Activity]) -> Index:
        return cls(Tally.of(plan, activities))

    def records(self, kind: str) -> list[Activity]:
        """The activities of a kind judged one by one (a case's receipt or handling, an assessment)."""
        return self._records.get(kind, [])

    def handled(self, received: str, handled: str, link: str) -> dict[str, date]:
        """Case id → the day it was first handled (its earliest handling not dated before its receipt)."""
        return self._handled.get((received, handled, link), {})

    def used_by(self, day: date) -> bool:
        """Was anything at all recorded on or before this day?"""
        return self.first_date is not None and self.first_date <= day

    def select(self, sel: ActivitySelector, start: date, end: date) -> list[Bucket]:
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
                found.extend(span if not where else (b for b in span if passes(b.fields, where)))
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


def weight(buckets: list[Bucket]) -> int:
    """How many activities the buckets hold."""
    return sum(b.weight for b in buckets)


def members(buckets: list[Bucket], fid: str) -> set:
    """Every value the field takes in the buckets' activities."""
    out: set = set()
    for b in buckets:
        out.update(b.members[fid])
    return out
