"""What a report says of the activities, kept per kind and day: how many, and each field's values with how many
times each was recorded and where it first was.

A report's sentences sum number fields, count the distinct members reached, list the values recorded (each once,
in the order they first appear in the journal) and count them. None of that needs the activities themselves:
a day's activities of a kind keep, for each field, its distinct values as [value, position of the first activity
recording it, times recorded] (empty values are left out, a list counts each of its items). The days of a
period, merged, give the same values in the same order as the activities of the period would.

Free text of a sensitive kind never reaches a report and is not kept. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .store import Activity


class Day:
    """The activities of one kind on one day: how many (`weight`), field → [[value, first, count], …], and the sum
    of each number field."""

    __slots__ = ("kind", "date", "weight", "values", "sums")

    def __init__(self, kind: str, day: date, weight: int = 0, values: dict | None = None,
                 sums: dict | None = None) -> None:
        self.kind, self.date, self.weight = kind, day, weight
        self.values = values if values is not None else {}
        self.sums = sums if sums is not None else {}

    def __eq__(self, other) -> bool:
        return isinstance(other, Day) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __repr__(self) -> str:
        return "Day" + repr(tuple(getattr(self, k) for k in self.__slots__))


def _key(v) -> tuple:
    return v.__class__, v  # 1, 1.0 and True are told apart, as a listing of their texts would


class Gathered:
    """The activities of one kind over some days: how many, and each field's values in the order they first
    appear, each with the times it was recorded."""

    def __init__(self) -> None:
        self.weight = 0
        self.days: list[Day] = []

    def add(self, d: Day) -> None:
        self.weight += d.weight
        self.days.append(d)

    def total(self, fid: str) -> int:
        """The sum of a number field (its whole values only)."""
        return sum(d.sums.get(fid, 0) for d in self.days)

    def values(self, fid: str) -> list[tuple]:
        """[(value, times recorded), …] in the order the values first appear in the journal (merged only when
        asked for: a report reads few fields of the year)."""
        merged: dict = {}
        for d in self.days:
            for value, first, count in d.values.get(fid, ()):
                k = _key(value)
                got = merged.get(k)
                if got is None:
                    merged[k] = [value, first, count]
                else:
                    if first < got[1]:
                        got[1] = first
                    got[2] += count
        return [(value, count) for value, _, count in sorted(merged.values(), key=_FIRST)]


def _first(entry: list) -> int:
    return entry[1]


_FIRST = _first


@dataclass
class Digest:
    days: list[Day] = field(default_factory=list)

    @classmethod
    def of(cls, plan, activities: list[Activity]) -> Digest:
        """The digest of activities in journal order (voided ones left out)."""
        hidden, summed = _fields(plan)
        found: dict[tuple, tuple[Day, dict]] = {}
        out = cls()
        for position, a in enumerate(a for a in activities if not a.voided):
            got = found.get((a.kind, a.date))
            if got is None:
                got = found[(a.kind, a.date)] = (Day(a.kind, a.date), {})
                out.days.append(got[0])
            day, index = got
            day.weight += 1
            skip, sums = hidden.get(a.kind, ()), summed.get(a.kind, ())
            for fid, v in a.fields.items():
                if fid in sums:
                    day.sums[fid] = day.sums.get(fid, 0) + sum(
                        x for x in (v if isinstance(v, list) else [v]) if isinstance(x, int))
                if fid in skip:
                    continue
                for x in (v if isinstance(v, list) else [v]):
                    if x is None or x == "":
                        continue
                    k = (fid, _key(x))
                    entry = index.get(k)
                    if entry is None:
                        entry = index[k] = [x, position, 0]
                        day.values.setdefault(fid, []).append(entry)
                    entry[2] += 1
        return out

    def gather(self, start: date, end: date) -> dict[str, Gathered]:
        """Kind → its activities dated from start to end (both included)."""
        out: dict[str, Gathered] = {}
        for d in self.days:
            if start <= d.date <= end:
                got = out.get(d.kind)
                if got is None:
                    got = out[d.kind] = Gathered()
                got.add(d)
        return out


def _fields(plan) -> tuple[dict, dict]:
    """Per kind, the fields whose values a report never lists (kept: those a phrasing counts) and the number
    fields it sums: free text of a sensitive kind or that the kind's template does not name, journal ids, numbers
    (their sums are kept instead)."""
    import string

    from kehoach.plan.shapes import EntryField, IndicatorField, IntegerField, TextField

    hidden: dict[str, set] = {}
    summed: dict[str, set] = {}
    for kid, kind in plan.activity_kinds.items():
        ph = kind.phrasing
        named = {n for _, n, _, _ in string.Formatter().parse(ph.template) if n} if ph and ph.template else None
        summed[kid] = {fid for fid, spec in kind.fields.items() if isinstance(spec, IntegerField)}
        hidden[kid] = {fid for fid, spec in kind.fields.items()
                       if (isinstance(spec, (EntryField, IndicatorField, IntegerField))
                           or isinstance(spec, TextField) and (kind.sensitive or named is not None and fid not in named))
                       and not (ph and ph.count == fid)}
    return hidden, summed
