"""After `kehoach log`: how the indicators a new activity serves now stand."""

from __future__ import annotations

from datetime import date

from kehoach.base.periods import half_containing
from kehoach.journal.store import Activity
from kehoach.plan.lookup import kinds_of
from kehoach.plan.model import (
    Plan,
)

from .attainment import Index, Window, evaluate_one

# `log` re-reads the journal to say how the indicators stand only up to this size (about 8,000 records), so
# that one append costs the same however large the journal grows; beyond it, `kehoach status` says it.
STANDING_MAX_BYTES = 2 * 1024 * 1024


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
