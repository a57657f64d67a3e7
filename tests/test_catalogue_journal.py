"""The catalogue of journals: each `NN-name.jsonl` beside tests/data/mini.yaml, with the exact output of
`kehoach check` in `NN-name.expected`. The journal and the plan are never changed by checking."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import MINI, ROOT, check_golden

CASES = sorted((ROOT / "tests" / "catalogue" / "journal").glob("*.jsonl"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_journal_case(case: Path, cli, tmp_path, monkeypatch, update_golden):
    monkeypatch.chdir(tmp_path)
    shutil.copy(MINI, tmp_path / "plan.yaml")
    journal = tmp_path / "plan.journal.jsonl"
    shutil.copy(case, journal)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (journal, tmp_path / "plan.yaml")}
    result = cli("check", "--plan", "plan.yaml")
    assert "Traceback" not in result.output
    assert result.code in (0, 1)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before} == before
    errors = [l for l in result.stderr.splitlines() if ": lỗi [" in l]
    assert (result.code == 1) == bool(errors)
    for line in errors:
        assert line.startswith("plan.journal.jsonl:"), line  # located in the journal
    check_golden(case.with_suffix(".expected"), f"exit: {result.code}\n{result.stderr}", update_golden)
