"""`kehoach status`: indicator by indicator, where the plan stands and what is still missing."""

from __future__ import annotations

from typing import Optional

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath

PeriodOption = typer.Option(None, "--period", help="Kỳ: h1, h2, q1…q4, m1…m12, 2023-05, nam, 2023S1, 2023Q1, "
                                                   "2023-03-01..2023-06-30, hoặc bằng chữ: «6 tháng đầu năm», "
                                                   "«quý 3», «tháng 5», «cả năm». Mặc định: 6 tháng hiện tại, "
                                                   "hoặc cả năm khi năm kế hoạch đã qua.")
AsOfOption = typer.Option(None, "--as-of", help="Tính đến ngày này (mặc định hôm nay, không quá ngày cuối kỳ).")

@app.command("status", epilog="""Ví dụ:

  kehoach status

  kehoach status --period "6 tháng đầu năm" --as-of 20/5/2023

  kehoach status --period q3 --unit "cong an xa"

  kehoach status --period nam --json
""")
def status(
    period: Optional[str] = PeriodOption,
    as_of: Optional[str] = AsOfOption,
    area: Optional[str] = typer.Option(None, "--area", help="Chỉ lĩnh vực này (số thứ tự, ví dụ 1)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="Chỉ các chỉ tiêu và nhiệm vụ của đơn vị này."),
    as_json: bool = JsonOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Tình hình thực hiện từng chỉ tiêu trong kỳ và những gì còn thiếu."""
    from .do_status import run_status

    run_status(period, as_of, area, unit, as_json, plan)
