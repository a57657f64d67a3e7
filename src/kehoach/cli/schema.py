"""`kehoach schema`: the JSON Schema of the plan, generated from the models."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .base import app


@app.command("schema", epilog="""Ví dụ:

  kehoach schema

  kehoach schema -o schema/plan.schema.json
""")
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Ghi vào tệp này thay vì in ra."),
) -> None:
    """In (hoặc ghi ra tệp) JSON Schema của tệp kế hoạch, để trình soạn thảo gợi ý và kiểm tra."""
    from kehoach.base.files import atomic_write
    from kehoach.plan.schema import plan_schema_text

    text = plan_schema_text()
    if output is None:
        print(text, end="")
        return
    atomic_write(output, text)
    print(f"Đã ghi JSON Schema vào {output}")
