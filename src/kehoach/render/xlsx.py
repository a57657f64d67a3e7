"""Excel workbooks through openpyxl (loaded only here): a sheet laid out like a statistics form.

Every sheet: Times New Roman; a title block (the issuing body on the left, the national motto on the right, the
title, the period and the cut-off); one header row, frozen and repeated on every printed page; sensible column
widths; A4 landscape, fitted to the page width.

Numbers are numeric cells. Their formats (docs/export-format.md, «Excel»):
- whole numbers use a format with literal dots, `[>=1000000]#\\.###\\.##0;[>=1000]#\\.##0;0`, so that 1234 shows
  as «1.234» in Excel set to any language — `#,##0` would show «1,234» on an English Windows;
- percentages are fractions with `0.0%`, decimals `#,##0.0`: Excel has no locale-proof decimal comma, so these show
  «71,4%» on a Windows set to Vietnamese and «71.4%» on one set to English; the value is the same;
- dates are real dates shown `dd/mm/yyyy`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from kehoach.base.text import percent_decimals

FONT = "Times New Roman"
INT_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"
DEC_FORMAT = "#,##0.0"
PCT_FORMAT = "0.0%"
DATE_FORMAT = "dd/mm/yyyy"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class Column:
    title: str
    width: float  # in characters
    kind: str = "text"  # text, number (whole or decimal), percent (0–100, written as a fraction), date


@dataclass
class Heading:
    """The title block of a sheet."""

    parent_body: str
    issuer: str
    title: str
    period: str = ""  # «Kỳ báo cáo: …»
    cutoff: str = ""  # «Số liệu tính đến ngày …»


def workbook():
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def to_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _value(kind: str, v: Any) -> tuple[Any, str | None]:
    """The cell value and its number format."""
    if v is None or v == "":
        return None, None
    if kind == "percent":
        # as the letter writes it: one decimal, more when Excel would round onto a whole percent it is not
        decimals = percent_decimals(float(v))
        return float(v) / 100.0, PCT_FORMAT if decimals == 1 else f"0.{'0' * decimals}%"
    if kind == "number":
        if isinstance(v, bool):
            return v, None
        if float(v).is_integer():
            return int(v), INT_FORMAT
        return float(v), DEC_FORMAT
    if kind == "date":
        return (v if isinstance(v, date) else date.fromisoformat(str(v))), DATE_FORMAT
    return str(v), None


def add_sheet(wb, name: str, heading: Heading, columns: list[Column], rows: list[list]) -> Any:
    """A sheet: the title block, the header row (frozen, repeated when printed), then one row per item."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.create_sheet(name[:31])
    n = len(columns)
    last = get_column_letter(n)
    left_w = max(1, min(3, n // 2))
    right_from = get_column_letter(min(n, left_w + 1))

    def block(row: int, first: str, end: str, text: str, bold=False, italic=False, size=12) -> None:
        ws[f"{first}{row}"] = text
        cell = ws[f"{first}{row}"]
        cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if first != end:
            ws.merge_cells(f"{first}{row}:{end}{row}")

    left_end = get_column_letter(left_w)
    block(1, "A", left_end, heading.parent_body)
    block(2, "A", left_end, heading.issuer, bold=True)
    if n > left_w:
        block(1, right_from, last, MOTTO[0], bold=True)
        block(2, right_from, last, MOTTO[1], bold=True)
    block(4, "A", last, heading.title, bold=True, size=14)
    block(5, "A", last, heading.period, italic=True)
    block(6, "A", last, heading.cutoff, italic=True)
    ws.row_dimensions[4].height = 36
    head = 8
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="D9D9D9")
    for j, col in enumerate(columns, 1):
        c = ws.cell(row=head, column=j, value=col.title)
        c.font = Font(name=FONT, size=12, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = border
        c.fill = fill
        ws.column_dimensions[get_column_letter(j)].width = col.width
    body = Font(name=FONT, size=12)
    wrap = Alignment(vertical="top", wrap_text=True)
    right = Alignment(vertical="top", horizontal="right")
    for i, row in enumerate(rows, head + 1):
        for j, (col, v) in enumerate(zip(columns, row), 1):
            value, fmt = _value(col.kind, v)
            c = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"  # typed text is never a formula (openpyxl would write «=…» as one)
            c.font = body
            c.border = border
            c.alignment = wrap if col.kind == "text" else right
            if fmt:
                c.number_format = fmt
    ws.freeze_panes = f"A{head + 1}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    return ws
