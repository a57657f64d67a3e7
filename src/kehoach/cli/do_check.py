"""The body of `kehoach check`, without typer: the command line's fast path (cli/fast.py) runs it directly;
typer's `check` (cli/check.py) calls it too."""

from __future__ import annotations

import sys

from .output import print_diagnostics, print_json


def run_check(plan, as_json: bool, repair: bool) -> int:
    """Kiểm tra tệp kế hoạch và nhật ký: báo mọi lỗi cùng lúc; the exit code."""
    from kehoach.base.errors import KehoachError
    from kehoach.base.files import find_plan, relpath
    from kehoach.journal.verify import check_all
    from kehoach.plan.summary import plan_summary

    result = check_all(find_plan(plan), repair)
    if result.repaired is not None:
        print(f"Đã chuyển dòng ghi dở của nhật ký sang {relpath(result.repaired)}.", file=sys.stderr)
    summary = plan_summary(result.plan) if result.ok else None
    if as_json:
        print_json({"ok": result.ok, "plan": str(result.path), "summary": summary,
                    "diagnostics": [d.to_dict() for d in result.diagnostics], "journal": result.journal_summary()})
        return 0 if result.ok else 1
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
    return 0
