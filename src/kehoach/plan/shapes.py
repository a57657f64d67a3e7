"""What a validated plan is to every later stage: plain classes with its lookups, no pydantic.

pydantic (plan/model.py) validates a plan file; each of its models inherits its behaviour from the class of
the same name here. The journal, the engine and the renderers import these classes only (`isinstance` holds
for a validated model and for a plan read back from the cache alike), so a command that reads its plan from
the cache (plan/cache.py) never imports pydantic nor builds its models: that was most of the start-up time of
`status` on a commune's plan.

A plan read back from the cache is built with `rebuild` from the tree `tree` wrote: every object records its
class by name, dates are tagged. Attributes only; the values are those pydantic validated.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from fractions import Fraction
from typing import Any

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """'2023' → (2023, None, None); '2023-03' → (2023, 3, None); raises ValueError with a code."""
    m = _PARTIAL_DATE.match(value.strip())
    if not m:
        raise ValueError("partial_date_format")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError("partial_date_impossible")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise ValueError("partial_date_impossible") from None
    return year, month, day


class Shape:
    """A plan object: its fields are attributes (no annotations here: pydantic declares them)."""

    def _derive(self, **values: Any) -> "Shape":
        """A new object of the same class with these field values (not validated: taken from a valid one)."""
        obj = object.__new__(type(self))
        obj.__dict__.update(values)
        return obj


# ---------------------------------------------------------------- metadata, registries, kinds (data only)

class Signer(Shape): pass  # noqa: E701
class Basis(Shape): pass  # noqa: E701
class Meta(Shape): pass  # noqa: E701
class Purpose(Shape): pass  # noqa: E701
class AttributeSpec(Shape): pass  # noqa: E701
class Member(Shape): pass  # noqa: E701
class Registry(Shape): pass  # noqa: E701
class FieldBase(Shape): pass  # noqa: E701
class TextField(FieldBase): pass  # noqa: E701
class IntegerField(FieldBase): pass  # noqa: E701
class DateField(FieldBase): pass  # noqa: E701
class YesNoField(FieldBase): pass  # noqa: E701
class ChoiceField(FieldBase): pass  # noqa: E701
class RefField(FieldBase): pass  # noqa: E701
class EntryField(FieldBase): pass  # noqa: E701
class IndicatorField(FieldBase): pass  # noqa: E701
class ActivityKind(Shape): pass  # noqa: E701
class Task(Shape): pass  # noqa: E701
class SolutionItem(Shape): pass  # noqa: E701
class Solution(Shape): pass  # noqa: E701
class Duty(Shape): pass  # noqa: E701
class Unit(Shape): pass  # noqa: E701
class Reporting(Shape): pass  # noqa: E701
class Terms(Shape): pass  # noqa: E701
class Phrasing(Shape): pass  # noqa: E701
class Budget(Shape): pass  # noqa: E701

# ---------------------------------------------------------------- measures and targets

class Filter(Shape): pass  # noqa: E701
class ActivitySelector(Shape): pass  # noqa: E701
class Coverage(Shape): pass  # noqa: E701
class Frequency(Shape): pass  # noqa: E701
class Count(Shape): pass  # noqa: E701
class ActivityQuantity(Shape): pass  # noqa: E701
class RegistryQuantity(Shape): pass  # noqa: E701
class Ratio(Shape): pass  # noqa: E701
class Timeliness(Shape): pass  # noqa: E701
class LimitBy(Shape): pass  # noqa: E701
class Assessment(Shape): pass  # noqa: E701
class Baseline(Shape): pass  # noqa: E701
class Part(Shape): pass  # noqa: E701


class Target(Shape):
    """The threshold: exactly one of percent, count, fraction or baseline, with an operator."""

    @property
    def relative(self) -> bool:
        """True when the threshold comes from a baseline (an earlier period or a given number)."""
        return self.baseline is not None

    def goal(self) -> Fraction:
        """The threshold, exactly: a percentage for percent/fraction, a number for count and baseline.

        A baseline's goal is its value changed by `change_percent`: 1.200 vụ with -5 → 1.140."""
        if self.percent is not None:
            return Fraction(str(self.percent))
        if self.fraction is not None:
            a, b = (int(x) for x in self.fraction.split("/"))
            return Fraction(a * 100, b)
        if self.baseline is not None:
            base = Fraction(str(self.baseline.value))
            return base * (100 + Fraction(str(self.change_percent or 0))) / 100
        return Fraction(str(self.count))


class Funding(Shape):
    """«IV. Kinh phí»: the plan's words and, if it states them, the budgets."""

    def total(self) -> int:
        return sum(b.amount for b in self.budgets)

    def budget(self, ident: str) -> Budget | None:
        return next((b for b in self.budgets if b.id == ident), None)


class Indicator(Shape):
    """One indicator as the plan writes it: a verbatim sentence with one target (measure + target) or several
    (`targets:`, each judged on its own). `parts()` gives what is judged, one per target."""

    def part_id(self, index: int) -> str:
        """The id of the index-th (0-based) target: its own `id`, or «3.1.b-1», «3.1.b-2»…"""
        part = (self.targets or [])[index]
        return part.id or f"{self.id}-{index + 1}"

    def parts(self) -> list["Indicator"]:
        """What is judged, one by one: the indicator itself, or one indicator per target of `targets:`.

        Each part has its own id, `short` = the target's label, the whole verbatim `text`, and knows the
        indicator it belongs to (`parent_id`) and its label (`part_label`), so that a report can print the
        sentence once and the result of each target under it."""
        if self.targets is None:
            return [self]
        out = []
        for i, part in enumerate(self.targets):
            judged = self._derive(
                id=self.part_id(i), text=self.text, short=part.label, measure=part.measure, target=part.target,
                targets=None, unit_label=part.unit_label or self.unit_label,
                gap_label=part.gap_label or self.gap_label, units=list(self.units))
            judged._parent, judged._label = self.id, part.label
            out.append(judged)
        return out

    @property
    def parent_id(self) -> str:
        """The id of the indicator as written (its own id unless this is one target of several)."""
        return self._parent or self.id

    @property
    def part_label(self) -> str:
        """The target's label when this is one of several targets; "" otherwise."""
        return self._label

    @property
    def is_part(self) -> bool:
        return self._parent is not None


class Area(Shape):
    @property
    def indicators(self) -> list[Indicator]:
        """What is judged in this area: every target as its own indicator (see Indicator.parts())."""
        return [p for s in self.statements for p in s.parts()]


class Plan(Shape):
    def member_names(self, registry: str) -> dict[str, str]:
        """id → name of a registry's members (built once)."""
        names = self._names.get(registry)
        if names is None:
            reg = self.registries.get(registry)
            names = self._names[registry] = {m.id: m.name for m in reg.members} if reg else {}
        return names

    def indicators(self) -> list[Indicator]:
        """What is judged, area by area: one indicator per target (see Indicator.parts())."""
        return [i for a in self.areas for i in a.indicators]

    def statements(self) -> list[Indicator]:
        """The indicators as the plan writes them (one verbatim sentence each, maybe several targets)."""
        return [i for a in self.areas for i in a.statements]

    def tasks(self) -> list[Task]:
        return [t for a in self.areas for t in a.tasks]

    def unit(self, ident: str) -> Unit | None:
        return next((u for u in self.units if u.id == ident), None)


# ---------------------------------------------------------------- a plan as data, and back

# private state each class carries besides its fields, with its value in a plan just read back
_PRIVATE = {"Indicator": {"_parent": None, "_label": ""}, "Plan": {"_names": dict, "_canonical": list}}
_CLASSES = {cls.__name__: cls for cls in Shape.__subclasses__() + FieldBase.__subclasses__()}


def fields_of(obj: Shape) -> dict[str, Any]:
    """An object's fields, in declaration order (a validated model's or a rebuilt object's alike)."""
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


def tree(value: Any) -> Any:
    """A plan (or any value in it) as JSON data: each object as {"@": class name, field: …}, a date as
    {"@": "date", "v": "2023-03-01"}, a mapping that has its own «@» key as {"@": "dict", "v": {…}}."""
    if isinstance(value, Shape):
        out = {"@": _shape_name(value)}
        for k, v in fields_of(value).items():
            out[k] = tree(v)
        return out
    if isinstance(value, dict):
        inner = {k: tree(v) for k, v in value.items()}
        return {"@": "dict", "v": inner} if "@" in inner else inner
    if isinstance(value, (list, tuple)):
        return [tree(v) for v in value]
    if isinstance(value, datetime):  # a time typed in a member's attributes (YAML reads «2023-03-01 08:00» so)
        return {"@": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"@": "date", "v": value.isoformat()}
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"not plan data: {type(value).__name__}")


def _shape_name(obj: Shape) -> str:
    for cls in type(obj).__mro__:
        if cls.__module__ == __name__ and cls.__name__ in _CLASSES:
            return cls.__name__
    raise TypeError(type(obj).__name__)


def rebuild(data: Any) -> Any:
    """The plan (or value) `tree` wrote, as objects of the classes above."""
    if isinstance(data, dict):
        tag = data.get("@")
        if tag is None:
            return {k: rebuild(v) for k, v in data.items()}
        if tag == "date":
            return date.fromisoformat(data["v"])
        if tag == "datetime":
            return datetime.fromisoformat(data["v"])
        if tag == "dict":
            return {k: rebuild(v) for k, v in data["v"].items()}
        obj = object.__new__(_CLASSES[tag])
        d = obj.__dict__
        for k, v in data.items():
            if k != "@":
                d[k] = rebuild(v)
        for k, default in _PRIVATE.get(tag, {}).items():
            d[k] = default() if callable(default) else default
        return obj
    if isinstance(data, list):
        return [rebuild(v) for v in data]
    return data


def as_json(obj: Shape) -> dict[str, Any]:
    """An object's fields as JSON values (dates as ISO text), as pydantic's `model_dump(mode="json")` gives."""
    def value(v: Any) -> Any:
        if isinstance(v, Shape):
            return as_json(v)
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [value(x) for x in v]
        if isinstance(v, date):
            return v.isoformat()
        return v
    return {k: value(v) for k, v in fields_of(obj).items()}
