"""Printing helpers for the CLI."""

from __future__ import annotations

from ..errors import Diagnostic


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    if not diagnostics:
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for d in diagnostics:
        style = "red" if d.severity == "error" else "yellow"
        console.print(f"[{style}]{escape(d.format())}[/]")

