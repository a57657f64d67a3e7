"""`kehoach check`: validate the plan (and its journal) and report every problem at once."""

from __future__ import annotations

import sys

import typer

from .base import app
from .output import print_json
from .options import JsonOption, PlanOption, PlanPath


@app.command("check")
def check(
    plan: PlanPath = PlanOption,
    as_json: bool = JsonOption,
    repair: bool = typer.Option(False, "--repair", help="Chuyển dòng cuối bị ghi dở của nhật ký sang tệp riêng "
                                                          "(không xoá gì), rồi kiểm tra lại."),
) -> None:
    """Kiểm tra tệp kế hoạch và nhật ký: báo mọi lỗi cùng lúc, mỗi lỗi dạng TỆP:DÒNG:CỘT."""
    from ..errors import KehoachError
    from ..fsutil import find_plan
    from ..loader import load_plan_with_diagnostics
    from ..summary import plan_summary
    from .output import print_diagnostics

    path = find_plan(plan)
    try:
        loaded, diagnostics = load_plan_with_diagnostics(path)
    except KehoachError as err:
        loaded, diagnostics = None, err.diagnostics
    ledger = None
    if loaded is not None and not any(d.severity == "error" for d in diagnostics):
        from ..ledger import load_ledger

        ledger = load_ledger(loaded, path)
        if repair and any(d.code == "journal-torn" for d in ledger.diagnostics):
            from ..journal import repair_torn_tail
            from ..sources import relpath

            side = repair_torn_tail(ledger.path)
            if side is not None:
                print(f"Đã chuyển dòng ghi dở của nhật ký sang {relpath(side)}.", file=sys.stderr)
            ledger = load_ledger(loaded, path)
        from ..privacy import journal_privacy_warnings

        diagnostics = diagnostics + ledger.diagnostics + journal_privacy_warnings(loaded, ledger)
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = len(diagnostics) - len(errors)
    ok = loaded is not None and not errors
    if as_json:
        out = {"ok": ok, "plan": str(path), "diagnostics": [d.to_dict() for d in diagnostics],
               "summary": plan_summary(loaded) if ok else None,
               "journal": _journal_summary(ledger)}
        print_json(out)
        if not ok:
            raise typer.Exit(1)
        return
    if not ok:
        raise KehoachError(diagnostics)
    print_diagnostics(diagnostics)
    s = plan_summary(loaded)
    print(f"Kế hoạch hợp lệ: {path}")
    print(f"  {s['areas']} lĩnh vực, {s['indicators']} chỉ tiêu, {s['tasks']} nhiệm vụ, "
          f"{s['units']} đơn vị, {s['registries']} danh mục ({s['members']} phần tử), "
          f"{s['activity_kinds']} loại hoạt động.")
    j = _journal_summary(ledger)
    if j["exists"]:
        print(f"Nhật ký hợp lệ: {j['path']} — {j['records']} bản ghi, {j['activities']} hoạt động "
              f"({j['voided']} đã huỷ).")
    else:
        print(f"Chưa có nhật ký ({j['path']}); lệnh «kehoach log» sẽ tạo.")
    if warnings:
        print(f"  {warnings} cảnh báo (xem ở trên).")


def _journal_summary(ledger) -> dict | None:
    if ledger is None:
        return None
    from ..sources import relpath

    return {"path": relpath(ledger.path), "exists": ledger.path.exists(), "records": ledger.records,
            "activities": len(ledger.current()), "voided": sum(1 for a in ledger.activities.values() if a.voided)}
