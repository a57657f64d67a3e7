"""`check` as a library: the plan, then its journal (and privacy warnings), every problem collected."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import relpath


@dataclass
class CheckResult:
    path: Path
    plan: object | None = None
    ledger: object | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    repaired: Path | None = None  # where a torn last line was moved, with --repair

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors

    def journal_summary(self) -> dict | None:
        if self.ledger is None:
            return None
        led = self.ledger
        return {"path": relpath(led.path), "exists": led.path.exists(), "records": led.records,
                "activities": len(led.current()), "voided": sum(1 for a in led.activities.values() if a.voided),
                "carried": sum(1 for a in led.current() if a.carried)}


def check_all(path: Path, repair: bool = False) -> CheckResult:
    """Every problem of the plan; once the plan is sound, every problem of its journal (a full read, no cache)."""
    from kehoach.plan.cache import plan_with_diagnostics

    from .ledger import load_ledger
    from .privacy import journal_privacy_warnings

    result = CheckResult(path)
    try:
        result.plan, result.diagnostics = plan_with_diagnostics(path)
    except KehoachError as err:
        result.diagnostics = err.diagnostics
    if result.plan is None or result.errors:
        return result
    ledger = load_ledger(result.plan, path)
    if repair and any(d.code == "journal-torn" for d in ledger.diagnostics):
        from .writing import repair_torn_tail

        result.repaired = repair_torn_tail(ledger.path)
        ledger = load_ledger(result.plan, path)
    result.ledger = ledger
    result.diagnostics = result.diagnostics + ledger.diagnostics + journal_privacy_warnings(result.plan, ledger)
    return result
