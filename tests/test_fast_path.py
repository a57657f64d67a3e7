"""The command line's fast path (cli/fast.py): the everyday commands run without typer, with the same results.

- its table of options is typer's, option for option (they cannot drift apart);
- whatever it does not read without doubt goes to typer (help, unknown, repeated or incomplete options…);
- a command line gives the same exit code, output and errors by either path;
- from the second command on, `status` and `log` import neither typer nor pydantic nor YAML.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import kehoach.cli.fast as fast
from conftest import PLAN_2023, ROOT


def _typer_commands():
    import typer.main

    from kehoach.cli.app import app

    return typer.main.get_command(app).commands


@pytest.mark.parametrize("name", sorted(fast.COMMANDS))
def test_the_table_is_typers_declaration(name):
    cmd = _typer_commands()[name]
    declared_options, declared_flags, declared_args = {}, set(), []
    for p in cmd.params:
        if getattr(p, "param_type_name", "") == "argument":
            declared_args.append(p.name)
            continue
        for opt in [*p.opts, *p.secondary_opts]:
            declared_options[opt] = p.name
        if p.is_flag:
            declared_flags.add(p.name)
    table = fast.COMMANDS[name]
    assert {opt: param for opt, (param, _) in table.options.items()} == declared_options
    defaults = {p.name: p.default for p in cmd.params if getattr(p, "param_type_name", "") != "argument"}
    assert {k: v for k, v in table.initial().items() if k in defaults} == defaults  # a value not given is typer's
    assert {param for param, kind in table.options.values() if kind == fast.FLAG} == declared_flags
    assert list(table.positional) == declared_args


@pytest.mark.parametrize("args", [
    [], ["--help"], ["status", "--help"], ["status", "-h"], ["--version"], ["activities", "--json"],
    ["status", "--bogus"], ["status", "--period"], ["status", "--period", "h1", "--period", "q3"],
    ["status", "-uca"], ["status", "-u=ca"], ["status", "--json=yes"], ["status", "--", "x"],
    ["status", "extra"], ["status", "--period", "-x"], ["log"], ["log", "--date", "1/5/2023"],
    ["check", "--plan", ""],
])
def test_what_it_does_not_read_without_doubt_goes_to_typer(args):
    assert fast.parse(args) is None


def test_what_it_reads(monkeypatch):
    monkeypatch.setattr("kehoach.cli.do_log._interactive", lambda: False)
    cmd, values = fast.parse(["--debug", "status", "--period=h1", "-u", "Công an xã", "--json", "-p", "a.yaml"])
    assert cmd is fast.COMMANDS["status"]
    assert values == {"period": "h1", "as_of": None, "area": None, "unit": "Công an xã", "as_json": True,
                      "plan": __import__("pathlib").Path("a.yaml")}
    cmd, values = fast.parse(["log", "tuyen_truyen", "thon=na cao", "so_nguoi=45", "--date", "12/4/2023"])
    assert values["kind"] == "tuyen_truyen" and values["assignments"] == ["thon=na cao", "so_nguoi=45"]
    assert values["force"] is False and values["date_"] == "12/4/2023"
    monkeypatch.setattr("kehoach.cli.do_log._interactive", lambda: True)
    assert fast.parse(["log", "tuyen_truyen", "thon=na cao"]) is None  # on a terminal it may ask: typer


@pytest.mark.parametrize("args", [
    ["status", "--period", "h1", "--as-of", "20/5/2023"],
    ["status", "--period", "nam", "--json", "--as-of", "2024-01-10"],
    ["status", "--period", "quý 9"],
    ["status", "--unit", "cong an", "--as-of", "20/5/2023"],
    ["status", "--area", "7"],
    ["todo", "--as-of", "20/5/2023"],
    ["todo", "--unit", "xyz"],
    ["check"],
    ["check", "--json"],
    ["report", "--period", "h1", "--format", "md", "--no-chart", "-o", "bc", "--as-of", "20/5/2023"],
    ["report", "--period", "h1", "-f", "pdf"],
    ["report", "--period", "h9", "--format", "md"],
    ["log", "tuyen_truyen", "thon=na cao", "hinh_thuc=họp thôn", "so_nguoi=45", "--date", "12/4/2023"],
    ["log", "tuyen_truyen", "thon=Thôn 99", "--date", "12/4/2023"],
    ["log", "khong_co", "x=1"],
    ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin", "--date", "31/2/2023"],
])
def test_both_paths_give_the_same_answer(args, sample, cli, monkeypatch):
    """Run once by the fast path, once by typer (the fast path switched off), each on its own copy."""
    fast_dir, typer_dir = sample / "a", sample / "b"
    for d in (fast_dir, typer_dir):
        shutil.copytree(sample / "plans", d / "plans")
    monkeypatch.chdir(fast_dir)
    by_fast = cli(*args)
    monkeypatch.setattr(fast, "parse", lambda argv: None)
    monkeypatch.chdir(typer_dir)
    by_typer = cli(*args)
    assert (by_fast.code, by_fast.stdout, by_fast.stderr) == (by_typer.code, by_typer.stdout, by_typer.stderr)
    journals = []
    for d in (fast_dir, typer_dir):  # the same records, but for the moment each was written
        lines = (d / "plans" / "2023.journal.jsonl").read_text(encoding="utf-8").splitlines()
        journals.append([{k: v for k, v in json.loads(x).items() if k != "at"} if x.startswith("{") else x
                         for x in lines])
    assert journals[0] == journals[1]


def test_everyday_commands_do_not_import_typer_pydantic_or_yaml(tmp_path):
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "plans" / "2023.journal.jsonl")
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(tmp_path / "cache"), "KEHOACH_PLAN": ""}
    probe = ("import sys; from kehoach.cli.main import run; code = run(sys.argv[1:]); sys.stdout.flush(); "
             "print('\\nMODULES', code, *sorted(m for m in ('typer', 'click', 'pydantic', 'yaml') if m in sys.modules))")

    def modules(*args: str) -> list[str]:
        r = subprocess.run([sys.executable, "-c", probe, *args], cwd=tmp_path, env=env, capture_output=True,
                           text=True, encoding="utf-8")
        return r.stdout.rsplit("MODULES", 1)[1].split()

    assert modules("status", "--period", "h1")[0] == "0"  # the first reads the YAML and caches the plan
    assert modules("status", "--period", "h1") == ["0"]
    assert modules("todo", "--as-of", "20/5/2023") == ["0"]
    assert modules("check")[0] == "0"  # the plan's warnings are cached with it from here on
    assert modules("check") == ["0"]
    assert modules("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin mới", "--date", "2/5/2023") == ["0"]
    assert modules("status", "--help")[1:] != []  # help is typer's
