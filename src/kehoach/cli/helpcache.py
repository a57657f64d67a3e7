"""Help screens, kept once written: `kehoach --help` and `kehoach CMD --help` without importing typer and rich.

typer draws its help with rich and imports, whatever the screen needs, rich's Markdown, tracebacks, columns and
panels: a tenth of a second before the first character. A help screen is a pure function of the code, the
command line and the terminal (its width, whether it is one, the colour settings), so the first time a screen is
drawn it is also written to the cache folder, under a key made of all of these; the next time the same screen
is asked for, it is printed from there. Another version of kehoach, typer, click or rich, another width, another
colour setting: another key. Like every cache here it is sealed, never trusted when it does not match its
checksum, and switched off by KEHOACH_CACHE=off.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

# what typer, click and rich read to decide how a screen looks (colours, width, rich or plain, CI logs, locale)
_ENV = re.compile(r"COLOR|TERM|TTY|TYPER|RICH|CLICK|JUPYTER|COLUMNS|LINES|WIDTH|GITHUB_ACTIONS|^CI$|^LANG|^LC_"
                  r"|PYTHONIOENCODING|PYTHONUTF8")


def _key(args: list[str]) -> str:
    import shutil

    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(b"help\0")
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    size = shutil.get_terminal_size()
    from kehoach.base.files import installed

    facts = [installed("typer", "click", "rich"), sys.version, sys.platform, str(terminal),
             f"{size.columns}x{size.lines}", *map(_terminal_size, (0, 1, 2)),
             str(getattr(sys.stdout, "encoding", "")),
             *sorted(f"{k}={v}" for k, v in os.environ.items() if _ENV.search(k)), *args]
    h.update("\0".join(facts).encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:32]


def _terminal_size(fd: int) -> str:
    """The size of the terminal on a standard stream, if it is one: rich takes its width from the first of the
    input, output and error that is a terminal (`kehoach --help | more`: the input's), not from the output alone."""
    try:
        size = os.get_terminal_size(fd)
    except (AttributeError, ValueError, OSError):
        return "-"
    return f"{size.columns}x{size.lines}"


def _file(args: list[str]) -> Path:
    from kehoach.base.files import cache_dir

    return cache_dir() / f"help-{_key(args)}.txt"


def cached_help(args: list[str]) -> bool:
    """Print the help screen for these arguments from the cache; False when it is not there (or caches are off)."""
    from kehoach.base.files import caches_on, read_sealed

    if not caches_on():  # before the key: it hashes kehoach's code
        return False
    body = read_sealed(_file(args))
    if body is None:
        return False
    sys.stdout.write(bytes(body).decode("utf-8"))  # as text: the stream's own line endings, as typer's were
    return True


class _Tee:
    """The real standard output (its terminal, its width, its encoding), keeping a copy of what is written."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.copy: list[str] = []

    def write(self, text) -> int:
        if isinstance(text, (bytes, bytearray)):  # click writes some screens as bytes
            self.copy.append(bytes(text).decode("utf-8", "replace"))
            self._stream.flush()
            return self._stream.buffer.write(text)
        self.copy.append(text)
        return self._stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def draw_and_keep(args: list[str], draw) -> int:
    """Draw the help screen with `draw()` (typer), and keep it for next time when it succeeded."""
    from kehoach.base.files import caches_on

    if not caches_on():
        return draw()
    real = sys.stdout
    tee = _Tee(real)
    sys.stdout = tee
    try:
        code = draw()
    finally:
        sys.stdout = real
    text = "".join(tee.copy)
    if code == 0 and text:
        try:
            from kehoach.base.files import atomic_write, cache_dir, sealed

            cache_dir().mkdir(parents=True, exist_ok=True)
            atomic_write(_file(args), sealed(text.encode("utf-8")))
        except Exception:  # a read-only home, a full disk: help without the cache next time too
            pass
    return code
