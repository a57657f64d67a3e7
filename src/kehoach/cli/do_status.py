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

    the_plan, plan_path, ledger = load_all(plan, warn=True)
    data = build_status(the_plan, ledger, period, as_of, area, unit)
    if as_json:
        print_json(data.to_json())
        return
    _render(data)


def run_todo(unit, period, as_of, as_json: bool, plan) -> None:
    """Những việc còn phải làm, theo từng đơn vị."""
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


def _bar(pct: float | None, width: int = 8) -> str:
    if pct is None:
        return "·" * width
    filled = int(round(min(pct, 100.0) / 100.0 * width))
    return "█" * filled + "░" * (width - filled)


def _short_figure(fig: dict) -> str:
    """«3/7 thôn» without the percentage, for the narrow «trong kỳ» line."""
    return fig["result_text"].split(" · ")[0]


def _render(data) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from kehoach.engine.attainment import gap_list

    console = Console(highlight=False, emoji=False)
    p = data.period
    console.print(f"[bold]{escape(data.plan_title)}[/]")
    y = data.plan_year
    start = max(p.start, y.start)
    note = " (ngày kế hoạch có hiệu lực)" if start > p.start else ""
    console.print(f"Kỳ: {p.title} ({start:%d/%m/%Y}{note} – {p.end:%d/%m/%Y}, tính cả hai đầu); "
                  f"số liệu đến ngày {data.cutoff:%d/%m/%Y}" + (" (ngày cuối kỳ)." if data.as_of > p.end else "."))
    console.print(f"Kết quả tính lũy kế từ ngày {y.start:%d/%m/%Y} (đầu năm kế hoạch) so với chỉ tiêu cả năm "
                  f"(đến {y.end:%d/%m/%Y}); «trong kỳ»: phần thực hiện trong kỳ báo cáo.")
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
            cell = escape(r.short)
            if r.gaps and (r.status != "dat" or r.gap_label):
                missing = [g for g in r.gaps if not (g.facts and g.facts.get("missed"))]
                kept = [g for g in r.gaps if g.facts and g.facts.get("missed")]
                if missing:
                    cell += f"\n[dim]↳ {escape(r.gap_label or 'Còn thiếu')}: {escape(gap_list(missing, 8))}[/]"
                if kept:
                    cell += f"\n[dim]↳ Không duy trì đủ: {escape(gap_list(kept, 8))}[/]"
            if r.due_soon:
                window = r.due_soon[0].facts.get("window", "")
                names = "" if r.measure == "frequency" else ": " + gap_list([type(g)(g.id, g.name) for g in r.due_soon], 8)
                cell += f"\n[dim]↳ {escape(window[:1].upper() + window[1:])} đang diễn ra, chưa có hoạt động{escape(names)}[/]"
            if r.pending:
                cell += f"\n[dim]↳ Đang xử lý: {escape(gap_list(r.pending, 8))}[/]"
            if r.evidence:
                cell += f"\n[dim]↳ Minh chứng: {escape(r.evidence)}[/]"
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
            parts = [", ".join(d["id"] for d in u.duties_idle)] if u.duties_idle else []
            if u.duties_untracked:
                parts.append("không theo dõi được (chưa gắn loại hoạt động): " + ", ".join(u.duties_untracked))
            idle = "; ".join(parts) or "—"
            ut.add_row(escape(u.name), str(u.activities), escape(idle))
        console.print(ut)
    console.print(escape(data.closing_line()))
