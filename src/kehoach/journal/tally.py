"""The journal as the plan's measures count it: activities of a kind, day, unit and filter values are one bucket.

Most measures only count activities, sum a number field, or count the members a field names; none of them needs
the activity itself. So each activity falls into the bucket of its (kind, day, unit, values of the fields a
selector of the plan filters on); a bucket holds how many activities fell into it, the sum of each summed field,
and, for each field whose members are counted, how many of its activities name each member. A province's
million records become a few tens of thousands of buckets, whatever their order in the journal.

Cases and assessments are judged one by one: the receipts of cases and the assessments are also kept as records,
with only the fields their measures read; for the handlings of cases, only the day each case was first handled
(the earliest handling not dated before its receipt: the first one up to any cut-off, if it is up to it).

The engine counts from a tally whether it was built from the activities in memory (`Tally.of`) or read from the
journal's cache; both give the same figures. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .store import Activity


class Bucket:
    """The activities of one kind, day, unit and filter values (`fields`); `weight`: how many; `sums`: field →
    the sum of its values (a missing value counts 0); `members`: field → {value: activities naming it}."""

    __slots__ = ("kind", "date", "unit", "fields", "weight", "sums", "members")

    def __init__(self, kind: str, day: date, unit: str | None, fields: dict, weight: int = 0,
                 sums: dict | None = None, members: dict | None = None) -> None:
        self.kind, self.date, self.unit, self.fields, self.weight = kind, day, unit, fields, weight
        self.sums = sums if sums is not None else {}
        self.members = members if members is not None else {}

    def _state(self) -> tuple:
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other) -> bool:
        return isinstance(other, Bucket) and self._state() == other._state()

    def __repr__(self) -> str:
        return "Bucket" + repr(self._state())


@dataclass
class Projection:
    """What the plan's measures read of each kind: the fields they filter on (the bucket's key), sum, and count
    members of; the kinds judged record by record, with the fields kept for them."""

    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    records: dict[str, tuple[str, ...]] = field(default_factory=dict)
    handlings: list[tuple[str, str, str]] = field(default_factory=list)  # (received kind, handled kind, link field)


def _add(table: dict, kinds, *fids) -> None:
    for kind in kinds:
        got = list(table.get(kind, ()))
        for f in fids:
            if f and f not in got:
                got.append(f)
        table[kind] = tuple(got)


def projection(plan) -> Projection:
    from kehoach.plan.shapes import ActivityQuantity, Assessment, Count, Coverage, Frequency, Ratio, RefField, Timeliness

    p = Projection()

    def selector(sel, sums=(), members=()) -> None:
        _add(p.keys, sel.kinds, *(f.field for f in sel.where))
        _add(p.sums, sel.kinds, *sums)
        _add(p.members, sel.kinds, *members)

    for ind in plan.indicators():
        m = ind.measure
        if isinstance(m, Coverage):
            selector(m.activities, members=(m.field,))
        elif isinstance(m, Frequency):
            selector(m.activities)
        elif isinstance(m, Count):
            selector(m.activities, sums=(m.sum_field,))
        elif isinstance(m, Ratio):
            for q in (m.numerator, m.denominator):
                if isinstance(q, ActivityQuantity):
                    selector(q.activities, sums=(q.sum_field,), members=(q.distinct_field,))
            if isinstance(m.numerator, ActivityQuantity) and not isinstance(m.denominator, ActivityQuantity):
                kinds = m.numerator.activities.kinds
                refs = [fid for kid in kinds for fid, spec in plan.activity_kinds[kid].fields.items()
                        if isinstance(spec, RefField) and spec.registry == m.denominator.registry]
                _add(p.members, kinds, *refs)
        elif isinstance(m, Timeliness):
            _add(p.records, [m.received], m.limit_by.field if m.limit_by else None)
            if (m.received, m.handled, m.link_field) not in p.handlings:
                p.handlings.append((m.received, m.handled, m.link_field))
        elif isinstance(m, Assessment):
            _add(p.records, [m.activity], m.indicator_field, m.rating_field, m.evidence_field)
    return p


def refs(values: dict, fid: str) -> list:
    """The values of a field as a list: a list as is, one value as a list of it, nothing as []."""
    v = values.get(fid)
    return v if isinstance(v, list) else ([v] if v is not None else [])


def _frozen(v):
    return tuple(v) if type(v) is list else v


@dataclass
class Tally:
    buckets: list[Bucket] = field(default_factory=list)  # in the order their first activity came
    records: list[Activity] = field(default_factory=list)  # activities judged one by one, in journal order
    # (received kind, handled kind, link field) → case id → the day it was first handled
    handled: dict[tuple[str, str, str], dict[str, date]] = field(default_factory=dict)

    @classmethod
    def of(cls, plan, activities, proj: Projection | None = None) -> Tally:
        """The tally of activities (voided ones are left out)."""
        out = cls()
        out.add(proj or projection(plan), activities)
        return out

    def add(self, proj: Projection, activities) -> None:
        """Tally more activities, as if they had followed those already tallied in the journal (new ones: none of
        them changes an activity already tallied; an appended journal of `add` records)."""
        adder = Adder(self, proj)
        one = adder.add
        for a in activities:
            one(a)
        adder.finish()


class Adder:
    """Activities added to a tally one at a time (`add`), then `finish` once: what `Tally.add` does, for a reader
    that tallies each activity as it comes and lets it go (ledger.py's reading for `status`).

    With `lines`, each bucket remembers the earliest journal line of its activities and `finish` puts the buckets
    in that order: the order `Tally.of` gives, when the activities come in another order."""

    def __init__(self, tally: Tally, proj: Projection, lines: bool = False) -> None:
        self.tally = tally
        self.keys, self.sums, self.members, self.kept = proj.keys, proj.sums, proj.members, proj.records
        self.found: dict = {}
        for b in tally.buckets:
            key_fields = self.keys.get(b.kind, ())
            self.found.setdefault((b.kind, b.date, b.unit, *(_frozen(b.fields.get(f)) for f in key_fields)), b)
        self.links: dict[str, list] = {}  # handled kind → [(link field, [(case id, day) of each handling])]
        self.handlings: dict[tuple, list] = {}
        for spec in proj.handlings:
            tally.handled.setdefault(spec, {})
            self.links.setdefault(spec[1], []).append((spec[2], self.handlings.setdefault(spec, [])))
        self.per_kind: dict[str, tuple] = {}  # kind → what is read of its activities (looked up once per kind)
        self.first_line: dict[int, int] | None = {} if lines else None  # id(bucket) → line of its first activity

    def add(self, a: Activity) -> None:
        if not a.voided:
            self.add_values(a.kind, a.date, a.unit, a.fields, a.line, a)

    def add_values(self, kind: str, day, unit, values: dict, line: int, a: Activity | None = None) -> None:
        """Add an activity given by its kind, day, unit, fields and line: `a`, the activity itself, is needed only
        for a kind judged record by record (a case, an assessment) — a reader may tally the others without building
        them (settle.py)."""
        spec = self.per_kind.get(kind)
        if spec is None:
            spec = self.per_kind[kind] = (self.keys.get(kind, ()), self.sums.get(kind, ()), self.members.get(kind, ()),
                                          self.links.get(kind, ()), self.kept.get(kind))
        key_fields, sum_fields, member_fields, kind_links, kept_fields = spec
        for link, seen in kind_links:
            target = values.get(link)
            if isinstance(target, str):
                seen.append((target, day))
        if kept_fields is not None:
            self.tally.records.append(Activity(a.id, kind, day, unit, {f: values[f] for f in kept_fields if f in values},
                                               a.note, line=line, revisions=a.revisions, carried=a.carried))
        found = self.found
        if key_fields:
            key = (kind, day, unit, *(_frozen(values.get(f)) for f in key_fields))
            try:
                b = found.get(key)
            except TypeError:  # a value that cannot be a key: a bucket of its own
                key, b = object(), None
        else:
            key = (kind, day, unit)
            b = found.get(key)
        first_line = self.first_line
        if b is None:
            b = found[key] = Bucket(kind, day, unit, {f: values[f] for f in key_fields if f in values},
                                    sums={f: 0 for f in sum_fields}, members={f: {} for f in member_fields})
            self.tally.buckets.append(b)
            if first_line is not None:
                first_line[id(b)] = line
        elif first_line is not None and line < first_line[id(b)]:
            first_line[id(b)] = line  # an activity kept until the end, earlier than the bucket's others
        b.weight += 1
        for f in sum_fields:
            b.sums[f] += int(values.get(f) or 0)
        for f in member_fields:
            counts = b.members[f]
            named = values.get(f)
            if type(named) is list:
                if len(named) == 1:
                    v = named[0]
                    counts[v] = counts.get(v, 0) + 1
                    continue
                named = set(named)
            elif named is None:
                continue
            else:
                named = (named,)
            for v in named:
                counts[v] = counts.get(v, 0) + 1

    def finish(self) -> None:
        tally = self.tally
        if self.first_line is not None:
            first = self.first_line
            tally.buckets.sort(key=lambda b: first.get(id(b), 0))
        for spec, seen in self.handlings.items():
            if not seen:
                continue
            first_handled = tally.handled[spec]
            since = {a.id: a.date for a in tally.records if a.kind == spec[0]}
            for target, day in seen:  # the earliest handling not dated before its receipt
                if target in since and day >= since[target] and \
                        (target not in first_handled or day < first_handled[target]):
                    first_handled[target] = day
