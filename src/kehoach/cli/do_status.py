"""The bodies of `kehoach status` and `kehoach todo`, without typer: the command line's fast path (cli/fast.py)
runs them directly; typer's commands (cli/status.py, cli/todo.py) call them too."""

from __future__ import annotations

from .output import print_json

STYLE = {"dat": "green", "dung_tien_do": "cyan", "cham_tien_do": "yellow", "chua_dat": "red",
         "chua_co_du_lieu": "dim"}


def run_status(period, as_of, area, unit, as_json: bool, plan) -> None:
    """Tình hình thực hiện từng chỉ tiêu trong kỳ và những gì còn thiếu."""
    from kehoach.engine.status import build_status

    from .context import load_all

    the_plan, plan_path, ledger = load_all(plan, warn=True, tally_only=True)
    data = build_status(the_plan, ledger, period, as_of, area, unit)
    if as_json:
        print_json(data.to_json())
        return
    show(data)


def show(data) -> None:
    """A table on a terminal (or with FORCE_COLOR); plain lines in a file or a pipe."""
    import os
    import sys

    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal or os.environ.get("FORCE_COLOR"):
        _render(data)
    else:
        columns = os.environ.get("COLUMNS", "")
        _render_plain(data, int(columns) if columns.isdigit() else 80)  # not a terminal: its width is COLUMNS


def run_todo(unit, period, as_of, as_json: bool, plan) -> None:
    """Những việc còn phải làm, theo từng đơn vị."""
    from kehoach.engine.status import build_status
    from kehoach.engine.todo import todo as build_todo
    from kehoach.render.todo import todo_json, todo_text

    from .context import load_all

    the_plan, _, ledger = load_all(plan, warn=True, tally_only=True)
    status = build_status(the_plan, ledger, period, as_of, None, unit)
    units = build_todo(status)
    if unit:
        units = [u for u in units if u.id == status.units[0].id] if status.units else units
    if as_json:
        print_json(todo_json(status, units))
        return
    print(todo_text(status, units), end="")


def _bar(pct: float | None, width: int = 8) -> str:
    if pct is None:
        return "·" * width
    filled = int(round(min(pct, 100.0) / 100.0 * width))
    return "█" * filled + "░" * (width - filled)


def _short_figure(fig: dict) -> str:
    """«3/7 thôn» without the percentage, for the narrow «trong kỳ» line."""
    return fig["result_text"].split(" · ")[0]


def _heading(data) -> list[str]:
    p, y = data.period, data.plan_year
    start = max(p.start, y.start)
    note = " (ngày kế hoạch có hiệu lực)" if start > p.start else ""
    span = f"{start:%d/%m/%Y}{note} – {p.end:%d/%m/%Y}, tính cả hai đầu"
    if start > p.end:  # the whole period is before the plan takes effect: its own dates, nothing judged
        span = f"{p.start:%d/%m/%Y} – {p.end:%d/%m/%Y}, tính cả hai đầu), trước ngày kế hoạch có hiệu lực " \
               f"({y.start:%d/%m/%Y}"
    return [data.plan_title,
            f"Kỳ: {p.title} ({span}); "
            f"số liệu đến ngày {data.cutoff:%d/%m/%Y}" + (" (ngày cuối kỳ)." if data.as_of > p.end else "."),
            f"Kết quả tính lũy kế từ ngày {y.start:%d/%m/%Y} (đầu năm kế hoạch) so với chỉ tiêu cả năm "
            f"(đến {y.end:%d/%m/%Y}); «trong kỳ»: phần thực hiện trong kỳ báo cáo."]


def _notes(r) -> list[str]:
    """The lines under an indicator: what is missing, what is running out, what is pending, the evidence."""
    from kehoach.engine.attainment import gap_list

    out = []
    if r.gaps and (r.status != "dat" or r.gap_label):
        missing = [g for g in r.gaps if not (g.facts and g.facts.get("missed"))]
        kept = [g for g in r.gaps if g.facts and g.facts.get("missed")]
        if missing:
            out.append(f"↳ {r.gap_label or 'Còn thiếu'}: {gap_list(missing, 8)}")
        if kept:
            out.append(f"↳ Không duy trì đủ: {gap_list(kept, 8)}")
    if r.due_soon:
        window = r.due_soon[0].facts.get("window", "")
        names = "" if r.measure == "frequency" else ": " + gap_list([type(g)(g.id, g.name) for g in r.due_soon], 8)
        out.append(f"↳ {window[:1].upper() + window[1:]} đang diễn ra, chưa có hoạt động{names}")
    if r.pending:
        out.append(f"↳ Đang xử lý: {gap_list(r.pending, 8)}")
    if r.evidence:
        out.append(f"↳ Minh chứng: {r.evidence}")
    return out


def _idle(u, named: bool = False) -> str:
    """A unit's duties with no activity in the period (`named`: said so, where no column header says it)."""
    parts = [("nhiệm vụ chưa có hoạt động: " if named else "") + ", ".join(d["id"] for d in u.duties_idle)] \
        if u.duties_idle else []
    if u.duties_untracked:
        parts.append("không theo dõi được (chưa gắn loại hoạt động): " + ", ".join(u.duties_untracked))
    return "; ".join(parts)


def _render_plain(data, width: int) -> None:
    """Status for a file or a pipe (`kehoach status > tinh-hinh.txt`, `| more`, `| findstr`): one indicator per
    line with its status, its figures and notes beneath, wrapped at the width; no table, no colour, no rich."""
    import re
    import sys
    from textwrap import TextWrapper

    width = max(width, 40)
    lines: list[str] = []

    def put(text: str, indent: int = 0, hang: int = 0) -> None:
        # a number stays with the word before it («Thôn 6», «chưa có dữ liệu 3», «ngày 20/05/2023»): a line never
        # starts with «3.», which would read as an area's number
        glued = re.sub(r" (?=\d)", "\xa0", text)
        wrapped = TextWrapper(width, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                              break_long_words=False, break_on_hyphens=False).wrap(glued) or [""]
        lines.extend(line.replace("\xa0", " ") for line in wrapped)

    for text in _heading(data):
        put(text)
    for area_id, area_title, results in data.groups:
        lines.append("")
        put(f"{area_id}. {area_title}", hang=len(area_id) + 2)
        for r in results:
            put(f"{r.id}  {r.short} — {r.status_vi}", indent=2, hang=len(r.id) + 2)
            figures = [f"ngưỡng: {r.target_text}"] if r.target_text else []
            figures.append(f"lũy kế: {r.result_text}")
            if r.in_period.get("result_text"):
                figures.append(f"trong kỳ: {_short_figure(r.in_period)}")
            put("; ".join(figures), indent=len(r.id) + 4)
            for note in _notes(r):
                put(note, indent=len(r.id) + 4, hang=2)
    if data.units:
        lines.append("")
        put("Theo đơn vị (hoạt động trong kỳ):")
        for u in data.units:
            idle = _idle(u, named=True)
            put(f"{u.name}: {u.activities} hoạt động" + (f"; {idle}" if idle else ""), indent=2, hang=2)
    lines.append("")
    put(data.closing_line())
    sys.stdout.write("\n".join(lines) + "\n")


def _render(data) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    title, *heading = _heading(data)
    console.print(f"[bold]{escape(title)}[/]")
    for text in heading:
        console.print(escape(text))
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True, pad_edge=False, padding=(0, 1))
    table.add_column("Mã", no_wrap=True)
    table.add_column("Chỉ tiêu", ratio=1, min_width=20)
    table.add_column("Ngưỡng", no_wrap=True)
    table.add_column("Lũy kế · trong kỳ", max_width=21)
    table.add_column("Trạng thái", min_width=9, max_width=12)
    for n, (area_id, area_title, results) in enumerate(data.groups):
        if n:
            table.add_section()
        table.add_row(Text(f"{area_id}.", style="bold"),
                      Text(area_title, style="bold", no_wrap=True, overflow="ellipsis"), "", "", "")
        for r in results:
            cell = escape(r.short) + "".join(f"\n[dim]{escape(note)}[/]" for note in _notes(r))
            pct = r.value if r.measure == "assessment" else r.percent_capped
            result = escape(r.result_text) + ("\n" + _bar(pct) if r.measure != "count" else "")
            if r.in_period.get("result_text"):
                result += "\n[dim]trong kỳ: " + escape(_short_figure(r.in_period)) + "[/]"
            table.add_row(escape(r.id), cell, escape(r.target_text), result,
                          f"[{STYLE[r.status]}]{escape(r.status_vi)}[/]")
    console.print(table)
    if data.units:
        ut = Table(title="Theo đơn vị", box=box.SIMPLE_HEAD, expand=True, pad_edge=False, padding=(0, 1))
        ut.add_column("Đơn vị", ratio=2)
        ut.add_column("Hoạt động", justify="right", no_wrap=True)
        ut.add_column("Nhiệm vụ chưa có hoạt động trong kỳ", ratio=2)
        for u in data.units:
            ut.add_row(escape(u.name), str(u.activities), escape(_idle(u) or "—"))
        console.print(ut)
    console.print(escape(data.closing_line()))
