"""`kehoach todo` as printable text (Markdown that reads as plain text) and as JSON data."""

from __future__ import annotations

from kehoach.engine.status import Status
from kehoach.engine.todo import UnitTodo


def next_report_line(status: Status) -> str:
    if not status.next_report:
        return f"Các kỳ báo cáo của kế hoạch năm {status.plan.meta.year} đã qua."
    p, due = status.next_report
    return (f"Báo cáo kỳ tới: {p.title} (chốt số liệu {p.end:%d/%m/%Y}), hạn gửi {due:%d/%m/%Y} "
            f"tới {status.plan.reporting.recipient}.")


def todo_text(status: Status, units: list[UnitTodo]) -> str:
    m = status.plan.meta
    lines = [f"# Việc còn phải làm — {m.short_title} năm {m.year} ({m.issuer_short})", "",
             f"Tính đến ngày {status.cutoff:%d/%m/%Y}"
             + (" (ngày cuối kỳ: ngày xem sau kỳ này)" if status.as_of > status.period.end else "")
             + f"; kỳ {status.period.title}; chỉ tiêu tính lũy kế từ ngày {status.plan_year.start:%d/%m/%Y}.",
             "", next_report_line(status)]
    if not units:
        lines += ["", "Không còn việc nào: mọi chỉ tiêu đã đạt và mọi nhiệm vụ đều có hoạt động trong kỳ."]
    for unit in units:
        lines += ["", f"## {unit.name}", ""]
        lines += [f"- {item.text}" for item in unit.items]
    return "\n".join(lines) + "\n"


def todo_json(status: Status, units: list[UnitTodo]) -> dict:
    nxt = None
    if status.next_report:
        nxt = {"period": status.next_report[0].to_dict(), "due": status.next_report[1].isoformat()}
    return {"as_of": status.cutoff.isoformat(), "period": status.period.to_dict(),
            "plan_year": status.plan_year.to_dict(), "next_report": nxt, "units": [u.to_dict() for u in units]}
