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


def _a_moment_later() -> None:
    """A person edits a file long after `log` wrote it; file times advance by clock ticks of a few milliseconds."""
    import time

    time.sleep(0.05)


def _ids(plan):
    journal = plan.with_name("mini.journal.jsonl")
    return [json.loads(line)["id"] for line in journal.read_text(encoding="utf-8").splitlines()]


def test_the_memo_is_used_and_ids_keep_increasing(cli, plan, monkeypatch):
    for title in ("một", "hai"):
        assert _log(cli, plan, title).code == 0
    journal = plan.with_name("mini.journal.jsonl")
    raw = journal.read_bytes()
    assert idmemo.last_id_if_untouched(journal, "mini.journal.jsonl") == 2  # the journal as the 2nd log left it
    known = idmemo.known_prefix(raw, "mini.journal.jsonl")
    assert known is not None and known[0] <= len(raw) - len(raw.splitlines(True)[-1])  # a prefix it had checked
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
    _a_moment_later()
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


def test_a_journal_as_log_left_it_is_not_read_again(cli, plan, monkeypatch):
    """Constant time: when nothing touched the journal since the last `log`, the next one reads none of it."""
    import kehoach.journal.writing as writing

    assert _log(cli, plan, "một").code == 0
    monkeypatch.setattr(writing, "read_journal_bytes", lambda path: pytest.fail("the journal was read"))
    assert _log(cli, plan, "hai").code == 0 and _log(cli, plan, "ba").code == 0
    assert _ids(plan) == ["HD0001", "HD0002", "HD0003"]


def test_an_edit_that_keeps_size_and_time_is_still_found(cli, plan):
    """An edit of the same size whose modification time is put back still changes the file's change time."""
    import os

    for title in ("một", "hai", "ba"):
        assert _log(cli, plan, title).code == 0
    journal = plan.with_name("mini.journal.jsonl")
    st = os.stat(journal)
    edited = journal.read_bytes().replace(b'"HD0002"', b'"HD0009"', 1)
    _a_moment_later()
    journal.write_bytes(edited)
    os.utime(journal, ns=(st.st_atime_ns, st.st_mtime_ns))
    r = _log(cli, plan, "bốn")
    assert r.code == 1 and journal.read_bytes() == edited and "[journal-id-order]" in r.stderr
