"""Shared test helpers: run the real command line in-process, golden files with a switch."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PLAN_2023 = ROOT / "plans" / "2023.yaml"
MINI = ROOT / "tests" / "data" / "mini.yaml"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never touch the user's own journal cache."""
    folder = tmp_path_factory.mktemp("kehoach-cache")
    old = os.environ.get("KEHOACH_CACHE_DIR")
    os.environ["KEHOACH_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("KEHOACH_CACHE_DIR", None)
    else:
        os.environ["KEHOACH_CACHE_DIR"] = old


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite expected-output files from the current behaviour (then review the diff).")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden") or os.environ.get("KEHOACH_UPDATE_GOLDEN"))


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    """Run `kehoach ARGS` through the real error boundary, capturing both streams."""
    from kehoach.cli.app import run

    runner = CliRunner()
    base_env = {"NO_COLOR": "1", "COLUMNS": "100", "KEHOACH_PLAN": None, "KEHOACH_USER": None}
    base_env.update(env or {})
    with runner.isolation(input=input, env=base_env) as streams:
        code = run([str(a) for a in args])
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Result(int(code), out.decode("utf-8"), err.decode("utf-8"))


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def sample(tmp_path, monkeypatch) -> Path:
    """A fresh folder, made the current one, holding plans/2023.yaml and its sample journal."""
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "plans" / "2023.journal.jsonl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def mini_plan(tmp_path) -> Path:
    """A fresh copy of the small test plan in a folder of its own."""
    folder = tmp_path / "plans"
    folder.mkdir()
    dest = folder / "mini.yaml"
    shutil.copy(MINI, dest)
    return dest


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it and rerun")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (rerun with --update-golden after review)"
