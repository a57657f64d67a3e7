"""`kehoach report`: the six-month or annual report, as Markdown and as DOCX in the official layout."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .base import app
from .options import PlanOption, PlanPath
from .status import AsOfOption, PeriodOption


@app.command("report", epilog="""Ví dụ:

  kehoach report --period h1

  kehoach report --period "cả năm" --format docx --number "25/BC-UBND" --date 18/12/2023

  kehoach report --period h1 --notes ghi-chu-h1.yaml -o bao-cao/6-thang --force
""")
def report(
    period: Optional[str] = PeriodOption,
    fmt: str = typer.Option("all", "--format", "-f", help="md, docx, xlsx (bảng Excel) hoặc all (md và docx)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Tên tệp (đuôi .md/.docx/.xlsx tự thêm) hoặc thư mục. "
                                               "Mặc định: bao-cao-<năm>-<kỳ> ở thư mục hiện tại."),
    as_of: Optional[str] = AsOfOption,
    notes: Optional[Path] = typer.Option(None, "--notes", help="Tệp YAML hoặc Markdown: ưu điểm, tồn tại, "
                                                               "nguyên nhân, phương hướng, đề xuất."),
    template: Optional[Path] = typer.Option(None, "--template", help="Mẫu riêng: .md (Jinja2) hoặc .docx (docxtpl)."),
    number: Optional[str] = typer.Option(None, "--number", help="Số báo cáo, ví dụ «25/BC-UBND». Mặc định «…/BC-UBND»."),
    date_: Optional[str] = typer.Option(None, "--date", help="Ngày ký báo cáo. Mặc định hôm nay "
                                                             "(với kỳ đã qua lâu: hạn gửi của kỳ)."),
    force: bool = typer.Option(False, "--force", help="Ghi đè báo cáo đã có (không bao giờ ghi đè kế hoạch, nhật ký)."),
    no_chart: bool = typer.Option(False, "--no-chart", help="Không vẽ biểu đồ."),
    plan: PlanPath = PlanOption,
) -> None:
    """Lập báo cáo kết quả thực hiện kế hoạch (6 tháng, năm, quý, tháng) dạng Markdown và Word."""
    from .do_report import run_report

    run_report(period, fmt, output, as_of, notes, template, number, date_, force, no_chart, plan)
