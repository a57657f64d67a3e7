"""`kehoach export`: what a commune sends up to the province — its figures for a period, no free text."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .base import app
from .options import PlanOption, PlanPath
from .status import AsOfOption, PeriodOption


@app.command("export", epilog="""Ví dụ:

  kehoach export --period h1 -o hong-phong-2023-h1.json

  kehoach export --period nam --as-of 14/12/2023""")
def export(
    period: Optional[str] = PeriodOption,
    as_of: Optional[str] = AsOfOption,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Tệp JSON để gửi lên tỉnh. "
                                          "Mặc định: so-lieu-<năm>-<kỳ>.json ở thư mục hiện tại."),
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
    plan: PlanPath = PlanOption,
) -> None:
    """Xuất số liệu các chỉ tiêu của kỳ (chỉ số liệu, không có ghi chú hay tên người) để gửi cấp trên tổng hợp."""
    import orjson

    from kehoach.base.files import atomic_write, relpath
    from kehoach.engine.export import build_export
    from kehoach.engine.status import build_status
    from kehoach.render.report import INPUTS, check_outputs, period_slug

    from .context import load_all

    the_plan, plan_path, ledger = load_all(plan, warn=True)
    status = build_status(the_plan, ledger, period, as_of)
    out = output or Path(f"so-lieu-{the_plan.meta.year}-{period_slug(status.period)}.json")
    if out.is_dir():
        out = out / f"so-lieu-{the_plan.meta.year}-{period_slug(status.period)}.json"
    check_outputs([out], {plan_path: INPUTS, ledger.path: INPUTS}, force)
    data = build_export(status)
    atomic_write(out, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    s = status.counts
    print(f"Đã xuất số liệu {status.period.title} của {the_plan.meta.issuer_short} "
          f"({s.get('dat', 0)}/{len(status.results)} chỉ tiêu đạt, số liệu đến ngày {status.cutoff:%d/%m/%Y}): "
          f"{relpath(out)}")
