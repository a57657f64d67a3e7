"""The typer application and its error boundary.

Three kinds of failure (after RenderCV): a user error (located diagnostics, exit 1,
no traceback), a usage error (exit 2), an internal bug (one Vietnamese line; the
traceback only with --debug).
"""

from __future__ import annotations

import gc
import os
import sys

import typer

try:  # typer ≥ 0.29 carries its own copy of click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - older typer on top of click
    from click import exceptions as click  # type: ignore[no-redef]

from kehoach.base.errors import ExitCode, KehoachError
from kehoach.cli import (  # noqa: F401,E402  (each command registers itself on `app`)
    activities, check, completion, export, init, kinds, log, report, rollup, schema, status, todo)

from .base import app
from .output import print_diagnostics

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


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. Nothing escapes as a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("KEHOACH_DEBUG") == "1"
    # A command is a short-lived process that builds many small objects (one per journal record) and frees
    # them at exit: the cyclic garbage collector only slows it down (by half on a 100,000-record journal).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    if completion.COMPLETE_VAR in os.environ:  # the shell asks for completions (`kehoach completion`)
        from typer.completion import completion_init

        completion_init()
    if not args or "--help" in args or "-h" in args:
        from .base import vietnamese_help_screens

        vietnamese_help_screens()
    try:
        rv = app(args=args, prog_name="kehoach", standalone_mode=False)
        return int(rv) if isinstance(rv, int) else ExitCode.OK
    except KehoachError as err:
        print_diagnostics(err.diagnostics)
        return int(err.exit_code)
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
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng (Ctrl+C).\n")
        return ExitCode.INTERRUPTED
    except click.ClickException as exc:
        sys.stderr.write(f"kehoach: lỗi: {exc.format_message()}\n")
        return int(exc.exit_code)
    except BrokenPipeError:
        return ExitCode.OK
    except MemoryError:
        sys.stderr.write("kehoach: không đủ bộ nhớ để xử lý (tệp quá lớn?).\n")
        return ExitCode.INVALID
    except Exception:  # an internal bug
        if debug:
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            "kehoach: lỗi nội bộ (lỗi của chương trình, không phải của dữ liệu). "
            "Xin chạy lại với --debug và gửi nội dung in ra cho nhóm phát triển kehoach.\n"
        )
        return ExitCode.INTERNAL
    finally:
        if gc_was_enabled:
            gc.enable()


def utf8_output() -> None:
    """Write UTF-8 whatever the console code page or PYTHONIOENCODING says (cp1258, cp1252, ascii…): Vietnamese
    text cannot be written in those, and a file redirected from a Windows console must open as UTF-8 anywhere.
    A Windows console window itself is written through its Unicode interface by Python and is not affected."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change its encoding
                pass


def main(argv: list[str] | None = None) -> None:
    utf8_output()
    code = run(argv)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        sys.exit(code)
    if code == ExitCode.OK:
        # Everything is written and flushed, files closed, locks released: tearing down the interpreter (freeing
        # every object of a large journal one by one) would only make the officer wait. Failures exit normally.
        os._exit(0)
    sys.exit(code)
