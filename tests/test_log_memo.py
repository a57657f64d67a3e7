"""`log` checks only the lines added since its last check of the journal (journal/idmemo.py), yet any edit of the
lines it had checked is still found: the memo holds for exactly the bytes it was made from."""

from __future__ import annotations

import json
import shutil

import pytest

import kehoach.journal.idmemo as idmemo
from conftest import MINI


@pytest.fixture
def plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    dest = tmp_path / "mini.yaml"
    shutil.copy(MINI, dest)
    return dest


def _log(cli, plan, title):
    return cli("log", "dang_tin", f"tieu_de={title}", "--date", "2024-03-01", "--plan", plan, "--allow-duplicate")


def _ids(plan):
    journal = plan.with_name("mini.journal.jsonl")
    return [json.loads(line)["id"] for line in journal.read_text(encoding="utf-8").splitlines()]


def test_the_memo_is_used_and_ids_keep_increasing(cli, plan, monkeypatch):
    for title in ("một", "hai"):
        assert _log(cli, plan, title).code == 0
    journal = plan.with_name("mini.journal.jsonl")
    raw = journal.read_bytes()
    known = idmemo.known_prefix(raw, "mini.journal.jsonl")
    assert known is not None and known[:2] == (len(raw) - len(raw.splitlines(True)[-1]), 1)  # as the 2nd log found it
    with open(journal, "a", encoding="utf-8") as fh:  # another tool adds a line in order
        fh.write(json.dumps({"op": "add", "id": "HD0007", "kind": "dang_tin", "date": "2024-03-01",
                             "fields": {"tieu_de": "ba"}}) + "\n")
    assert _log(cli, plan, "bốn").code == 0
    assert _ids(plan) == ["HD0001", "HD0002", "HD0007", "HD0008"]


def test_an_edit_of_lines_already_checked_is_still_found(cli, plan):
    for title in ("một", "hai", "ba"):
        assert _log(cli, plan, title).code == 0
    journal = plan.with_name("mini.journal.jsonl")
    raw = journal.read_bytes()
    edited = raw.replace(b'"HD0002"', b'"HD0009"', 1)  # same size, out of order, inside the checked prefix
    journal.write_bytes(edited)
    r = _log(cli, plan, "bốn")
    assert r.code == 1 and journal.read_bytes() == edited
    assert "lỗi [journal-id-order]: mã bản ghi HD0003 đứng sau HD0009" in r.stderr


def test_an_out_of_order_line_added_by_hand_is_refused(cli, plan):
    for title in ("một", "hai"):
        assert _log(cli, plan, title).code == 0
    journal = plan.with_name("mini.journal.jsonl")
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"op": "add", "id": "HD0001", "kind": "dang_tin", "date": "2024-03-01",
                             "fields": {"tieu_de": "trùng"}}) + "\n")
    before = journal.read_bytes()
    r = _log(cli, plan, "ba")
    assert r.code == 1 and journal.read_bytes() == before
    assert "mini.journal.jsonl:3:1: lỗi [journal-id-order]: mã bản ghi HD0001 đứng sau HD0002" in r.stderr


def test_no_memo_when_the_caches_are_off(cli, plan, monkeypatch, tmp_path):
    monkeypatch.setenv("KEHOACH_CACHE", "off")
    for title in ("một", "hai"):
        assert _log(cli, plan, title).code == 0
    assert not list((tmp_path / "cache").glob("ids-*"))
    assert _ids(plan) == ["HD0001", "HD0002"]
