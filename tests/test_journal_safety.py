"""The journal under concurrent writers, torn writes, hand edits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import MINI

WORKER = textwrap.dedent("""
    import sys
    from kehoach.cli.app import run
    plan, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for i in range(count):
        code = run(["log", "dang_tin", f"tieu_de=w{worker}-{i}", "--date", "2024-03-01", "--plan", plan])
        if code != 0:
            sys.exit(code)
""")


@pytest.fixture
def plan(tmp_path):
    dest = tmp_path / "mini.yaml"
    shutil.copy(MINI, dest)
    return dest


def test_concurrent_writers_lose_nothing(plan, tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    env = {**os.environ, "KEHOACH_USER": "test"}
    procs = [subprocess.Popen([sys.executable, str(script), str(plan), str(w), "50"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for w in range(8)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    lines = (tmp_path / "mini.journal.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 400
    titles = sorted(r["fields"]["tieu_de"] for r in records)
    assert titles == sorted(f"w{w}-{i}" for w in range(8) for i in range(50))  # each exactly once
    ids = [r["id"] for r in records]
    assert len(set(ids)) == 400
    assert ids == [f"HD{n:04d}" for n in range(1, 401)]  # in file order, no gaps
    from kehoach.cli.app import run

    assert run(["check", "--plan", str(plan)]) == 0


def _log(cli, plan, title):
    return cli("log", "dang_tin", f"tieu_de={title}", "--date", "2024-03-01", "--plan", plan)


def test_every_torn_last_record_is_detected_and_repaired(cli, plan, tmp_path):
    for t in ("một", "hai", "ba"):
        assert _log(cli, plan, t).code == 0
    journal = tmp_path / "mini.journal.jsonl"
    full = journal.read_bytes()
    last_start = full.rstrip(b"\n").rfind(b"\n") + 1
    intact = full[:last_start]
    for cut in range(last_start + 1, len(full) - 1):  # every torn prefix of the last record
        journal.write_bytes(full[:cut])
        r = cli("check", "--plan", plan)
        assert r.code == 1, cut
        assert "mini.journal.jsonl:3:1: lỗi [journal-torn]" in r.stderr
        r = cli("check", "--repair", "--plan", plan)
        assert r.code == 0, r.output
        assert journal.read_bytes() == intact  # the earlier records, byte for byte
        sides = list(tmp_path.glob("mini.journal.jsonl.torn-*.txt"))
        assert len(sides) == 1 and sides[0].read_bytes() == full[last_start:cut]  # nothing deleted
        sides[0].unlink()
    # a new record is never written after a torn line: `log` refuses and says how to repair
    journal.write_bytes(full[:-5])
    r = _log(cli, plan, "bốn")
    assert r.code == 1 and journal.read_bytes() == full[:-5]
    assert "mini.journal.jsonl:3:1: lỗi [journal-torn]" in r.stderr and "kehoach check --repair" in r.stderr
    assert cli("check", "--repair", "--plan", plan).code == 0
    assert _log(cli, plan, "bốn").code == 0
    lines = journal.read_bytes().split(b"\n")
    assert lines[:2] == full.split(b"\n")[:2] and json.loads(lines[2])["fields"]["tieu_de"] == "bốn"
    assert json.loads(lines[2])["id"] == "HD0003"


def test_hand_edits_are_checked_with_their_line(cli, plan, tmp_path):
    assert _log(cli, plan, "một").code == 0
    journal = tmp_path / "mini.journal.jsonl"
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write("# a comment is fine\n\n")
        fh.write('{"op": "add", "id": "HD0002", "kind": "dang_tin", "date": "2024-03-01", "fields": {}}\n')
        fh.write('{"op": "add", "id": "HD0001", "kind": "dang_tin", "date": "2024-03-01", "fields": {"tieu_de": "x"}}\n')
        fh.write("{not json}\n")
    r = cli("check", "--plan", plan)
    assert r.code == 1
    assert "mini.journal.jsonl:4:1: lỗi [journal-missing]: bản ghi HD0002: thiếu trường bắt buộc «tieu_de»" in r.stderr
    assert "mini.journal.jsonl:5:1: lỗi [journal-ref]: bản ghi HD0001: mã «HD0001» đã được dùng" in r.stderr
    assert "mini.journal.jsonl:6:2: lỗi [journal-syntax]" in r.stderr


def test_read_only_journal_is_refused_cleanly(cli, plan, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    assert _log(cli, plan, "một").code == 0
    journal = tmp_path / "mini.journal.jsonl"
    before = journal.read_bytes()
    journal.chmod(0o444)
    try:
        r = _log(cli, plan, "hai")
        assert r.code == 1 and "không có quyền ghi" in r.stderr
        assert journal.read_bytes() == before
    finally:
        journal.chmod(0o644)


def test_sigkill_during_log_never_damages_earlier_records(plan, tmp_path):
    """Kill real `kehoach log` processes at many moments; earlier records stay intact, check names any torn line."""
    import random
    import signal
    import time

    from kehoach.cli.app import run

    journal = tmp_path / "mini.journal.jsonl"
    env = {**os.environ, "KEHOACH_USER": "test"}
    rnd = random.Random(7)
    # kill moments spread over the time one whole `log` takes on this machine (slow when the machine is busy)
    probe = tmp_path / "probe"
    probe.mkdir()
    shutil.copy(plan, probe / plan.name)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "kehoach", "log", "dang_tin", "tieu_de=thử", "--date", "2024-03-01",
                    "--plan", str(probe / plan.name)], env=env, capture_output=True)
    span = max(0.6, 1.5 * (time.monotonic() - started))
    for i in range(16):
        before = journal.read_bytes() if journal.exists() else b""
        proc = subprocess.Popen([sys.executable, "-m", "kehoach", "log", "dang_tin", f"tieu_de=lần {i}",
                                 "--date", "2024-03-01", "--plan", str(plan)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, span))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = journal.read_bytes() if journal.exists() else b""
        assert after.startswith(before)  # nothing earlier changed
        if after and not after.endswith(b"\n"):
            assert run(["check", "--plan", str(plan)]) == 1
            assert run(["check", "--repair", "--plan", str(plan)]) == 0
        assert run(["check", "--plan", str(plan)]) == 0
        for line in (journal.read_bytes() if journal.exists() else b"").splitlines():
            json.loads(line)  # every remaining line is a whole record
    assert journal.exists()  # some runs got as far as writing
