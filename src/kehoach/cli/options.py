"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

PlanOption = typer.Option(
    None, "--plan", "-p",
    help="Tệp kế hoạch. Mặc định: biến KEHOACH_PLAN, nếu không thì tệp mới nhất (theo tên) trong «plans/».",
    show_default=False,
)
JsonOption = typer.Option(False, "--json", help="In kết quả dạng JSON (cho chương trình khác đọc).")

PlanPath = Optional[Path]
