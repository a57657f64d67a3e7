"""`kehoach check`: validate the plan (and its journal) and report every problem at once."""

from __future__ import annotations

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath
from .output import print_diagnostics, print_json


@app.command("check", epilog="""Ví dụ:

  kehoach check

  kehoach check --plan plans/2024.yaml

  kehoach check --repair

  kehoach check --json
""")
def check(
    plan: PlanPath = PlanOption,
    as_json: bool = JsonOption,
    repair: bool = typer.Option(False, "--repair", help="Chuyển dòng cuối bị ghi dở của nhật ký sang tệp riêng "
                                                          "(không xoá gì), rồi kiểm tra lại."),
) -> None:
    """Kiểm tra tệp kế hoạch và nhật ký: báo mọi lỗi cùng lúc, mỗi lỗi dạng TỆP:DÒNG:CỘT."""
    from kehoach.base.errors import KehoachError
    from kehoach.base.files import find_plan, relpath
    from kehoach.journal.verify import check_all
    from kehoach.plan.summary import plan_summary

    result = check_all(find_plan(plan), repair)
    if result.repaired is not None:
        typer.echo(f"Đã chuyển dòng ghi dở của nhật ký sang {relpath(result.repaired)}.", err=True)
    summary = plan_summary(result.plan) if result.ok else None
    if as_json:
        print_json({"ok": result.ok, "plan": str(result.path), "summary": summary,
                    "diagnostics": [d.to_dict() for d in result.diagnostics], "journal": result.journal_summary()})
        if not result.ok:
            raise typer.Exit(1)
        return
    if not result.ok:
        raise KehoachError(result.diagnostics)
    print_diagnostics(result.diagnostics)
    s, j = summary, result.journal_summary()
    print(f"Kế hoạch hợp lệ: {result.path}")
    print(f"  {s['areas']} lĩnh vực, {s['indicators']} chỉ tiêu, {s['tasks']} nhiệm vụ, {s['units']} đơn vị, "
          f"{s['registries']} danh mục ({s['members']} phần tử), {s['activity_kinds']} loại hoạt động.")
    if j["exists"]:
        carried = f"; {j['carried']} vụ việc chuyển từ năm trước" if j.get("carried") else ""
        print(f"Nhật ký hợp lệ: {j['path']} — {j['records']} bản ghi, {j['activities']} hoạt động "
              f"({j['voided']} đã huỷ{carried}).")
    else:
        print(f"Chưa có nhật ký ({j['path']}); lệnh «kehoach log» sẽ tạo.")
    warnings = len(result.diagnostics) - len(result.errors)
    if warnings:
        print(f"  {warnings} cảnh báo (xem ở trên).")
