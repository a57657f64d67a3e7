"""Values the plan compares with what is recorded: filter values, ratings, per-category limits.

`canonicalise` makes every choice value written in the plan the declared spelling, compared without case
(«karaoke» is the declared «Karaoke»), so that the engine's exact comparisons hold; it says what it changed,
and `check_filter_values` turns that into warnings and reports the values that can never match."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any

from kehoach.base.errors import Diagnostic

from .measures import ActivitySelector, Assessment, Coverage, Count, Frequency, Ratio, RegistryQuantity, Timeliness
from .sources import Document

Loc = tuple


def measure_sites(plan) -> Iterator[tuple[Any, Loc]]:
    """Every judged indicator with the location of what holds its `measure` and `target` in the file."""
    for ai, area in enumerate(plan.areas):
        for ii, ind in enumerate(area.statements):
            base = ("areas", ai, "indicators", ii)
            if ind.targets is None:
                yield ind, base
            else:
                for k, part in zip(range(len(ind.targets)), ind.parts()):
                    yield part, base + ("targets", k)


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _canon(values: list, choices: list[str]) -> tuple[list, list[tuple[int, str, str]]]:
    by_fold = {c.casefold(): c for c in choices}
    out, changed = [], []
    for i, v in enumerate(values):
        c = by_fold.get(_fold(v)) if isinstance(v, str) else None
        if c is not None and c != v:
            changed.append((i, v, c))
            out.append(c)
        else:
            out.append(v)
    return out, changed


def _selector_filters(plan, sel: ActivitySelector, loc: Loc) -> Iterator[tuple[Any, Loc, list]]:
    """(filter, location, [field specs of the kinds it applies to])."""
    for fi, flt in enumerate(sel.where):
        specs = [plan.activity_kinds[k].fields[flt.field] for k in sel.kinds
                 if k in plan.activity_kinds and flt.field in plan.activity_kinds[k].fields]
        yield flt, loc + ("where", fi), specs


def _member_filters(plan, rid: str, filters, loc: Loc) -> Iterator[tuple[Any, Loc, list]]:
    reg = plan.registries.get(rid)
    for fi, flt in enumerate(filters):
        spec = reg.attributes.get(flt.field) if reg else None
        yield flt, loc + (fi,), [spec] if spec is not None else []


def all_filters(plan) -> Iterator[tuple[Any, Loc, list, str]]:
    """Every filter of every measure: (filter, location, specs, 'field' or 'attribute')."""
    for ind, site in measure_sites(plan):
        m, loc = ind.measure, site + ("measure",)
        if isinstance(m, (Coverage, Frequency, Count)):
            for f in _selector_filters(plan, m.activities, loc + ("activities",)):
                yield (*f, "field")
        if isinstance(m, Coverage):
            for f in _member_filters(plan, m.registry, m.members_where, loc + ("members_where",)):
                yield (*f, "attribute")
        if isinstance(m, Ratio):
            for side in ("numerator", "denominator"):
                q = getattr(m, side)
                if isinstance(q, RegistryQuantity):
                    for f in _member_filters(plan, q.registry, q.members_where, loc + (side, "members_where")):
                        yield (*f, "attribute")
                else:
                    for f in _selector_filters(plan, q.activities, loc + (side, "activities")):
                        yield (*f, "field")


def canonicalise(plan) -> list[tuple[Loc, str, str]]:
    """Write every choice value of the plan as declared (case aside); return (location, written, declared)."""
    changed: list[tuple[Loc, str, str]] = []
    for flt, loc, specs, _ in all_filters(plan):
        choices = [c for s in specs if getattr(s, "type", None) == "choice" for c in (s.choices or [])]
        if choices:
            flt.values, ch = _canon(flt.values, choices)
            changed += [(loc + ("values", i), v, c) for i, v, c in ch]
    for ind, site in measure_sites(plan):
        m, loc = ind.measure, site + ("measure",)
        if isinstance(m, Assessment):
            kind = plan.activity_kinds.get(m.activity)
            rating = kind.fields.get(m.rating_field) if kind else None
            if getattr(rating, "type", None) == "choice":
                m.met_values, ch = _canon(m.met_values, rating.choices)
                changed += [(loc + ("met_values", i), v, c) for i, v, c in ch]
        if isinstance(m, Timeliness) and m.limit_by is not None:
            kind = plan.activity_kinds.get(m.received)
            spec = kind.fields.get(m.limit_by.field) if kind else None
            if getattr(spec, "type", None) == "choice":
                by_fold = {c.casefold(): c for c in spec.choices}
                days = {}
                for key, n in m.limit_by.days.items():
                    c = by_fold.get(key.casefold(), key)
                    if c != key:
                        changed.append((loc + ("limit_by", "days", key), key, c))
                    days[c] = n
                m.limit_by.days = days
    for rid, reg in plan.registries.items():
        for mi, member in enumerate(reg.members):
            for key, value in member.attrs.items():
                spec = reg.attributes.get(key)
                if spec is not None and spec.type == "choice" and isinstance(value, str):
                    c = {x.casefold(): x for x in spec.choices or []}.get(value.casefold())
                    if c is not None and c != value:
                        member.attrs[key] = c
                        changed.append((("registries", rid, "members", mi, "attrs", key), value, c))
    return changed


def date_problem(value: Any) -> str | None:
    """Why a value written in the plan is not a date (YYYY-MM-DD), or None."""
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return f"ngày «{value}» không hợp lệ (YYYY-MM-DD)."
    return None


def value_problem(spec: Any, value: Any, plan) -> str | None:
    """Why `value` can never equal a recorded value of this field or attribute (None if it can)."""
    kind = getattr(spec, "type", None)
    if kind == "yesno":
        return None if isinstance(value, bool) else f"«{value}» không phải có/không; viết true hoặc false."
    if kind in ("integer", "number"):
        ok = isinstance(value, int) if kind == "integer" else isinstance(value, (int, float)) and math.isfinite(value)
        return None if ok and not isinstance(value, bool) else f"«{value}» không phải một số."
    if kind == "choice":
        choices = spec.choices or []
        return None if value in choices else f"«{value}» không thuộc các lựa chọn: {', '.join(choices)}."
    if kind == "ref":
        reg = plan.registries.get(spec.registry)
        if reg is None:
            return None  # reported where the field is declared
        ids = [m.id for m in reg.members]
        return None if value in ids else f"«{value}» không phải mã một phần tử của danh mục «{spec.registry}»."
    if kind == "indicator":
        ids = {i.id for i in plan.indicators()} | {i.id for i in plan.statements()}
        return None if value in ids else f"«{value}» không phải mã một chỉ tiêu."
    if kind == "date":
        return date_problem(value)
    if kind in ("text", "entry"):
        return None if isinstance(value, str) else f"«{value}» không phải văn bản."
    return None


def check_filter_values(plan, doc: Document) -> Iterator[Diagnostic]:
    """Every filter value against its field's choices, type and registry; case slips as warnings."""
    for loc, written, declared in getattr(plan, "_canonical", []):
        yield doc.diag(loc, "choice-case", f"«{written}» được hiểu là «{declared}» (không phân biệt chữ hoa, thường).",
                       f"Viết đúng như khai báo: «{declared}».", key=loc[-2] == "days", severity="warning")
    for flt, loc, specs, what in all_filters(plan):
        for vi, value in enumerate(flt.values):
            for spec in specs:
                problem = value_problem(spec, value, plan)
                if problem:
                    label = "thuộc tính" if what == "attribute" else "trường"
                    hint = _hint(spec, value, plan)
                    yield doc.diag(loc + ("values", vi), "bad-filter",
                                   f"giá trị lọc của {label} «{flt.field}»: {problem} Chỉ tiêu sẽ luôn bằng 0.", hint)
                    break


def _hint(spec: Any, value: Any, plan) -> str | None:
    import difflib

    kind = getattr(spec, "type", None)
    if kind == "yesno":
        return "Ví dụ: «values: [true]» (có) hoặc «values: [false]» (không), không đặt trong ngoặc kép."
    options: list[str] = []
    if kind == "choice":
        options = list(spec.choices or [])
    elif kind == "ref" and spec.registry in plan.registries:
        options = [m.id for m in plan.registries[spec.registry].members]
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    return f"Có phải ý bạn là «{close[0]}»?" if close else None
