"""`kehoach check`: validate the plan (and its journal) and report every problem at once."""

from __future__ import annotations

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath


@app.command("check", epilog="""Ví dụ:

  kehoach check

  kehoach check --plan plans/2024.yaml

  kehoach check --repair

  kehoach check --json
""")
def check(
    plan: PlanPath = PlanOption,
    as_json: bool = JsonOption,
    repair: bool = typer.Option(False, "--repair", help="Chuyển dòng cuối bị ghi dở của nhật ký sang tệp riêng "
                                                          "(không xoá gì), rồi kiểm tra lại."),
) -> int:
    """Kiểm tra tệp kế hoạch và nhật ký: báo mọi lỗi cùng lúc, mỗi lỗi dạng TỆP:DÒNG:CỘT."""
    from .do_check import run_check

    return run_check(plan, as_json, repair)
