"""`kehoach check`: validate the plan (and its journal) and report every problem at once."""

from __future__ import annotations

import json

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath


@app.command("check")
def check(plan: PlanPath = PlanOption, as_json: bool = JsonOption) -> None:
    """Kiểm tra tệp kế hoạch: báo mọi lỗi cùng lúc, mỗi lỗi dạng TỆP:DÒNG:CỘT."""
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
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = len(diagnostics) - len(errors)
    ok = loaded is not None and not errors
    if as_json:
        out = {"ok": ok, "plan": str(path), "diagnostics": [d.to_dict() for d in diagnostics],
               "summary": plan_summary(loaded) if ok else None}
        print(json.dumps(out, ensure_ascii=False, indent=2))
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
    if warnings:
        print(f"  {warnings} cảnh báo (xem ở trên).")
