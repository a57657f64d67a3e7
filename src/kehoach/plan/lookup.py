"""Lookups in a plan by what an officer types: units, activity kinds, registry members, periods.

Names are matched by id, name or alias, without case or diacritics ("na cao" finds "Nà Cạo").
Nothing else is taken silently: a partial name ("nà", "Karaoke Hoa") is refused with what it
may mean (rapidfuzz finds the closest names for a typo), unless a `confirm` callback (the CLI
asking on a terminal) accepts the one name it could be; an ambiguous one lists its candidates.
Every stage that needs a lookup imports it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from kehoach.base.errors import COMMAND_LINE, Diagnostic, KehoachError
from kehoach.base.periods import PERIOD_HINT, Period, PeriodError, parse_period
from kehoach.base.text import fold

from .shapes import (
    ActivityQuantity,
    Assessment,
    Count,
    Coverage,
    Frequency,
    Indicator,
    Plan,
    Ratio,
    Registry,
    Timeliness,
)

_err = KehoachError.cli


def _command_line_error(code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(code=code, message=message, file=COMMAND_LINE, hint=hint)


class ValueProblem(ValueError):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


Confirm = Callable[[str, "Named", str], bool]  # (what was typed, the item it may mean, what it is) → accept?


def accept_partial(typed: str, item: "Named", what: str) -> bool:
    """For filters of commands that only read (status --unit, activities --member): nothing is recorded and
    the output names what was matched, so a unique partial name is taken."""
    return True


def match_named(items: list[Named], text: str, what: str, confirm: Confirm | None = None) -> Named:
    """Find one item by id, name or alias, ignoring case and diacritics; a unique partial match only
    when `confirm` accepts it."""
    raw = text.strip()
    for it in items:
        if it.id == raw:
            return it
    key = fold(raw)
    if not key:
        raise ValueProblem(f"{what} để trống.")
    exact = [it for it in items if key in {fold(it.id), fold(it.name), *map(fold, it.aliases)}]
    loose = _unpunctuated(key)
    if not exact and loose:  # typed without its commas, dots or brackets: «phong chong ma tuy» = «Phòng, chống ma túy»
        exact = [it for it in items if loose in {_unpunctuated(fold(n)) for n in (it.id, it.name, *it.aliases)}]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise _ambiguous(raw, exact, what)
    words = key.split()

    def prefix_match(name: str) -> bool:
        tokens = fold(name).split()
        return all(any(t.startswith(w) for t in tokens) for w in words)

    partial = [it for it in items if any(prefix_match(n) for n in (it.name, it.id, *it.aliases))]
    if len(partial) == 1:
        if confirm is not None and confirm(raw, partial[0], what):
            return partial[0]
        it = partial[0]
        shown = it.name if it.name == it.id else f"{it.name} ({it.id})"
        raise ValueProblem(f"không có {what} «{raw}».", f"Có phải ý bạn là: {shown}? Gõ đủ tên hoặc mã.")
    if len(partial) > 1:
        raise _ambiguous(raw, partial, what)
    raise ValueProblem(f"không có {what} «{raw}».", _closest(raw, items))


def _unpunctuated(key: str) -> str:
    """A folded name without its punctuation: letters and digits, single spaces."""
    return " ".join("".join(c if c.isalnum() else " " for c in key).split())


def _shown(it: Named) -> str:
    """«Thôn 1 (thon-1)»; a choice, whose id is its name, only once: «Họp thôn»."""
    return it.name if it.name == it.id else f"{it.name} ({it.id})"


def _ambiguous(raw: str, cands: list[Named], what: str) -> ValueProblem:
    listing = "; ".join(_shown(c) for c in cands[:10])
    more = f" và {len(cands) - 10} nơi khác" if len(cands) > 10 else ""
    return ValueProblem(f"«{raw}» khớp với nhiều {what}: {listing}{more}.",
                        "Gõ đầy đủ hơn, hoặc dùng mã trong ngoặc.")


def _closest(raw: str, items: list[Named]) -> str | None:
    from rapidfuzz import fuzz, process

    labels = {}
    for it in items:
        for n in (it.name, it.id, *it.aliases):
            labels.setdefault(fold(n), it)
    found = process.extract(fold(raw), list(labels), scorer=fuzz.WRatio, limit=6, score_cutoff=60)
    names: list[str] = []
    for label, _score, _ in found:
        it = labels[label]
        shown = _shown(it)
        if shown not in names:
            names.append(shown)
    if names:
        return "Có phải ý bạn là: " + "; ".join(names[:3]) + "?"
    if len(items) <= 12:
        return "Các lựa chọn: " + "; ".join(_shown(it) for it in items) + "."
    return None


def registry_items(reg: Registry) -> list[Named]:
    return [Named(m.id, m.name, tuple(m.aliases)) for m in reg.members]


def choice_items(choices: Iterable[str]) -> list[Named]:
    return [Named(c, c) for c in choices]


def find_kind(plan: Plan, text: str, confirm: Confirm | None = None) -> str:
    items = [Named(k, v.title) for k, v in plan.activity_kinds.items()]
    try:
        return match_named(items, text, "loại hoạt động", confirm).id
    except ValueProblem as exc:
        raise KehoachError([_command_line_error("unknown-kind", exc.message, exc.hint or "Xem các loại: kehoach kinds.")])


def find_unit(plan: Plan, text: str, confirm: Confirm | None = None) -> str:
    items = [Named(u.id, u.name) for u in plan.units]
    return match_named(items, text, "đơn vị", confirm).id


def unit_option(plan: Plan, text: str | None) -> str | None:
    """The unit named by --unit (id or name, without diacritics), or None when not given."""
    if not text:
        return None
    try:
        return find_unit(plan, text, accept_partial)
    except ValueProblem as exc:
        raise _err("unknown-unit", f"--unit: {exc.message}", exc.hint) from None


def period_of(plan: Plan, text: str) -> Period:
    from kehoach.base.period_words import period_words

    try:
        return parse_period(period_words(text), plan.meta.year, plan.reporting.period_rule)
    except PeriodError as exc:
        raise _err("bad-period", f"--period: {exc}", PERIOD_HINT) from None


def kinds_of(ind: Indicator) -> set[str]:
    m = ind.measure
    if isinstance(m, (Coverage, Frequency, Count)):
        return set(m.activities.kinds)
    if isinstance(m, Ratio):
        return {k for q in (m.numerator, m.denominator) if isinstance(q, ActivityQuantity) for k in q.activities.kinds}
    if isinstance(m, Timeliness):
        return {m.received, m.handled}
    if isinstance(m, Assessment):
        return {m.activity}
    return set()
