"""The status of a plan for a period: engine results grouped by area, units, next report. No printing."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from kehoach.base.dates import DATE_FORMATS_HINT, DateInputError, parse_date
from kehoach.base.errors import KehoachError
from kehoach.base.periods import Period, PlanYear, default_period, next_report_due
from kehoach.journal.digest import Digest
from kehoach.journal.ledger import Ledger
from kehoach.plan.calendar import plan_year as plan_year_of
from kehoach.plan.lookup import period_of, unit_option
from kehoach.plan.shapes import Plan

from .attainment import STATUS_VI, Result, evaluate, summary_counts
from .duties import UnitProgress, units_progress
from .frame import Frame


@dataclass
class Status:
    plan: Plan
    period: Period
    as_of: date
    cutoff: date
    results: list[Result]
    groups: list[tuple[str, str, list[Result]]]
    units: list[UnitProgress] = field(default_factory=list)
    next_report: tuple[Period, date] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    ledger: Ledger | None = None  # the results came from its tally
    plan_year: PlanYear | None = None

    def activity_counts(self, start: date, end: date) -> dict[str, int]:
        """Kind → how many of its activities are dated from start to end (both included)."""
        out: dict[str, int] = {}
        for b in self.ledger.tally(self.plan).buckets if self.ledger is not None else ():
            if start <= b.date <= end:
                out[b.kind] = out.get(b.kind, 0) + b.weight
        return out

    @cached_property
    def digest(self) -> Digest:
        """What a report says of the activities, per kind and day (journal/digest.py)."""
        return self.ledger.digest(self.plan) if self.ledger is not None else Digest()

    @cached_property
    def activities(self) -> list:
        """The corrected activities the results came from (a report's sentences read every field of them)."""
        return self.ledger.current() if self.ledger is not None else []

    @property
    def plan_title(self) -> str:
        m = self.plan.meta
        return f"{m.short_title} năm {m.year} — {m.issuer_short}"

    def closing_line(self) -> str:
        total = len(self.results)
        parts = [f"Đạt {self.counts.get('dat', 0)}/{total} chỉ tiêu"]
        for key in ("dung_tien_do", "cham_tien_do", "chua_dat", "chua_co_du_lieu"):
            if self.counts.get(key):
                parts.append(f"{STATUS_VI[key]} {self.counts[key]}")
        line = "; ".join(parts) + "."
        if self.next_report:
            p, due = self.next_report
            line += (f" Báo cáo kỳ tới: {p.title} (chốt số liệu {p.end:%d/%m/%Y}), "
                     f"hạn gửi {due:%d/%m/%Y} tới {self.plan.reporting.recipient}.")
        else:
            line += f" Các kỳ báo cáo của kế hoạch năm {self.plan.meta.year} đã qua."
        return line

    def to_json(self) -> dict:
        return {
            "plan": {"title": self.plan.meta.title, "year": self.plan.meta.year, "issuer": self.plan.meta.issuer_short},
            "plan_year": self.plan_year.to_dict() if self.plan_year else None,
            "period": self.period.to_dict(),
            "as_of": self.cutoff.isoformat(),
            "indicators": [_indicator_json(r) for r in self.results],
            "summary": {"total": len(self.results), **self.counts},
            "units": [u.to_dict() for u in self.units],
            "next_report": None if not self.next_report else {
                "period": self.next_report[0].to_dict(), "due": self.next_report[1].isoformat()},
        }


def _indicator_json(r: Result) -> dict:
    return {
        "id": r.id, "area": r.area, "text": r.text, "short": r.short, "measure": r.measure,
        "target": r.target, "value": r.value, "numerator": r.numerator, "denominator": r.denominator,
        "percent": r.percent, "percent_capped": r.percent_capped, "met": r.met, "status": r.status,
        "status_vi": r.status_vi, "result_text": r.result_text, "target_text": r.target_text,
        "gap_label": r.gap_label,
        "gaps": [{"id": g.id, "name": g.name, "detail": g.detail} for g in r.gaps],
        "pending": [{"id": g.id, "name": g.name, "detail": g.detail} for g in r.pending],
        "due_soon": [{"id": g.id, "name": g.name, "detail": g.detail} for g in r.due_soon],
        "evidence": r.evidence,
        "in_period": r.in_period,
        "horizon": r.horizon,
    }


_usage = KehoachError.cli


def resolve_as_of(text: str | None, today: date | None = None) -> date:
    today = today or date.today()
    if not text:
        return today
    try:
        return parse_date(text, today)
    except DateInputError as exc:
        raise _usage("bad-date", f"--as-of: {exc}", DATE_FORMATS_HINT) from None


def build_status(plan: Plan, ledger: Ledger, period_text: str | None, as_of_text: str | None,
                 area: str | None = None, unit: str | None = None, today: date | None = None) -> Status:
    today = today or date.today()
    as_of = resolve_as_of(as_of_text, today)
    period = period_of(plan, period_text) if period_text else \
        default_period(plan.meta.year, plan.reporting.period_rule, as_of)
    year = plan_year_of(plan)
    if period.start > year.end:
        raise _usage("period-outside-plan", f"--period: {period.title} nằm sau năm kế hoạch "
                     f"({year.start:%d/%m/%Y} – {year.end:%d/%m/%Y}).",
                     "Chọn kỳ của năm kế hoạch, hoặc dùng kế hoạch của năm sau (--plan).")
    if period.end < year.reporting_start:
        raise _usage("period-outside-plan", f"--period: {period.title} nằm trước năm kế hoạch (số liệu của kế "
                     f"hoạch năm {year.year} tính từ {year.reporting_start:%d/%m/%Y} đến {year.end:%d/%m/%Y}).",
                     "Chọn kỳ của năm kế hoạch, hoặc dùng kế hoạch của năm trước (--plan).")
    tally = ledger.tally(plan)
    results = evaluate(plan, tally, year, period, as_of)
    unit_id = unit_option(plan, unit)
    areas = plan.areas
    if area:
        areas = [a for a in plan.areas if a.id == area.strip().rstrip(".")]
        if not areas:
            raise _usage("unknown-area", f"--area: không có lĩnh vực «{area}».",
                         "Các lĩnh vực: " + ", ".join(a.id for a in plan.areas) + ".")
    keep_area = {a.id for a in areas}
    unit_of = {i.id: set(i.units) for i in plan.indicators()}
    shown = [r for r in results if r.area in keep_area and (unit_id is None or unit_id in unit_of[r.id])]
    groups = [(a.id, a.title, [r for r in shown if r.area == a.id]) for a in areas]
    groups = [g for g in groups if g[2]]
    fr = Frame(year, period, as_of)
    units = [u for u in units_progress(plan, tally, fr) if unit_id is None or u.id == unit_id]
    # the next report as seen at the cut-off, like every other figure (a past period's status tells its own report)
    nxt = next_report_due(plan.meta.year, plan.reporting.period_rule, plan.reporting.periods,
                          plan.reporting.due_days, min(as_of, period.end))
    return Status(plan, period, as_of, fr.cutoff, shown, groups, units, nxt, summary_counts(shown), ledger, year)


