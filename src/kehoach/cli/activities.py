"""`kehoach activities` and `kehoach show`: read the journal in its corrected state."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath
from .output import print_json


@app.command("activities", epilog="""Ví dụ:

  kehoach activities --period h1

  kehoach activities --kind tiep_nhan

  kehoach activities --member "thon 6" --json

  kehoach activities --period nam --csv > hoat-dong.csv
""")
def activities(
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ: h1, h2, q1…q4, m1…m12, 2023-05, nam, 2023S1, "
                                                                "2023-03-01..2023-06-30, hoặc bằng chữ: «quý 3», "
                                                                "«6 tháng đầu năm». Mặc định: mọi ngày."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Chỉ loại hoạt động này (mã hoặc tên)."),
    unit: Optional[str] = typer.Option(None, "--unit", "-u", help="Chỉ đơn vị này (mã hoặc tên)."),
    member: Optional[str] = typer.Option(None, "--member", "-m", help="Chỉ các hoạt động có phần tử danh mục này (thôn, cơ sở…)."),
    as_json: bool = JsonOption,
    as_csv: bool = typer.Option(False, "--csv", help="In dạng CSV (UTF-8 có BOM, mở được bằng Excel)."),
    sep: str = typer.Option(",", "--sep", help="Dấu phân cách cột của CSV: «,» hoặc «;» (Excel đặt tiếng Việt "
                                               "cần «;»). Có --sep thì không cần --csv."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Ghi ra tệp Excel .xlsx này."),
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp .xlsx đã có."),
    plan: PlanPath = PlanOption,
) -> None:
    """Liệt kê các hoạt động đã ghi (đã áp dụng các lần sửa, huỷ), cũ trước mới sau."""
    from kehoach.base.errors import UsageError
    from kehoach.engine.listing import activity_rows, filter_activities

    from .context import load_all

    if sep not in (",", ";"):
        raise UsageError(f"--sep «{sep}» không hợp lệ; chọn «,» hoặc «;».")
    as_csv = as_csv or sep != ","
    if as_json and as_csv:
        raise UsageError("chỉ chọn một trong --json và --csv.")
    if xlsx is not None and (as_json or as_csv):
        raise UsageError("chỉ chọn một trong --xlsx, --json và --csv.")
    the_plan, plan_path, ledger = load_all(plan)
    chosen, period_obj = filter_activities(the_plan, ledger.current(), period, kind, unit, member)
    rows = activity_rows(the_plan, chosen)
    if as_json:
        print_json({"period": period_obj.to_dict() if period_obj else None, "activities": rows})
        return
    if as_csv:
        from kehoach.engine.listing import csv_text

        sys.stdout.buffer.write(csv_text(the_plan, chosen, sep).encode("utf-8-sig"))
        return
    if xlsx is not None:
        from kehoach.base.files import atomic_write, relpath
        from kehoach.render.report import INPUTS, check_outputs
        from kehoach.render.xlsx_tables import activities_workbook

        out = xlsx if xlsx.suffix.lower() == ".xlsx" else xlsx.with_name(xlsx.name + ".xlsx")
        check_outputs([out], {plan_path: INPUTS, ledger.path: INPUTS}, force)
        title = f"Hoạt động {period_obj.title}" if period_obj else "Hoạt động đã ghi"
        atomic_write(out, activities_workbook(the_plan, chosen, title))
        print(f"Đã ghi {len(rows)} hoạt động: {relpath(out)}")
        return
    _table(the_plan, rows, period_obj)


def _table(plan, rows, period_obj) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    title = f"Hoạt động {period_obj.title}" if period_obj else "Hoạt động"
    table = Table(title=escape(f"{title} ({len(rows)})"), show_lines=False, expand=False)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Loại")
    table.add_column("Đơn vị")
    table.add_column("Nội dung")
    for r in rows:
        cells = (r["id"] + ("*" if r["amended"] else "") + ("↪" if r["carried"] else ""), r["date_vi"],
                 r["kind_title"], r["unit_name"], r["summary"] + (f" — {r['note']}" if r["note"] else ""))
        table.add_row(*(Text(str(c)) for c in cells))  # what officers typed is text, never markup
    console.print(table)
    if any(r["amended"] for r in rows):
        console.print("* đã được sửa; xem lịch sử bằng «kehoach show MÃ».")
    if any(r["carried"] for r in rows):
        console.print("↪ vụ việc chưa xử lý xong, chuyển từ nhật ký năm trước (không tính là hoạt động của năm nay).")


@app.command("show", epilog="""Ví dụ:

  kehoach show HD0042

  kehoach show 42 --json
""")
def show(
    ident: str = typer.Argument(..., metavar="MÃ", help="Mã hoạt động, ví dụ HD0042.", show_default=False),
    as_json: bool = JsonOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Xem một hoạt động: trạng thái hiện tại và toàn bộ lịch sử sửa, huỷ."""
    from kehoach.engine.listing import activity_detail, locate

    from .context import load_all

    the_plan, _, ledger = load_all(plan, use_cache=False)  # the history needs every record
    act, correction = locate(ledger.activities, ident)
    detail = activity_detail(the_plan, act, ledger.path)
    if as_json:
        print_json({**detail, "record": correction or detail["id"]})
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    if correction:
        console.print(escape(f"{correction} là bản ghi sửa/huỷ của hoạt động {act.id}:"))
    state = " [bold red](ĐÃ HUỶ)[/]" if act.voided else ""  # the only markup: user text is escaped
    console.print(f"[bold]{escape(detail['id'])}[/] · {escape(detail['kind_title'])}{state}")
    if detail["void"]:
        v = detail["void"]
        console.print(f"  [red]Đã huỷ[/] bằng bản ghi {escape(v['record'])}" + (f" ({escape(v['by'])})" if v["by"] else "")
                      + f". Lý do: {escape(v['reason'])}")
    if detail["carried_from"]:
        console.print(f"  Vụ việc chuyển từ năm trước ({escape(detail['carried_from'])}).")
    console.print(escape(f"  Ngày: {detail['date_vi']}   Đơn vị: {detail['unit_name']}"))
    for f in detail["fields"]:
        console.print(escape(f"  {f['label']}: {f['display']}"))
    if detail["note"]:
        console.print(escape(f"  Ghi chú: {detail['note']}"))
    table = Table(title="Lịch sử", show_lines=False)
    for col in ("Dòng", "Bản ghi", "Thao tác", "Lúc", "Người", "Nội dung"):
        table.add_column(col)
    for h in detail["history"]:
        table.add_row(*(Text(str(c)) for c in (h["line"], h["id"], h["op_vi"], h["at_vi"], h["by"], h["what"])))
    console.print(table)
