"""The command line's entry point and error boundary, without typer.

Three kinds of failure (after RenderCV): a user error (located diagnostics, exit 1, no traceback), a usage
error (exit 2), an internal bug (one Vietnamese line; the traceback only with --debug). The everyday commands
are read by the fast path (cli/fast.py); every other command line goes through typer (cli/app.py).
"""

from __future__ import annotations

import gc
import os
import sys

from kehoach.base.errors import ExitCode, KehoachError


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. Nothing escapes as a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("KEHOACH_DEBUG") == "1"
    # A command is a short-lived process that builds many small objects (one per journal record) and frees
    # them at exit: the cyclic garbage collector only slows it down (by half on a 100,000-record journal).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        from .fast import COMPLETE_VAR, parse

        if (not args or "--help" in args or "-h" in args) and COMPLETE_VAR not in os.environ:
            from .helpcache import cached_help, draw_and_keep

            if cached_help(args):
                return ExitCode.OK
            from .app import run_typer

            return draw_and_keep(args, lambda: run_typer(args))
        fast = parse(args)
        if fast is not None:
            command, values = fast
            rv = command.body(values)
            return int(rv) if isinstance(rv, int) else ExitCode.OK
        from .app import run_typer

        return run_typer(args)
    except KehoachError as err:
        from .output import print_diagnostics

        print_diagnostics(err.diagnostics)
        return int(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng (Ctrl+C).\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except MemoryError:
        sys.stderr.write("kehoach: không đủ bộ nhớ để xử lý (tệp quá lớn?).\n")
        return ExitCode.INVALID
    except Exception as exc:  # an internal bug, unless a question on a terminal was answered «no»
        typer = sys.modules.get("typer")
        if typer is not None and isinstance(exc, typer.Abort):
            sys.stderr.write("Đã dừng.\n")
            return ExitCode.INTERRUPTED
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
