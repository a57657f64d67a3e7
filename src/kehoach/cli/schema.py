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
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có (không bao giờ ghi đè kế hoạch, nhật ký)."),
) -> None:
    """In (hoặc ghi ra tệp) JSON Schema của tệp kế hoạch, để trình soạn thảo gợi ý và kiểm tra."""
    from kehoach.base.errors import Diagnostic, KehoachError
    from kehoach.base.files import atomic_write, output_problems, relpath
    from kehoach.plan.schema import plan_schema_text

    text = plan_schema_text()
    if output is None:
        print(text, end="")
        return
    problems = output_problems([output], _inputs(), force)
    if not problems and output.suffix.lower() in (".yaml", ".yml", ".jsonl"):
        problems = [Diagnostic(code="output-protected", file=relpath(output),
                               message="JSON Schema không ghi vào tệp .yaml hay .jsonl (tệp kế hoạch, nhật ký).",
                               hint="Đặt tên tệp đuôi .json, ví dụ schema/plan.schema.json.")]
    if problems:
        raise KehoachError(problems)
    atomic_write(output, text, "JSON Schema")
    print(f"Đã ghi JSON Schema vào {output}")


def _inputs() -> dict:
    """The plan this folder uses and its journal: never overwritten by `schema -o`."""
    from kehoach.base.errors import KehoachError
    from kehoach.base.files import find_plan

    inputs = "tệp kế hoạch hoặc nhật ký"
    try:
        plan = find_plan(None)
    except KehoachError:
        return {}
    return {plan: inputs, plan.with_name(plan.stem + ".journal.jsonl"): inputs}
