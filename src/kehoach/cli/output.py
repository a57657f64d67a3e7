"""Printing helpers for the CLI."""

from __future__ import annotations

import os
import sys

from kehoach.base.errors import Diagnostic


def _styled(stream) -> bool:
    """Would rich colour this stream? A terminal, unless NO_COLOR or TERM=dumb; anything when FORCE_COLOR."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") is not None or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    if not diagnostics:
        return
    if not _styled(sys.stderr):  # a file or a pipe: the same words, without rich (and its import time)
        sys.stderr.write("".join(d.format() + "\n" for d in diagnostics))
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    # a few hundred lines a call: the same output as one call a line, a third faster on a journal with
    # thousands of warnings
    for i in range(0, len(diagnostics), 500):
        console.print("\n".join(f"[{'red' if d.severity == 'error' else 'yellow'}]{escape(d.format())}[/]"
                                for d in diagnostics[i:i + 500]))



def print_json(data) -> None:
    """Pretty JSON (two-space indent, Vietnamese kept as is) on stdout; orjson when present, it is many times faster."""
    import sys

    try:
        import orjson
    except ImportError:  # pragma: no cover
        import json

        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    sys.stdout.flush()
    out = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(out)
        buffer.flush()
    else:
        sys.stdout.write(out.decode("utf-8"))
