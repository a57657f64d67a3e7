"""The command line's fast path: `status`, `todo`, `check`, `log` and `report` run without typer.

Importing typer (with click, its pydantic adapters and rich's help machinery) and building an adapter for every
option took a third of the time of `status` on a commune's journal. These four commands are what an officer
runs every day, so their arguments are read here, by the table `COMMANDS`, and their bodies (cli/do_*.py)
called directly. Only a command line read completely and without doubt takes this path; anything else — help,
an unknown or repeated option, an option without its value, `-uVALUE` or `--` forms, `--version`, shell
completion, `log` on a terminal (it may ask questions) — goes to typer, which gives its usual answers and
messages. The table is checked against typer's own declarations by tests/test_fast_path.py, so that the two
cannot drift apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

VALUE, FLAG, PATH = "value", "flag", "path"
COMPLETE_VAR = "_KEHOACH_COMPLETE"  # set by the shell when it asks for completions (`kehoach completion`)


@dataclass(frozen=True)
class Command:
    """One command: its options (each name → (parameter, kind)), its positional parameters, its body."""

    options: dict[str, tuple[str, str]]
    positional: tuple[str, ...] = ()  # the first takes one value, the last takes the rest (a list)
    body: Callable[[dict], int | None] = field(default=lambda values: None, compare=False)
    needs_positional: bool = False
    defaults: dict = field(default_factory=dict)  # an option's value when not given, if not None (False for a flag)

    def initial(self) -> dict:
        values = {name: (False if kind == FLAG else None) for name, kind in self.options.values()}
        return {**values, **self.defaults}


def _status(v: dict):
    from .do_status import run_status

    return run_status(v["period"], v["as_of"], v["area"], v["unit"], v["as_json"], v["plan"])


def _todo(v: dict):
    from .do_status import run_todo

    return run_todo(v["unit"], v["period"], v["as_of"], v["as_json"], v["plan"])


def _check(v: dict):
    from .do_check import run_check

    return run_check(v["plan"], v["as_json"], v["repair"])


def _log(v: dict):
    from .do_log import run_log

    return run_log(v["kind"], v["assignments"], v["date_"], v["unit"], v["note"], v["by"], v["force"],
                   v["allow_personal"], v["allow_duplicate"], v["plan"])


def _report(v: dict):
    from .do_report import run_report

    return run_report(v["period"], v["fmt"], v["output"], v["as_of"], v["notes"], v["template"], v["number"],
                      v["date_"], v["force"], v["no_chart"], v["plan"])


_PLAN = {"--plan": ("plan", PATH), "-p": ("plan", PATH)}
_PERIOD = {"--period": ("period", VALUE), "--as-of": ("as_of", VALUE)}
_JSON = {"--json": ("as_json", FLAG)}
_UNIT = {"--unit": ("unit", VALUE), "-u": ("unit", VALUE)}

COMMANDS: dict[str, Command] = {
    "status": Command({**_PERIOD, "--area": ("area", VALUE), **_UNIT, **_JSON, **_PLAN}, body=_status),
    "todo": Command({**_UNIT, **_PERIOD, **_JSON, **_PLAN}, body=_todo),
    "check": Command({**_PLAN, **_JSON, "--repair": ("repair", FLAG)}, body=_check),
    "report": Command({**_PERIOD, "--format": ("fmt", VALUE), "-f": ("fmt", VALUE), "--output": ("output", PATH),
                       "-o": ("output", PATH), "--notes": ("notes", PATH), "--template": ("template", PATH),
                       "--number": ("number", VALUE), "--date": ("date_", VALUE), "--force": ("force", FLAG),
                       "--no-chart": ("no_chart", FLAG), **_PLAN}, body=_report, defaults={"fmt": "all"}),
    "log": Command({"--date": ("date_", VALUE), "-d": ("date_", VALUE), **_UNIT, "--note": ("note", VALUE),
                    "-n": ("note", VALUE), "--by": ("by", VALUE), "--force": ("force", FLAG),
                    "--allow-personal-data": ("allow_personal", FLAG), "--allow-duplicate": ("allow_duplicate", FLAG),
                    **_PLAN}, positional=("kind", "assignments"), body=_log, needs_positional=True),
}


def parse(args: list[str]) -> tuple[Command, dict] | None:
    """(the command, its parameters' values) when the command line is one the fast path reads without doubt;
    None to leave it to typer."""
    if COMPLETE_VAR in os.environ:
        return None
    rest = list(args)
    while rest and rest[0] == "--debug":  # the root's own option, read by the error boundary
        rest.pop(0)
    if not rest or rest[0] not in COMMANDS:
        return None
    cmd = COMMANDS[rest[0]]
    values = cmd.initial()
    seen: set[str] = set()
    positional: list[str] = []
    i = 1
    while i < len(rest):
        token = rest[i]
        i += 1
        if not token.startswith("-"):
            positional.append(token)
            continue
        name, eq, inline = token.partition("=")
        spec = cmd.options.get(name)
        if spec is None or spec[0] in seen or (eq and not name.startswith("--")):
            return None  # help, an unknown option, a repeated one, «-u=…»: typer's answer
        param, kind = spec
        seen.add(param)
        if kind == FLAG:
            if eq:
                return None
            values[param] = True
            continue
        if eq:
            value = inline
        elif i < len(rest):
            value = rest[i]
            i += 1
        else:
            return None  # an option without its value
        if not value or value.startswith("-"):
            return None
        values[param] = Path(value) if kind == PATH else value
    if not cmd.positional and positional:
        return None
    if cmd.positional:
        if cmd.needs_positional and not positional:
            return None
        first, *more = cmd.positional
        values[first] = positional[0] if positional else None
        if more:
            values[more[0]] = positional[1:] or None
        if cmd is COMMANDS["log"] and _on_a_terminal():
            return None  # it may ask questions: typer's prompts
    return cmd, values


def _on_a_terminal() -> bool:
    from .do_log import _interactive

    return _interactive()
