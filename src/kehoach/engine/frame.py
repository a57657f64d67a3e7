"""What one evaluation sees, and how a figure is judged against its target. Pure; exact arithmetic.

The time model (README, «Mô hình thời gian»; docs/time-model.md):
- the plan year runs from the plan's effective date to the end of its reporting year (`PlanYear`);
- the cut-off is the last day counted: as-of, never past the report period's end nor the plan year's end;
- every yearly target is judged **year to date**, on [plan year start, cut-off], with pace against the whole
  plan year; what was done **in the period** is counted on [max(period start, plan year start), cut-off];
- "every month / every quarter" checks use calendar months and quarters of the plan year that have ended by
  the cut-off (one still running counts only once it is satisfied).

Statuses:
- đạt: the target is met (a rate — every month/quarter, on time, a ratio of recorded quantities — and an upper
  bound — `≤`, `<`, `= 0` — only once the plan year is over: before that they can still fail);
- đúng tiến độ: on pace (cumulative measures: attainment ≥ share of the plan year elapsed; rates and upper
  bounds: met on everything due so far);
- chậm tiến độ: not met yet and behind pace, or a rate below target that can still be made good;
- chưa đạt: the plan year is over and the target was not met; or it can no longer be met (a month missed
  against "every month", a case handled late against "100% on time", an upper bound exceeded);
- chưa có dữ liệu: nothing can be judged yet (the plan not yet in effect; 0/0: no case, no violation found).
Comparisons use integers and `fractions.Fraction`: 11/20 is exactly 55% and is not "trên 55%"; 57/100 meets
"≥ 57%". Figures are rounded only when displayed.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cached_property

from kehoach.base.periods import Period, PlanYear
from kehoach.base.text import format_number, format_percent
from kehoach.plan.shapes import Assessment, Indicator, Target

MET, ON_TRACK, BEHIND, NOT_MET, NO_DATA = "dat", "dung_tien_do", "cham_tien_do", "chua_dat", "chua_co_du_lieu"
STATUS_VI = {MET: "đạt", ON_TRACK: "đúng tiến độ", BEHIND: "chậm tiến độ", NOT_MET: "chưa đạt",
             NO_DATA: "chưa có dữ liệu"}
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}
OP_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
UPPER = ("<=", "<", "=")


@dataclass(frozen=True)
class Frame:
    """The plan year, the report period and the as-of date of one evaluation."""

    plan_year: PlanYear
    period: Period
    as_of: date

    @cached_property
    def cutoff(self) -> date:
        """The last day counted."""
        return min(self.as_of, self.period.end, self.plan_year.end)

    @property
    def ytd_start(self) -> date:
        return self.plan_year.start

    @cached_property
    def period_start(self) -> date:
        return max(self.period.start, self.plan_year.start)

    @property
    def started(self) -> bool:
        """Has the plan taken effect by the cut-off?"""
        return self.cutoff >= self.plan_year.start

    @property
    def year_over(self) -> bool:
        """Is the plan year over at the cut-off? (A q3 report looks at the world as of its cut-off.)"""
        return self.cutoff >= self.plan_year.end

    @property
    def period_over(self) -> bool:
        return self.as_of >= self.period.end

    @property
    def elapsed(self) -> Fraction:
        """The share of the plan year elapsed at the cut-off."""
        if not self.started:
            return Fraction(0)
        return Fraction((self.cutoff - self.ytd_start).days + 1, self.plan_year.days)

    def in_ytd(self, d: date) -> bool:
        return self.ytd_start <= d <= self.cutoff

    def in_period(self, d: date) -> bool:
        return self.period_start <= d <= self.cutoff

    def horizon(self) -> dict:
        return {"year_start": self.ytd_start.isoformat(), "year_end": self.plan_year.end.isoformat(),
                "period_start": self.period_start.isoformat(), "cutoff": self.cutoff.isoformat()}


@dataclass
class Figure:
    """One measured figure: numerator over denominator (or a plain number for a count)."""

    numerator: Fraction
    denominator: Fraction | None  # None for a count
    label: str = ""

    @property
    def percent(self) -> Fraction | None:
        if self.denominator is None or self.denominator == 0:
            return None
        return self.numerator * 100 / self.denominator

    def text(self) -> str:
        if self.denominator is None:
            return f"{format_number(number(self.numerator))} {self.label}".strip()
        if not self.denominator:
            return "không phát sinh"  # nothing arose to be handled: as the year-to-date figure says it, not «0/0»
        return (f"{format_number(number(self.numerator))}/{format_number(number(self.denominator))} "
                f"{self.label} · {format_percent(float(self.percent))}").replace("  ", " ")

    def to_dict(self) -> dict:
        pct = self.percent
        return {"numerator": number(self.numerator),
                "denominator": None if self.denominator is None else number(self.denominator),
                "percent": None if pct is None else float(pct), "result_text": self.text()}


def number(x: Fraction | int | float) -> int | float:
    """An exact figure for output: an int when whole."""
    x = Fraction(x) if not isinstance(x, Fraction) else x
    return int(x) if x.denominator == 1 else float(x)


def goal(t: Target) -> Fraction:
    """The target as an exact number: a percentage for percent and fraction targets, else a count (for a
    baseline, its value changed by `change_percent`: 800 vụ, −5% → 760)."""
    return t.goal()


def counted(t: Target | None) -> bool:
    """Is the target a number of things (a count, or a baseline of a count) rather than a share?"""
    return t is not None and (t.count is not None or t.baseline is not None)


def threshold(t: Target) -> float:
    """The target for display and charts (a float; never compared)."""
    return float(goal(t))


def compare(op: str, value: Fraction, target: Fraction) -> bool:
    return OPS[op](value, target)


@dataclass
class Verdict:
    """What a measure found, for judging: the year-to-date value and what can still happen."""

    value: Fraction | None  # None: nothing to divide by yet (0/0)
    rate: bool  # a rate (checked on what is due) rather than a cumulative figure (paced over the year)
    best: Fraction | None = None  # the best value still reachable by the year's end, where it is known
    best_reached: bool = True  # False: `best` is a limit approached but never reached (future cases)
    pending: bool = False  # cases open within their limit
    journal_used: bool = True  # anything at all recorded up to the cut-off


def judge(t: Target, fr: Frame, v: Verdict) -> tuple[str, bool | None]:
    """(status, met) for a year-to-date value against the plan year's target."""
    if not fr.started:
        return NO_DATA, None
    if v.value is None:
        return (ON_TRACK if v.pending else NO_DATA), None
    g = goal(t)
    met = compare(t.op, v.value, g)
    if t.op in UPPER:
        if not v.journal_used:
            return NO_DATA, None
        if not met:
            return NOT_MET, False
        return (MET if fr.year_over else ON_TRACK), True
    if met:
        # a rate («every month», «100% on time») met so far can still fail before the year ends: on track until then
        return (MET if (fr.year_over or not v.rate) else ON_TRACK), True
    if fr.year_over:
        return NOT_MET, False
    if v.rate:
        if v.best is not None and not _reachable(t.op, v.best, v.best_reached, g):
            return NOT_MET, False
        return BEHIND, False
    attainment = v.value / g if g else Fraction(1)
    return (ON_TRACK if attainment >= fr.elapsed else BEHIND), False


def _reachable(op: str, best: Fraction, reached: bool, g: Fraction) -> bool:
    if reached:
        return compare(op, best, g)
    return best > g  # a limit never reached meets neither «≥ best» nor «> best»


def target_text(ind: Indicator) -> str:
    t = ind.target
    if t is None:
        m = ind.measure
        return ", ".join(m.met_values) if isinstance(m, Assessment) else ""
    if t.percent is not None:
        return f"{OP_SIGN[t.op]} {format_percent(t.percent)}"
    if t.fraction is not None:
        return f"{OP_SIGN[t.op]} {t.fraction}"
    if t.baseline is not None:
        unit = f" {ind.unit_label}" if ind.unit_label else ""
        base = f"{t.baseline.label or 'số liệu gốc'}: {format_number(t.baseline.value)}{unit}"
        change = t.change_percent or 0
        how = f", {'giảm' if change < 0 else 'tăng'} {format_number(abs(change))}%" if change else ""
        return f"{OP_SIGN[t.op]} {format_number(float(t.goal()))}{unit} ({base}{how})"
    return f"{OP_SIGN[t.op]} {format_number(t.count)} {ind.unit_label}".strip()


def target_dict(t: Target | None) -> dict | None:
    if t is None:
        return None
    if t.percent is not None:
        return {"operator": t.op, "value": t.percent, "unit": "percent"}
    if t.fraction is not None:
        return {"operator": t.op, "value": t.fraction, "unit": "fraction"}
    if t.baseline is not None:
        return {"operator": t.op, "value": float(t.goal()), "unit": "count",
                "baseline": {"value": t.baseline.value, "period": t.baseline.period, "label": t.baseline.label},
                "change_percent": t.change_percent}
    return {"operator": t.op, "value": t.count, "unit": "count"}
