"""`kehoach report` as a library: status → context → Markdown and/or DOCX (and the chart), written atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kehoach.base.dates import DATE_FORMATS_HINT, DateInputError, parse_date
from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import atomic_write, output_problems, relpath
from kehoach.base.periods import Period
from kehoach.engine.status import Status, build_status
from kehoach.journal.ledger import Ledger
from kehoach.plan.shapes import Plan

FORMATS = ("md", "docx", "xlsx", "all")


_err = KehoachError.cli
INPUTS = "tệp kế hoạch hoặc nhật ký"


def period_slug(p: Period) -> str:
    if p.kind == "half":
        return f"h{p.index}"
    if p.kind == "quarter":
        return f"q{p.index}"
    if p.kind == "month":
        return f"m{p.index:02d}"
    if p.kind == "year":
        return "nam"
    return f"{p.start.isoformat()}_{p.end.isoformat()}"


def default_report_date(cutoff: date, due_days: int) -> date:
    """The first working day at or after the cut-off plus `due_days` (no Saturday, Sunday or public holiday)."""
    from kehoach.base.workdays import working_day_on_or_after

    return working_day_on_or_after(cutoff + timedelta(days=due_days))


@dataclass
class ReportRequest:
    period: str | None = None
    fmt: str = "all"
    output: Path | None = None
    as_of: str | None = None
    notes: Path | None = None
    template: Path | None = None
    number: str | None = None
    date: str | None = None
    force: bool = False
    chart: bool = True


@dataclass
class ReportResult:
    written: list[Path] = field(default_factory=list)
    placeholders: int = 0
    placeholder_keys: list[str] = field(default_factory=list)  # the notes' section filling each, in order
    status: Status | None = None


def _targets_in_percent(plan: Plan) -> dict[str, float | None]:
    from kehoach.engine.frame import threshold

    return {i.id: (threshold(i.target) if i.target is not None and i.target.count is None else None)
            for i in plan.indicators()}


def plan_outputs(req: ReportRequest, plan: Plan, period: Period) -> dict[str, Path]:
    """Where each format goes: -o PATH (its extension replaced per format), else bao-cao-<năm>-<kỳ> here."""
    if req.fmt not in FORMATS:
        from kehoach.base.errors import UsageError

        raise UsageError(f"--format «{req.fmt}» không hợp lệ; chọn md, docx, xlsx hoặc all.")
    fmts = ["md", "docx"] if req.fmt == "all" else [req.fmt]
    if req.template is not None and req.fmt == "all":
        fmts = ["docx"] if req.template.suffix.lower() == ".docx" else ["md"]
    if req.output is not None:
        base = req.output
        if base.is_dir():
            base = base / f"bao-cao-{plan.meta.year}-{period_slug(period)}"
        elif base.suffix.lower() in (".md", ".docx", ".markdown", ".xlsx"):
            base = base.with_suffix("")
    else:
        base = Path(f"bao-cao-{plan.meta.year}-{period_slug(period)}")
    return {f: base.with_name(base.name + "." + f) for f in fmts}


def check_outputs(targets: list[Path], protected: dict[Path, str], force: bool) -> None:
    """Refuse to write over an input, over an existing file without --force, or into no folder."""
    problems = output_problems(targets, protected, force)
    if problems:
        raise KehoachError(problems)


def write_report(plan: Plan, plan_path: Path, ledger: Ledger, req: ReportRequest,
                 today: date | None = None) -> ReportResult:
    today = today or date.today()
    status = build_status(plan, ledger, req.period, req.as_of, today=today)
    start = status.plan_year.start if status.plan_year is not None else None
    if start is not None and status.cutoff < start:  # «lũy kế từ 01/3 đến 20/02»: a report of nothing, dated backwards
        raise _err("report-before-plan", f"{'--as-of: ' if req.as_of else ''}số liệu đến ngày {status.cutoff:%d/%m/%Y}, "
                   f"trước ngày kế hoạch có hiệu lực ({start:%d/%m/%Y}): chưa có kết quả nào để báo cáo.",
                   f"Chọn ngày số liệu từ ngày {start:%d/%m/%Y} trở đi (--as-of), hoặc lập báo cáo theo kế hoạch "
                   "của năm trước (--plan).")
    outputs = plan_outputs(req, plan, status.period)
    chart_path = next(iter(outputs.values())).with_suffix(".png") if "md" in outputs and req.chart else None
    inputs = "tệp kế hoạch hoặc nhật ký"
    protected = {plan_path: inputs, ledger.path: inputs, req.notes: "tệp ghi chú đã chỉ ra (--notes)",
                 req.template: "mẫu báo cáo đã chỉ ra (--template)"}
    targets = list(outputs.values()) + ([chart_path] if chart_path else [])
    problems = output_problems(targets, protected, req.force)
    if problems:
        raise KehoachError(problems)
    try:
        report_date = parse_date(req.date, today) if req.date else \
            default_report_date(status.cutoff, plan.reporting.due_days)
    except DateInputError as exc:
        raise _err("bad-date", f"--date: {exc}", DATE_FORMATS_HINT) from None

    from .context import build_context, indicator_row, placeholder_keys
    from .notes import load_notes

    notes = load_notes(req.notes)
    result = ReportResult(status=status)
    with tempfile.TemporaryDirectory(prefix="kehoach-") as tmp:
        png = None
        if req.chart and status.results and ("md" in outputs or "docx" in outputs):
            from .chart import attainment_chart

            png = attainment_chart([indicator_row(r) for r in status.results], _targets_in_percent(plan),
                                   f"Mức đạt các chỉ tiêu {status.period.title}", Path(tmp) / "chart.png")
        ctx = build_context(status, notes, req.number, report_date,
                            chart=os.path.basename(chart_path) if (chart_path and png) else None,
                            has_chart=png is not None)
        result.placeholder_keys = placeholder_keys(ctx)
        result.placeholders = len(result.placeholder_keys)
        rendered: dict[Path, bytes] = {}
        if "md" in outputs:
            from .markdown import render_markdown

            user = req.template if req.template is not None and req.template.suffix.lower() != ".docx" else None
            rendered[outputs["md"]] = render_markdown(ctx, user).encode("utf-8")
        if "docx" in outputs:
            from .docx import render_docx

            user = req.template if req.template is not None and req.template.suffix.lower() == ".docx" else None
            rendered[outputs["docx"]] = render_docx(ctx, user, png)
        if "xlsx" in outputs:
            from .xlsx_tables import report_workbook

            rendered[outputs["xlsx"]] = report_workbook(status)
        if chart_path and png:
            rendered[chart_path] = png.read_bytes()
        for path, data in rendered.items():
            atomic_write(path, data)
            result.written.append(path)
    return result

