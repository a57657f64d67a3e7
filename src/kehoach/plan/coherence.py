"""Warnings when the parts of a plan that name its year disagree (a plan copied from last year and half edited).

- the year in the file name (`plans/2024.yaml`) against `meta.year`;
- `meta.date` issued after the plan's year, or more than a year before it;
- a title or summary naming another year («… năm 2023» in a 2024 plan);
- basis documents and the opening sentence citing a year plan of another year («Kế hoạch … năm 2023»);
- placeholders «[Cần bổ sung: …]» left by `kehoach init`.
Warnings only: a plan may have reasons (a plan for 2024 issued in December 2023 is normal).
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.base.errors import Diagnostic

from .model import Plan, parse_partial_date
from .sources import Document

PLACEHOLDER = "[Cần bổ sung: {}]"  # what `kehoach init` leaves for the officer to fill in
PLACEHOLDER_MARK = "[Cần bổ sung"

_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_YEAR_WORD = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)


def _warn(doc: Document, loc: tuple, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return doc.diag(loc, code, message, hint, severity="warning")


def coherence_warnings(plan: Plan, doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    year = plan.meta.year
    m = _YEAR_IN_NAME.search(Path(doc.file).stem)
    if m and int(m.group(1)) != year:
        out.append(_warn(doc, ("meta", "year"), "year-mismatch",
                         f"tệp «{Path(doc.file).name}» mang năm {m.group(1)} nhưng «meta.year» là {year}.",
                         f"Sửa «year: {m.group(1)}» nếu đây là kế hoạch năm {m.group(1)}; "
                         "tạo kế hoạch năm mới bằng «kehoach init NĂM»."))
    try:
        issued, month, _ = parse_partial_date(plan.meta.date)
    except ValueError:
        issued, month = year, None
    if not year - 1 <= issued <= year or (issued == year - 1 and month is not None and month < 10):
        out.append(_warn(doc, ("meta", "date"), "year-mismatch",
                         f"ngày ban hành {plan.meta.date} không thuộc năm {year} (hay quý IV năm trước).",
                         "Sửa «meta.date» theo ngày ký kế hoạch."))
    for key in ("title", "short_title", "preamble"):
        text = getattr(plan.meta, key)
        others = sorted({y for y in _YEAR_WORD.findall(text) if int(y) != year})
        if others:
            out.append(_warn(doc, ("meta", key), "year-mismatch",
                             f"«meta.{key}» nói năm {', '.join(others)} nhưng kế hoạch là năm {year}.",
                             "Sửa năm trong câu chữ, hoặc sửa «meta.year»."))
    for i, basis in enumerate(plan.meta.basis):
        others = sorted({y for y in _YEAR_WORD.findall(basis.text) if int(y) < year})
        if others:
            out.append(_warn(doc, ("meta", "basis", i), "old-basis",
                             f"văn bản căn cứ «{basis.number or basis.text[:40]}» là của năm {', '.join(others)}, "
                             f"kế hoạch là năm {year}.",
                             "Kế hoạch năm mới thường thực hiện văn bản của cấp trên cùng năm; kiểm tra «meta.basis»."))
    out.extend(_placeholders(plan, doc))
    return out


def _placeholders(plan: Plan, doc: Document) -> list[Diagnostic]:
    out = []
    meta = plan.meta
    spots = [(("meta", "number"), meta.number), (("meta", "preamble"), meta.preamble),
             (("meta", "signer", "name"), meta.signer.name), (("meta", "parent_body"), meta.parent_body),
             (("reporting", "recipient"), plan.reporting.recipient)]
    spots += [(("meta", "basis", i, "text"), b.text) for i, b in enumerate(meta.basis)]
    for loc, value in spots:
        if PLACEHOLDER_MARK in value:
            out.append(_warn(doc, loc, "placeholder", f"«{'.'.join(map(str, loc))}» chưa điền: {value}",
                             "Thay chỗ «[Cần bổ sung: …]» bằng nội dung thật trước khi lập báo cáo."))
    return out
