"""After `kehoach log`: how the indicators a new activity serves now stand."""

from __future__ import annotations

from datetime import date

from kehoach.base.periods import half_containing
from kehoach.journal.store import Activity
from kehoach.plan.calendar import plan_year
from kehoach.plan.lookup import kinds_of
from kehoach.plan.shapes import (
    Plan,
)

from .attainment import Index, evaluate_one
from .frame import Frame

# `log` re-reads the journal to say how the indicators stand only up to this size (about 8,000 records), so
# that one append costs the same however large the journal grows; beyond it, `kehoach status` says it.
STANDING_MAX_BYTES = 2 * 1024 * 1024


def standing_lines(plan: Plan, activities: list[Activity], kind: str, day: date, today: date) -> list[str]:
    """«Chỉ tiêu 1.1.a (lũy kế đến 20/05/2023): 6/7 thôn · 85,7% — chậm tiến độ» for each indicator served."""
    year = plan_year(plan)
    if not year.contains(day):
        return []
    period = half_containing(plan.meta.year, plan.reporting.period_rule, day)
    index = Index.of(plan, activities)
    fr = Frame(year, period, max(today, day))
    out = []
    for area in plan.areas:
        for ind in area.indicators:
            if kind in kinds_of(ind):
                r = evaluate_one(plan, index, fr, area.id, ind)
                out.append(f"Chỉ tiêu {r.id} (lũy kế đến {fr.cutoff:%d/%m/%Y}): {r.result_text} — {r.status_vi}")
    return out
