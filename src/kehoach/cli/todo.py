"""`kehoach todo`: what is left to do, unit by unit, printable."""

from __future__ import annotations

from typing import Optional

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath
from .output import print_json
from .status import AsOfOption, PeriodOption


@app.command("todo", epilog="""Ví dụ:

  kehoach todo

  kehoach todo --unit "cong an xa"

  kehoach todo --period "quý 3" > viec-con-lai.md      (in ra giấy hoặc mở bằng Word)

  kehoach todo --json
""")
def todo(
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="Chỉ việc của đơn vị này (mã hoặc tên)."),
    period: Optional[str] = PeriodOption,
    as_of: Optional[str] = AsOfOption,
    as_json: bool = JsonOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Những việc còn phải làm, theo từng đơn vị: nơi còn thiếu của từng chỉ tiêu, vụ việc sắp hoặc đã quá hạn,
    nhiệm vụ chưa có hoạt động, và hạn gửi báo cáo kỳ tới."""
    from kehoach.engine.status import build_status
    from kehoach.engine.todo import todo as build_todo
    from kehoach.render.todo import todo_json, todo_text

    from .context import load_all

    the_plan, _, ledger = load_all(plan, warn=True)
    status = build_status(the_plan, ledger, period, as_of, None, unit)
    units = build_todo(status)
    if unit:
        units = [u for u in units if u.id == status.units[0].id] if status.units else units
    if as_json:
        print_json(todo_json(status, units))
        return
    print(todo_text(status, units), end="")
