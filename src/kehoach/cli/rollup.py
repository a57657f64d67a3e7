"""`kehoach rollup`: the province's roll-up of its communes' plans or exports."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .base import app
from .options import JsonOption
from .output import print_diagnostics, print_json
from .status import AsOfOption, PeriodOption

MARK = {"dat": "✓", "dung_tien_do": "→", "cham_tien_do": "↓", "chua_dat": "✗", "chua_co_du_lieu": "·",
        "other": "≠", "missing": "—"}
LEGEND = ("✓ đạt · → đúng tiến độ · ↓ chậm tiến độ · ✗ chưa đạt · «·» chưa có dữ liệu · "
          "≠ khác chỉ tiêu chung · — không có chỉ tiêu này")
WIDTH = 80
NAME_W = 22
CELL_W = 11


@app.command("rollup", epilog="""Ví dụ:

  kehoach rollup xa/* --period h1

  kehoach rollup xa/* bao-cao-cac-xa/ --period h1 --json

  kehoach rollup xa/* --period h1 -f docx -o tong-hop-h1.docx --issuer "UBND tỉnh Lạng Sơn"

  kehoach rollup xa/* --period h1 -f xlsx -o tong-hop-h1.xlsx""")
def rollup(
    paths: list[Path] = typer.Argument(..., metavar="ĐƯỜNG_DẪN...", show_default=False,
                                       help="Thư mục của xã (có plans/*.yaml), tệp kế hoạch, tệp xuất số liệu "
                                            "(.json) của xã, hoặc thư mục chứa các tệp xuất."),
    period: Optional[str] = PeriodOption,
    as_of: Optional[str] = AsOfOption,
    as_json: bool = JsonOption,
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Lập báo cáo tổng hợp: md, docx hoặc xlsx."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Tệp báo cáo tổng hợp (với --format)."),
    issuer: Optional[str] = typer.Option(None, "--issuer", help="Cơ quan tổng hợp, ví dụ «UBND TỈNH LẠNG SƠN»."),
    number: Optional[str] = typer.Option(None, "--number", help="Số báo cáo, ví dụ «25/BC-UBND»."),
    force: bool = typer.Option(False, "--force", help="Ghi đè báo cáo đã có."),
) -> None:
    """Tổng hợp kết quả các chỉ tiêu của nhiều xã: mỗi xã đạt hay chưa, số xã đạt, tổng số liệu."""
    from datetime import date

    from kehoach.base.errors import KehoachError, UsageError
    from kehoach.base.periods import PERIOD_HINT, PeriodError, parse_period
    from kehoach.engine.rollup import roll_up
    from kehoach.engine.status import resolve_as_of
    from kehoach.render.communes import Ask, gather

    if fmt is not None and fmt not in ("md", "docx", "xlsx"):
        raise UsageError(f"--format «{fmt}» không hợp lệ; chọn md, docx hoặc xlsx.")
    if output is not None and fmt is None:
        fmt = {".md": "md", ".docx": "docx", ".xlsx": "xlsx"}.get(output.suffix.lower())
        if fmt is None:
            raise UsageError("-o cần --format md, docx hoặc xlsx (hoặc tên tệp có đuôi .md, .docx, .xlsx).")
    if period:
        try:
            parse_period(period, date.today().year, "nd09")
        except PeriodError as exc:
            raise KehoachError.cli("bad-period", f"--period: {exc}", PERIOD_HINT) from None
    resolve_as_of(as_of)  # a bad --as-of is one error, not one per commune
    result = roll_up(gather(paths, Ask(period, as_of, date.today())))
    if fmt:
        from kehoach.base.files import relpath
        from kehoach.render.rollup_report import write_rollup_report

        out = write_rollup_report(result, fmt, output, issuer, number, force)
        print(f"Đã lập báo cáo tổng hợp {len(result.valid)}/{len(result.communes)} xã: {relpath(out)}")
    elif as_json:
        print_json(result.to_json())
        return
    else:
        _matrix(result)
    for c in result.communes:
        print_diagnostics(c.problems + c.warnings)


def cell_text(cell: dict) -> str:
    from kehoach.base.text import format_number, format_percent

    status = cell["status"]
    if status in ("other", "missing"):
        return MARK[status]
    if cell.get("denominator") is None and cell.get("numerator") is not None:
        text = format_number(cell["numerator"])
    elif cell.get("percent") is not None:
        text = format_percent(cell["percent"])
    elif cell.get("denominator") == 0:
        text = "0/0"
    else:
        text = _cut(cell.get("result_text") or "", CELL_W - 3)  # room for the status mark
    return f"{text} {MARK[status]}".strip()


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _matrix(result) -> None:
    from kehoach.base.text import format_number, format_percent

    p = result.period
    valid = result.valid
    head = f"Tổng hợp {len(valid)}/{len(result.communes)} xã"
    if p:
        head += f" — {p['title']} ({p['start'][8:10]}/{p['start'][5:7]}/{p['start'][:4]} – " \
                f"{p['end'][8:10]}/{p['end'][5:7]}/{p['end'][:4]})"
    print(head)
    print("Kết quả lũy kế từ đầu năm kế hoạch, như «kehoach status» của từng xã.")
    per_block = max(1, (WIDTH - NAME_W) // CELL_W)
    inds = result.indicators
    for start in range(0, len(inds), per_block):
        block = inds[start:start + per_block]
        print()
        print(f"{'Xã':<{NAME_W}}" + "".join(f"{_cut(i.id, CELL_W - 1):>{CELL_W}}" for i in block))
        for c in valid:
            print(f"{_cut(c.name, NAME_W - 1):<{NAME_W}}"
                  + "".join(f"{_cut(cell_text(result.cell(i, c)), CELL_W - 1):>{CELL_W}}" for i in block))
        print(f"{'Số xã đạt':<{NAME_W}}" + "".join(f"{f'{i.met}/{i.counted}':>{CELL_W}}" for i in block))
    print()
    print(LEGEND)
    print()
    print("Từng chỉ tiêu:")
    for i in inds:
        share = "" if i.share is None else f" ({format_percent(i.share)})"
        line = f"- {i.id} {i.short} [{i.target_text}]: {i.met}/{i.counted} xã đạt{share}"
        t = i.totals
        if t.get("numerator") is not None:
            line += "; tổng " + format_number(t["numerator"])
            if t.get("denominator") is not None:
                line += "/" + format_number(t["denominator"])
                if t.get("percent") is not None:
                    line += f" = {format_percent(t['percent'])}"
        if i.behind:
            line += f"; chậm hoặc chưa đạt: {len(i.behind)} xã"
        if i.other:
            line += f"; khác chỉ tiêu chung: {len(i.other)} xã"
        if i.missing:
            line += f"; không có chỉ tiêu: {len(i.missing)} xã"
        print(line)
    failed = result.failed
    if failed:
        print()
        print(f"Không tổng hợp được {len(failed)} xã (chi tiết bên dưới):")
        for c in failed:
            what = "chưa gửi số liệu" if c.state == "empty" else "số liệu không hợp lệ"
            where = c.problems[0].location() if c.problems else c.source
            print(f"- {c.name}: {what} ({where})")
