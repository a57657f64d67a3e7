"""`kehoach kinds`: the activity kinds of the plan, their fields and an example line for each."""

from __future__ import annotations

from typing import Optional

import typer

from .base import app
from .options import JsonOption, PlanOption, PlanPath
from .output import print_json


@app.command("kinds", epilog="""Ví dụ:

  kehoach kinds

  kehoach kinds kiem_tra

  kehoach kinds --json
""")
def kinds(
    kind: Optional[str] = typer.Argument(None, metavar="[LOẠI]", show_default=False,
                                         help="Chỉ xem loại này (mã hoặc tên, ví dụ «kiem tra»)."),
    as_json: bool = JsonOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Liệt kê các loại hoạt động ghi được vào nhật ký: các trường (bắt buộc hay không, lựa chọn) và dòng lệnh mẫu."""
    from kehoach.journal.kinds import all_kinds, kind_info
    from kehoach.plan.lookup import find_kind

    from .context import load_plan

    the_plan, _ = load_plan(plan)
    infos = [kind_info(the_plan, find_kind(the_plan, kind))] if kind else all_kinds(the_plan)
    if as_json:
        print_json({"kinds": [k.to_dict() for k in infos]})
        return
    print_kinds(infos)


def print_kinds(infos, err: bool = False) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, stderr=err, soft_wrap=True, emoji=False)
    for n, k in enumerate(infos):
        if n:
            console.print()
        sensitive = " · [yellow]nhạy cảm: chỉ ghi số lượng, mã ẩn danh[/]" if k.sensitive else ""
        console.print(f"[bold]{escape(k.id)}[/] — {escape(k.title)} (đơn vị: {escape(k.unit_name)}){sensitive}")
        for f in k.fields:
            need = "[bold]bắt buộc[/]" if f.required else "không bắt buộc"
            console.print(f"  {escape(f.id)}: {escape(f.label)} — {escape(f.type_vi)}; {need}")
            if f.choices:
                shown = f.choices[:12]
                more = f" … (và {len(f.choices) - 12} mục khác)" if len(f.choices) > 12 else ""
                console.print("      " + escape(" | ".join(shown)) + more)
        console.print(f"  Ví dụ: {escape(k.example)}")
