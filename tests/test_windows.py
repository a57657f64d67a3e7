"""What can be tested here of Windows: output encodings whatever the console code page, backslash paths, and
file writes that do not depend on POSIX. (Locking between Windows PCs and the console window itself cannot be.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import PLAN_2023, ROOT


def _run(args, cwd, encoding: str, stdout=None):
    env = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_PLAN", "PYTHONUTF8", "LC_ALL", "LANG")}
    env.update({"PYTHONIOENCODING": encoding, "NO_COLOR": "1", "COLUMNS": "100"})
    return subprocess.run([sys.executable, "-m", "kehoach", *args], cwd=cwd, env=env, stdout=stdout or subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "plans" / "2023.journal.jsonl")
    return tmp_path


@pytest.mark.parametrize("encoding", ["cp1258", "ascii", "cp1252"])
def test_status_redirected_to_a_file_is_utf8_whatever_the_code_page(project, encoding):
    out = project / "f.txt"
    with open(out, "wb") as fh:
        proc = _run(["status", "--period", "h1"], project, encoding, stdout=fh)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = out.read_bytes().decode("utf-8")  # strict: every byte is UTF-8
    assert "Kỳ: 6 tháng đầu năm 2023" in text and "Thôn được tuyên truyền" in text


@pytest.mark.parametrize("encoding", ["cp1258", "ascii"])
def test_errors_and_help_are_utf8_too(project, encoding):
    proc = _run(["log", "radio"], project, encoding)
    assert proc.returncode == 1
    assert "không có loại hoạt động «radio»" in proc.stderr.decode("utf-8")
    proc = _run(["kinds", "--help"], project, encoding)
    assert proc.returncode == 0 and "Liệt kê các loại hoạt động" in proc.stdout.decode("utf-8")


def test_log_and_report_under_an_ascii_console(project):
    proc = _run(["log", "tuyen_truyen", "thon=Thôn 1", "hinh_thuc=Họp thôn", "--date", "2/5/2023"], project, "ascii")
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert "Đã ghi" in proc.stdout.decode("utf-8")
    proc = _run(["report", "--period", "h1", "--format", "md", "--no-chart", "-o", "bc"], project, "cp1258")
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert "BÁO CÁO" in (project / "bc.md").read_text(encoding="utf-8")


def test_backslash_paths_as_typed_on_windows(cli, project, monkeypatch):
    monkeypatch.chdir(project)
    r = cli("check", "--plan", "plans\\2023.yaml")
    assert r.code == 0, r.output
    r = cli("init", "2024", "--from", "plans\\2023.yaml", "-o", "plans\\2024.yaml")
    assert r.code == 0, r.output
    assert (project / "plans" / "2024.yaml").exists()
    journal = (project / "plans" / "2024.journal.jsonl").read_text(encoding="utf-8")
    assert '"carried_from": "plans/2023.journal.jsonl"' in journal  # written with «/», readable everywhere


def test_journal_lines_are_written_in_binary_mode(cli, project, monkeypatch):
    """On Windows os.open writes "\\n" as "\\r\\n" unless O_BINARY is given: the append asks for it."""
    import kehoach.journal.store as store

    seen = {}
    real_open = os.open

    def spy(path, flags, *a):
        if str(path).endswith(".journal.jsonl"):  # the journal's own opening (not the caches' files)
            seen["flags"] = flags
        return real_open(path, flags, *a)

    monkeypatch.setattr(store.os, "open", spy)
    monkeypatch.setattr(store.os, "O_BINARY", 0x8000, raising=False)
    monkeypatch.chdir(project)
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=X", "--date", "3/5/2023").code == 0
    assert seen["flags"] & 0x8000
