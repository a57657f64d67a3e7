"""The catalogue of broken plans: each `NN-name.yaml` with its expected messages in `NN-name.expected`.

The folder is documentation and test suite at once. Regenerate the expected files with
`pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import ROOT, check_golden

CASES = sorted((ROOT / "tests" / "catalogue" / "plan").glob("*.yaml"))


def test_catalogue_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_plan(case: Path, cli, monkeypatch, update_golden):
    monkeypatch.chdir(ROOT)
    rel = case.relative_to(ROOT)
    before = hashlib.sha256(case.read_bytes()).hexdigest()
    result = cli("check", "--plan", str(rel))
    warning_only = case.stem.endswith("-warning")  # a plan that checks, with a warning to read
    assert result.code == (0 if warning_only else 1), result.output
    assert "Traceback" not in result.output
    if warning_only:
        assert result.stdout.startswith("Kế hoạch hợp lệ") and "cảnh báo" in result.stderr
    else:
        assert result.stdout == ""
    # every error names the file, and a line wherever the file has lines
    for line in result.stderr.splitlines():
        if line.startswith("    gợi ý:"):
            continue
        assert line.startswith(f"{rel}:"), line
    assert hashlib.sha256(case.read_bytes()).hexdigest() == before
    check_golden(case.with_suffix(".expected"), f"exit: {result.code}\n{result.stderr}", update_golden)
