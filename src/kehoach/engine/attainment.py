"""Indicator attainment: (plan, corrected activities, period, as-of) → results. Pure: no I/O, no printing.

Every indicator is judged year to date against its yearly target, and also counted in the report period;
the time model, the statuses and the exact comparisons are described in frame.py and docs/time-model.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction

from kehoach.base.periods import Period, PlanYear
from kehoach.journal.store import Activity
from kehoach.journal.tally import Tally
from kehoach.plan.shapes import Assessment, Indicator, Plan

from . import measures
from .cases import timeliness
from .frame import NO_DATA, STATUS_VI, Figure, Frame, counted, judge, target_dict, target_text
from .index import Gap, Index, gap_list

__all__ = ["Gap", "Index", "Result", "evaluate", "evaluate_one", "gap_list", "summary_counts", "STATUS_VI"]


@dataclass
class Result:
    id: str
    area: str
    text: str
    short: str
    measure: str
    target: dict | None
    value: float | None = None  # year to date: the percentage for percent/fraction targets, the number for count
    numerator: int | float | None = None
    denominator: int | float | None = None
    percent: float | None = None
    percent_capped: float | None = None
    met: bool | None = None
    status: str = NO_DATA
    gap_label: str = ""
    gaps: list[Gap] = field(default_factory=list)
    pending: list[Gap] = field(default_factory=list)
    # still to do in the month or quarter running at the cut-off («every month/quarter» checks): not yet a failure
    due_soon: list[Gap] = field(default_factory=list)
    evidence: str = ""
    result_text: str = ""
    target_text: str = ""
    unit_label: str = ""
    in_period: dict = field(default_factory=dict)  # numerator, denominator, percent, result_text in the period
    horizon: dict = field(default_factory=dict)  # year_start, year_end, period_start, cutoff
    exact_value: Fraction | None = field(default=None, repr=False)

    @property
    def status_vi(self) -> str:
        return STATUS_VI[self.status]

    def set_figures(self, ytd: Figure, period: Figure, ind: Indicator) -> None:
        d = ytd.to_dict()
        self.numerator, self.denominator, self.percent = d["numerator"], d["denominator"], d["percent"]
        self.percent_capped = None if self.percent is None else min(self.percent, 100.0)
        self.exact_value = ytd.numerator if (counted(ind.target) or ytd.denominator is None) else ytd.percent
        if ind.target is not None and ind.target.baseline is not None and ind.target.baseline.period == "previous_period":
            self.exact_value = period.numerator  # «so với kỳ trước»: this period's own figure is compared
        self.value = None if self.exact_value is None else float(self.exact_value)
        self.result_text = d["result_text"]
        self.in_period = period.to_dict()

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("exact_value")
        d["status_vi"] = self.status_vi
        return d


HANDLERS = {"coverage": measures.coverage, "frequency": measures.frequency, "count": measures.count,
            "ratio": measures.ratio, "timeliness": timeliness}  # by `kind`, which every measure declares


def evaluate(plan: Plan, activities: list[Activity] | Tally, plan_year: PlanYear, period: Period,
             as_of: date) -> list[Result]:
    """Every indicator of the plan: year to date and in the period, counting what happened up to as-of (the
    activities, or their tally)."""
    index = Index(activities if isinstance(activities, Tally) else Tally.of(plan, activities))
    fr = Frame(plan_year, period, as_of)
    return [evaluate_one(plan, index, fr, area.id, ind) for area in plan.areas for ind in area.indicators]


def evaluate_one(plan: Plan, index: Index, fr: Frame, area_id: str, ind: Indicator) -> Result:
    r = Result(ind.id, area_id, ind.text, ind.short, ind.measure.kind, target_dict(ind.target),
               gap_label=ind.gap_label, unit_label=ind.unit_label, target_text=target_text(ind),
               horizon=fr.horizon())
    if isinstance(ind.measure, Assessment):
        measures.assessment(plan, index, fr, ind, r)
        return r
    verdict = HANDLERS[ind.measure.kind](plan, index, fr, ind, r)
    r.status, r.met = judge(ind.target, fr, verdict)
    if not fr.started:
        r.result_text = f"kế hoạch có hiệu lực từ ngày {fr.ytd_start:%d/%m/%Y}"
    return r


def summary_counts(results: list[Result]) -> dict[str, int]:
    out = {s: 0 for s in STATUS_VI}
    for r in results:
        out[r.status] += 1
    return out
