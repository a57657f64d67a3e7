"""«Kinh phí»: what was spent in the period and year to date against the plan's budgets (dự toán), in đồng. Pure."""

from __future__ import annotations

from kehoach.base.text import format_number, format_percent
from kehoach.journal.digest import Gathered
from kehoach.plan.shapes import Plan


def dong(amount: int) -> str:
    """15.000.000 đồng."""
    return f"{format_number(amount)} đồng"


def funding_lines(plan: Plan, year_acts: dict[str, Gathered], period_acts: dict[str, Gathered]) -> list[str] | None:
    """Sentences on spending, or None when the plan neither states budgets nor records costs. The activities are
    gathered by kind (journal/digest.py)."""
    costed = {kid: k for kid, k in plan.activity_kinds.items() if k.cost_field}
    budgets = plan.funding.budgets
    if not costed and not budgets:
        return None

    def spent(acts: dict[str, Gathered], budget_id=None) -> int:
        return sum(got.total(costed[kid].cost_field) for kid, got in acts.items()
                   if kid in costed and (budget_id is None or costed[kid].budget == budget_id))

    total_budget = sum(b.amount for b in budgets)
    line = (f"Kinh phí đã sử dụng trong kỳ: {dong(spent(period_acts))}; lũy kế từ đầu năm: "
            f"{dong(spent(year_acts))}")
    if total_budget:
        share = format_percent(100.0 * spent(year_acts) / total_budget)
        line += f", bằng {share} tổng dự toán {dong(total_budget)}"
    lines = [line + "."]
    for b in budgets:
        used = spent(year_acts, b.id)
        source = f" ({b.source})" if b.source else ""
        lines.append(f"{b.label}{source}: đã sử dụng {dong(used)}/{dong(b.amount)} dự toán.")
    return lines
