"""`kehoach todo`: what is left to do, unit by unit, printable."""

from __future__ import annotations

from typing import Optional

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath
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
    from .do_status import run_todo

    run_todo(unit, period, as_of, as_json, plan)
