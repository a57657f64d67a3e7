"""Whether someone is there to answer a question, and asking it."""

from __future__ import annotations

import sys


def interactive() -> bool:
    """True when both standard input and output are a terminal (not a script, a pipe or a file)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
