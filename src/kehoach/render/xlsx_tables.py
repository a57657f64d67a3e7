"""The tables kehoach writes to Excel: the report (indicators, activities, units), the activities, the roll-up."""

from __future__ import annotations

from kehoach.engine.status import Status
from kehoach.plan.shapes import IntegerField, Plan

from .xlsx import Column, Heading, add_sheet, to_bytes, workbook

INDICATOR_COLUMNS = [
    Column("Mã", 8), Column("Chỉ tiêu", 42), Column("Chỉ tiêu giao", 13),
    Column("Lũy kế: thực hiện", 12, "number"), Column("Lũy kế: trên tổng số", 12, "number"),
    Column("Lũy kế: tỷ lệ", 10, "percent"),
    Column("Trong kỳ: thực hiện", 12, "number"), Column("Trong kỳ: trên tổng số", 12, "number"),
    Column("Trong kỳ: tỷ lệ", 10, "percent"), Column("Kết quả", 24), Column("Đánh giá", 15),
]


def _status_heading(status: Status, title: str) -> Heading:
    m = status.plan.meta
    p, y = status.period, status.plan_year
    start = max(p.start, y.start)  # as the letter says it: nothing before the plan takes effect is counted
    effective = " (ngày kế hoạch có hiệu lực)" if start > p.start else ""
    return Heading(m.parent_body.upper(), m.issuer.upper(), title,
                   f"Kỳ báo cáo: {p.title} (từ ngày {start:%d/%m/%Y}{effective} đến hết ngày {p.end:%d/%m/%Y}); "
                   f"lũy kế từ ngày {y.start:%d/%m/%Y} (đầu năm kế hoạch).",
                   f"Số liệu tính đến ngày {status.cutoff:%d/%m/%Y}.")


def indicator_rows(status: Status) -> list[list]:
    rows = []
    for r in status.results:
        ip = r.in_period or {}
        rows.append([r.id, r.short, r.target_text, r.numerator, r.denominator, r.percent,
                     ip.get("numerator"), ip.get("denominator"), ip.get("percent"), r.result_text, r.status_vi])
    return rows


def _field_value(spec, value):
    return value if isinstance(spec, IntegerField) and isinstance(value, (int, float)) else None


def activity_table(plan: Plan, acts) -> tuple[list[Column], list[list]]:
    """One row an activity, one column per field any listed activity has; numbers stay numbers."""
    from kehoach.engine.listing import _unit_name as unit_name
    from kehoach.journal.recording import summary
    from kehoach.journal.values import display

    from kehoach.engine.listing import field_columns

    field_cols = field_columns(plan, acts)
    columns = [Column("Mã", 9), Column("Ngày", 11, "date"), Column("Loại hoạt động", 22), Column("Đơn vị", 20),
               Column("Nội dung", 40)]
    numeric = set()
    for fid, label in field_cols:
        specs = [plan.activity_kinds[k].fields.get(fid) for k in plan.activity_kinds]
        is_num = all(isinstance(s, IntegerField) for s in specs if s is not None)
        if is_num:
            numeric.add(fid)
        columns.append(Column(label, 12 if is_num else 20, "number" if is_num else "text"))
    columns += [Column("Ghi chú", 24)]
    rows = []
    for a in acts:
        kind = plan.activity_kinds.get(a.kind)
        vals = []
        for fid, _ in field_cols:
            spec = kind.fields.get(fid) if kind else None
            v = a.fields.get(fid)
            if fid in numeric:
                vals.append(_field_value(spec, v))
            else:
                vals.append(display(spec, v, plan) if spec and v is not None else "")
        rows.append([a.id, a.date, kind.title if kind else a.kind, unit_name(plan, a.unit),
                     summary(plan, a.kind, a.fields), *vals, a.note])
    return columns, rows


def report_workbook(status: Status) -> bytes:
    """The report as a workbook: the indicators, the activities of the period, the units."""
    wb = workbook()
    meta = status.plan.meta
    add_sheet(wb, "Chỉ tiêu", _status_heading(status, f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {meta.short_title.upper()} "
                                                      f"{status.period.title.upper()}"),
              INDICATOR_COLUMNS, indicator_rows(status))
    start = max(status.period.start, status.plan_year.start)
    acts = sorted((a for a in status.activities if start <= a.date <= status.cutoff), key=lambda a: (a.date, a.line))
    columns, rows = activity_table(status.plan, acts)
    add_sheet(wb, "Hoạt động", _status_heading(status, f"CÁC HOẠT ĐỘNG TRONG KỲ ({len(rows)})"), columns, rows)
    units = [[u.name, u.activities, ", ".join(d["id"] for d in u.duties_idle) or "—"] for u in status.units]
    add_sheet(wb, "Đơn vị", _status_heading(status, "TIẾN ĐỘ THEO ĐƠN VỊ"),
              [Column("Đơn vị", 36), Column("Số hoạt động trong kỳ", 14, "number"),
               Column("Nhiệm vụ chưa có hoạt động trong kỳ", 50)], units)
    return to_bytes(wb)


def activities_workbook(plan: Plan, acts, title: str) -> bytes:
    wb = workbook()
    columns, rows = activity_table(plan, acts)
    m = plan.meta
    add_sheet(wb, "Hoạt động", Heading(m.parent_body.upper(), m.issuer.upper(), f"{title.upper()} ({len(rows)})",
                                       f"{m.short_title} năm {m.year}", ""), columns, rows)
    return to_bytes(wb)
