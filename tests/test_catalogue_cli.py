"""Bad command lines, notes and templates (tests/catalogue/cli/cases.yaml): a Vietnamese message, the documented
exit code, no traceback, and the plan and journal byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PLAN_2023, ROOT, check_golden

CAT = ROOT / "tests" / "catalogue"
CASES = yaml.safe_load((CAT / "cli" / "cases.yaml").read_text(encoding="utf-8"))


def test_catalogue_has_at_least_60_cases_in_all():
    total = (len(CASES) + len(list((CAT / "plan").glob("*.yaml"))) + len(list((CAT / "journal").glob("*.jsonl"))))
    assert total >= 60


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_cli_case(case, cli, tmp_path, monkeypatch, update_golden):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "plans" / "2023.journal.jsonl")
    setup = case.get("setup", {})
    if "big" in setup:
        with open(tmp_path / setup["big"], "wb") as fh:  # a 100 MB file, written sparsely
            fh.truncate(100 * 1024 * 1024)
    if "copy_plan" in setup:
        shutil.copy(PLAN_2023, tmp_path / setup["copy_plan"])
    if "nfd_plan" in setup:  # a plan saved by an editor as NFD with a byte-order mark
        import unicodedata

        text = unicodedata.normalize("NFD", PLAN_2023.read_text(encoding="utf-8"))
        (tmp_path / setup["nfd_plan"]).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    if "mkdir" in setup:
        (tmp_path / setup["mkdir"]).mkdir()
    if setup.get("unwritable"):
        import kehoach.journal.store

        def refuse(*a, **k):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(kehoach.journal.store.os, "open", refuse)  # as a read-only journal does, even for root
    for sub in ("notes", "templates"):  # beside the work folder, so messages name the same path everywhere
        shutil.copytree(CAT / sub, tmp_path / "cat" / sub)
    watched = [tmp_path / "plans" / "2023.yaml", tmp_path / "plans" / "2023.journal.jsonl"]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in watched]
    args = [a.replace("{cat}", "cat") for a in case["args"]]
    result = cli(*args)
    assert "Traceback" not in result.output
    assert result.code == case["exit"], result.output
    if case["exit"]:
        assert result.stderr.strip(), "a refusal always says why"
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in watched] == before
    assert not list(tmp_path.glob("bao-cao-*"))  # nothing half-written
    check_golden(CAT / "cli" / f"{case['name']}.expected", f"exit: {result.code}\n{result.stderr}", update_golden)
