"""After `kehoach log`: how the indicators a new activity serves now stand."""

from __future__ import annotations

from datetime import date

from .engine import Index, Window, evaluate_one
from .journal import Activity
from .model import (ActivityQuantity, Assessment, Count, Coverage, Frequency, Indicator, Plan, Ratio,
                    Timeliness)
from .periods import half_containing

# `log` re-reads the journal to say how the indicators stand only up to this size (about 8,000 records), so
# that one append costs the same however large the journal grows; beyond it, `kehoach status` says it.
STANDING_MAX_BYTES = 2 * 1024 * 1024


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


def standing_lines(plan: Plan, activities: list[Activity], kind: str, day: date, today: date) -> list[str]:
    """«Chỉ tiêu 1.1.a (6 tháng đầu năm 2023): 6/7 thôn · 85,7% — chậm tiến độ» for each indicator served."""
    period = half_containing(plan.meta.year, plan.reporting.period_rule, day)
    if not period.contains(day):
        return []
    index = Index(activities)
    win = Window(period, max(today, day))
    out = []
    for area in plan.areas:
        for ind in area.indicators:
            if kind in kinds_of(ind):
                r = evaluate_one(plan, index, win, area.id, ind)
                out.append(f"Chỉ tiêu {r.id} ({period.title}): {r.result_text} — {r.status_vi}")
    return out
