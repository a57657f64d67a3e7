"""Located diagnostics and the error types of kehoach.

Every problem the tool finds in a user's files is a :class:`Diagnostic` value:
where it is (file, line, column), a stable code, a Vietnamese message and a hint.
Loaders collect them in a list and raise :class:`KehoachError` once, with all of them.
This module imports nothing of ours.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field

COMMAND_LINE = "dòng lệnh"  # the location of problems in what was typed on the command line


class ExitCode(enum.IntEnum):
    OK = 0
    INVALID = 1  # invalid input or a failed check
    USAGE = 2  # wrong usage of the command line
    INTERRUPTED = 130
    INTERNAL = 70  # a bug in kehoach itself (EX_SOFTWARE)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input, with its location (1-based line and column)."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def location(self) -> str:
        parts = [self.file or "<đầu vào>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self) -> str:
        """The one-line form `FILE:LINE:COL: lỗi [code]: message`, then the hint."""
        label = "lỗi" if self.severity == "error" else "cảnh báo"
        text = f"{self.location()}: {label} [{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    gợi ý: {self.hint}"
        return text

    def to_dict(self) -> dict:
        return asdict(self)


_DIAGNOSTIC_NEW = object.__new__


def quick_diagnostic(code: str, message: str, file: str | None, line: int | None, col: int | None,
                     hint: str | None, severity: str) -> Diagnostic:
    """A Diagnostic built without the frozen dataclass's checked __init__ (five times slower): for readers that
    make one per record of a journal that may hold a hundred thousand warnings. Every argument is given."""
    diag = _DIAGNOSTIC_NEW(Diagnostic)
    diag.__dict__.update(code=code, message=message, file=file, line=line, col=col, hint=hint, severity=severity)
    return diag


@dataclass
class KehoachError(Exception):
    """A user error: one or more located diagnostics. The CLI prints them and exits 1."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int = ExitCode.INVALID

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)

    @classmethod
    def single(cls, code: str, message: str, **kw) -> "KehoachError":
        return cls([Diagnostic(code=code, message=message, **kw)])

    @classmethod
    def cli(cls, code: str, message: str, hint: str | None = None) -> "KehoachError":
        """A problem with a value given on the command line (located at «dòng lệnh»)."""
        return cls([Diagnostic(code=code, message=message, file=COMMAND_LINE, hint=hint)])


class UsageError(KehoachError):
    """Wrong use of the command line (exit 2)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__([Diagnostic(code="usage", message=message, hint=hint, file=COMMAND_LINE)], ExitCode.USAGE)
