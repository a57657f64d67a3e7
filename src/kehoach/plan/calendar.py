"""When a plan's targets run: its plan year, from its effective date to the end of its reporting year."""

from __future__ import annotations

from datetime import date

from kehoach.base.periods import PlanYear, make_plan_year

from .shapes import Plan, parse_partial_date


def effective_date(plan: Plan) -> date:
    """`meta.effective_from`, else the date of issue; a date without its day counts from the month's first day,
    one without its month from 1 January (the generous reading: no day of the month it was issued is lost)."""
    if plan.meta.effective_from is not None:
        return plan.meta.effective_from
    year, month, day = parse_partial_date(plan.meta.date)
    return date(year, month or 1, day or 1)


def plan_year(plan: Plan) -> PlanYear:
    return make_plan_year(plan.meta.year, plan.reporting.period_rule, effective_date(plan))
