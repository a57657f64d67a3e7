"""The typer application and its error boundary.

Three kinds of failure (after RenderCV): a user error (located diagnostics, exit 1,
no traceback), a usage error (exit 2), an internal bug (one Vietnamese line; the
traceback only with --debug).
"""

from __future__ import annotations

import os
import sys

import typer

try:  # typer ≥ 0.29 carries its own copy of click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - older typer on top of click
    from click import exceptions as click  # type: ignore[no-redef]

from kehoach.base.errors import ExitCode
from kehoach.cli import (  # noqa: F401,E402  (each command registers itself on `app`)
    activities, check, completion, export, init, kinds, log, report, rollup, schema, status, todo)

from .base import app

# ---------------------------------------------------------------- error boundary

def _usage_message(exc: click.UsageError) -> str:
    """Vietnamese wording of click's usage errors."""
    if isinstance(exc, click.NoSuchOption):
        text = f"không có tuỳ chọn «{exc.option_name}»."
        if exc.possibilities:
            text += " Có phải ý bạn là: " + ", ".join(sorted(exc.possibilities)) + "?"
        return text
    if isinstance(exc, click.MissingParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else "?"
        if exc.param is not None and getattr(exc.param, "param_type_name", "") == "argument":
            name = str(getattr(exc.param, "metavar", None) or getattr(exc.param, "name", name) or name).upper()
        return f"thiếu tham số bắt buộc «{name}»."
    if isinstance(exc, click.BadParameter):
        name = exc.param.opts[0] if exc.param is not None and exc.param.opts else (exc.param_hint or "")
        return f"giá trị không hợp lệ cho «{name}»: {exc.message}"
    if isinstance(exc, click.BadOptionUsage):
        return f"dùng sai tuỳ chọn «{exc.option_name}»: {exc.message}"
    msg = exc.message
    if msg.startswith("No such command"):
        import difflib

        import typer.main

        name = msg.split("'")[1] if "'" in msg else msg
        known = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
        close = difflib.get_close_matches(name, known, n=2, cutoff=0.6)
        text = f"không có lệnh «{name}»."
        if close:
            text += " Có phải ý bạn là: " + ", ".join(close) + "?"
        return text + " Các lệnh: " + ", ".join(known) + "."
    if msg.startswith("Got unexpected extra argument"):
        return "thừa tham số: " + msg.split("(", 1)[-1].rstrip(")") + "."
    return msg


def run_typer(args: list[str]) -> int:
    """Run the command line through typer; click's own failures (usage, help, abort) become exit codes here,
    everything else is left to the error boundary (cli/main.py)."""
    if completion.COMPLETE_VAR in os.environ:  # the shell asks for completions (`kehoach completion`)
        from typer.completion import completion_init

        completion_init()
    if not args or "--help" in args or "-h" in args:
        from .base import vietnamese_help_screens

        vietnamese_help_screens()
    try:
        rv = app(args=args, prog_name="kehoach", standalone_mode=False)
        return int(rv) if isinstance(rv, int) else ExitCode.OK
    except typer.Exit as exc:
        return int(exc.exit_code)
    except click.NoArgsIsHelpError:
        return ExitCode.OK  # `kehoach` alone: the help was shown
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx is not None else "kehoach"
        sys.stderr.write(f"{cmd}: lỗi [usage]: {_usage_message(exc)}\n    gợi ý: xem «{cmd} --help».\n")
        return ExitCode.USAGE
    except typer.Abort:
        sys.stderr.write("Đã dừng.\n")
        return ExitCode.INTERRUPTED
    except click.ClickException as exc:
        sys.stderr.write(f"kehoach: lỗi: {exc.format_message()}\n")
        return int(exc.exit_code)


from .main import main, run, utf8_output  # noqa: E402,F401  (the entry points, typer-free, live in cli/main.py)
