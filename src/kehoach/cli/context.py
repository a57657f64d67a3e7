"""Loading the plan and its journal for a command."""

from __future__ import annotations

from pathlib import Path

from kehoach.base.errors import Diagnostic


def load_plan(plan_opt: Path | None):
    from kehoach.base.files import find_plan
    from kehoach.plan.cache import load_plan as _load

    path = find_plan(plan_opt)
    return _load(path), path


def load_all(plan_opt: Path | None, warn: bool = True, use_cache: bool = True, tally_only: bool = False):
    """Plan, its path and the ledger. Journal problems are warned about (once) and the rest is used.
    `tally_only`: the command reads the journal's tally and problems only (see `load_ledger`)."""
    from kehoach.journal.ledger import load_ledger

    plan, path = load_plan(plan_opt)
    ledger = load_ledger(plan, path, use_cache=use_cache, tally_only=tally_only)
    if warn:
        shown, errors, file = ledger.problems()
        if shown:
            _warn(shown, errors, file)
    return plan, path, ledger


def journal_warning(diagnostics: list[Diagnostic]) -> None:
    errors = [d for d in diagnostics if d.severity == "error"]
    _warn(errors[:3] or diagnostics[:3], len(errors), diagnostics[0].file)


def _warn(shown: list[Diagnostic], errors: int, file: str | None) -> None:
    """The first problems of the journal, and how many records were left out (see `Ledger.problems`)."""
    from .output import print_diagnostics

    print_diagnostics([Diagnostic(code=d.code, message=d.message, file=d.file, line=d.line, col=d.col,
                                  severity="warning") for d in shown])
    if errors:
        more = f" (và {errors - len(shown)} lỗi khác)" if errors > len(shown) else ""
        print_diagnostics([Diagnostic(
            code="journal-problems", severity="warning", file=file,
            message=f"nhật ký có {errors} bản ghi lỗi{more}, đã bỏ qua khi tính.",
            hint="Chạy «kehoach check» để xem đầy đủ.")])
