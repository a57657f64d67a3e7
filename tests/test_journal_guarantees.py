"""Nothing lost or faked under races, full disks, hand edits and hostile text (the journal's guarantees)."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, PLAN_2023, ROOT


@pytest.fixture
def plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dest = tmp_path / "mini.yaml"
    shutil.copy(MINI, dest)
    return dest


def _log(cli, plan, title, *extra):
    return cli("log", "dang_tin", f"tieu_de={title}", "--date", "2024-03-01", "--plan", plan, *extra)


def _journal(plan: Path) -> Path:
    return plan.with_name(plan.stem + ".journal.jsonl")


def _records(plan: Path) -> list[dict]:
    return [json.loads(line) for line in _journal(plan).read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- decisions inside the lock

def test_void_decided_on_a_stale_reading_is_refused_inside_the_lock(cli, plan, monkeypatch):
    """Two officers void the same activity at once: the second sees the first's void under the lock."""
    import kehoach.cli.context as context

    assert _log(cli, plan, "một").code == 0
    stale = context.load_all(plan)  # read before the other officer's void
    assert cli("void", "HD0001", "--reason", "trùng", "--plan", plan).code == 0
    before = _journal(plan).read_bytes()
    monkeypatch.setattr(context, "load_all", lambda *a, **k: stale)
    r = cli("void", "HD0001", "--reason", "trùng", "--plan", plan)
    assert r.code == 1 and "dòng lệnh: lỗi [already-void]: hoạt động HD0001 đã bị huỷ trước đó." in r.stderr
    r = cli("amend", "HD0001", "tieu_de=hai", "--reason", "sửa", "--plan", plan)
    assert r.code == 1 and "hoạt động HD0001 đã bị huỷ; không sửa được." in r.stderr
    assert _journal(plan).read_bytes() == before
    monkeypatch.undo()
    assert cli("check", "--plan", plan).code == 0


def test_concurrent_log_void_amend_repair_and_report_on_one_journal(plan, tmp_path):
    from kehoach.cli.app import run

    env = {**os.environ, "KEHOACH_USER": "test"}
    for i in range(4):
        assert run(["log", "dang_tin", f"tieu_de=đầu {i}", "--date", "2024-03-01", "--plan", str(plan)]) == 0
    base = [sys.executable, "-m", "kehoach"]
    jobs = [["void", "HD0001", "--reason", "x"]] * 3 + [["void", "HD0002", "--reason", "x"],
                                                         ["amend", "HD0002", "tieu_de=sửa", "--reason", "x"],
                                                         ["amend", "HD0003", "tieu_de=sửa 3", "--reason", "x"]]
    jobs += [["log", "dang_tin", f"tieu_de=song song {i}", "--date", "2024-03-02"] for i in range(6)]
    jobs += [["check", "--repair"], ["report", "-f", "md", "--no-chart", "--period", "h1", "-o", "bc", "--force"]]
    procs = [subprocess.Popen(base + job + ["--plan", str(plan)], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for job in jobs]
    codes = [p.wait(timeout=300) for p in procs]
    errs = [p.stderr.read().decode() for p in procs]
    assert all(c in (0, 1) for c in codes), errs  # never a crash
    assert codes[:3].count(0) == 1  # exactly one of three identical voids is written
    assert all("đã bị huỷ trước đó" in errs[i] for i in range(3) if codes[i])
    assert all(c == 0 for c in codes[6:12]), errs  # every log lands
    records = _records(plan)
    ids = [r["id"] for r in records]
    assert ids == [f"HD{n:04d}" for n in range(1, len(ids) + 1)]  # unique, in order, no gaps
    assert sum(1 for r in records if r["op"] == "void" and r["target"] == "HD0001") == 1
    assert sorted(r["fields"]["tieu_de"] for r in records if r["op"] == "add" and r["id"] > "HD0004") == \
        sorted(f"song song {i}" for i in range(6))
    assert run(["check", "--plan", str(plan)]) == 0


# ---------------------------------------------------------------- whole appends, full disks

def _enospc_after(monkeypatch, module, nbytes: int):
    real = os.write

    def write(fd, data):
        if len(data) > nbytes:
            real(fd, bytes(data[:nbytes]))  # part of the line reaches the disk, then it is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)
    monkeypatch.setattr(module.os, "write", write)


def test_full_disk_during_log_leaves_the_journal_byte_for_byte(cli, plan, monkeypatch):
    import kehoach.journal.writing as writing

    assert _log(cli, plan, "một").code == 0
    before = _journal(plan).read_bytes()
    _enospc_after(monkeypatch, writing, 20)
    r = _log(cli, plan, "hai")
    assert r.code == 1
    assert r.stderr == ("mini.journal.jsonl: lỗi [journal-unwritable]: ổ đĩa đã đầy: không ghi được nhật ký "
                        "«mini.journal.jsonl»; nhật ký vẫn nguyên như trước.\n"
                        "    gợi ý: Giải phóng chỗ trống trên ổ đĩa (hoặc ghi sang ổ khác) rồi chạy lại lệnh.\n")
    assert _journal(plan).read_bytes() == before
    monkeypatch.undo()
    assert _log(cli, plan, "hai").code == 0
    assert [r["id"] for r in _records(plan)] == ["HD0001", "HD0002"]
    assert cli("check", "--plan", plan).code == 0


class _FullFile:
    """A file on a full disk: opening works, writing does not."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def test_full_disk_during_report_and_repair_is_one_line_and_leaves_nothing(cli, plan, monkeypatch, tmp_path):
    import builtins

    import kehoach.base.files as files
    import kehoach.journal.writing as writing

    assert _log(cli, plan, "một").code == 0
    real_fdopen = os.fdopen
    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode="r", *a, **k: _FullFile(real_fdopen(fd, mode, *a, **k)))
    r = cli("report", "-f", "md", "--no-chart", "--period", "h1", "--plan", plan, "-o", "bc")
    assert r.code == 1
    assert r.stderr == ("bc.md: lỗi [file-unwritable]: ổ đĩa đã đầy: không ghi được tệp «bc.md»; không tệp nào bị "
                        "thay đổi.\n    gợi ý: Giải phóng chỗ trống trên ổ đĩa (hoặc ghi sang ổ khác) rồi chạy lại lệnh.\n")
    assert not list(tmp_path.glob("bc*")) and not list(tmp_path.glob(".bc*"))
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    journal = _journal(plan)
    journal.write_bytes(journal.read_bytes() + b'{"op": "add", "id": "HD00')
    torn = journal.read_bytes()
    monkeypatch.setattr(writing, "open", lambda f, mode="r", *a, **k: _FullFile(builtins.open(f, mode, *a, **k)),
                        raising=False)
    r = cli("check", "--repair", "--plan", plan)
    assert r.code == 1
    assert ("mini.journal.jsonl: lỗi [journal-unwritable]: ổ đĩa đã đầy: không ghi được phần ghi dở của nhật ký "
            "«mini.journal.jsonl»; nhật ký vẫn nguyên như trước.") in r.stderr
    assert journal.read_bytes() == torn and not list(tmp_path.glob("*.torn-*"))
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--repair", "--plan", plan).code == 0 and len(list(tmp_path.glob("*.torn-*"))) == 1


def test_log_refuses_a_torn_tail_and_repair_is_idempotent(cli, plan, tmp_path):
    assert _log(cli, plan, "một").code == 0
    journal = _journal(plan)
    whole = journal.read_bytes()
    for _ in range(2):  # twice within a second: two side files, no error
        journal.write_bytes(whole + b'{"op": "add", "id": "HD00')
        r = _log(cli, plan, "hai")
        assert r.code == 1 and journal.read_bytes() == whole + b'{"op": "add", "id": "HD00'
        assert "mini.journal.jsonl:2:1: lỗi [journal-torn]" in r.stderr and "kehoach check --repair" in r.stderr
        assert cli("check", "--repair", "--plan", plan).code == 0
        assert journal.read_bytes() == whole
    assert cli("check", "--repair", "--plan", plan).code == 0  # nothing left to repair
    sides = sorted(tmp_path.glob("mini.journal.jsonl.torn-*.txt"))
    assert len(sides) == 2 and all(s.read_bytes() == b'{"op": "add", "id": "HD00' for s in sides)
    # a whole record that only lacks its newline is kept, not moved away
    journal.write_bytes(whole + whole.replace(b"HD0001", b"HD0002").rstrip(b"\n"))
    assert _log(cli, plan, "ba").code == 0
    assert [r["id"] for r in _records(plan)] == ["HD0001", "HD0002", "HD0003"]


def _mount_tmpfs(folder: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    folder.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def _fill(path: Path, step: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        while True:
            os.write(fd, b"x" * step)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_a_really_full_disk(tmp_path, monkeypatch):
    """On a small tmpfs filled to the last byte: log, repair and report fail with one line, exit 1, and the
    journal is byte for byte as it was."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "256k"):
        pytest.skip("needs root and tmpfs to mount a small disk (the simulated ENOSPC tests still run)")
    try:
        monkeypatch.chdir(disk)
        shutil.copy(MINI, disk / "mini.yaml")
        env = {**os.environ, "KEHOACH_USER": "test", "KEHOACH_CACHE_DIR": str(tmp_path / "cache")}
        run = lambda *a: subprocess.run([sys.executable, "-m", "kehoach", *a, "--plan", "mini.yaml"], env=env,  # noqa: E731
                                        cwd=disk, capture_output=True, text=True)
        assert run("log", "dang_tin", "tieu_de=một", "--date", "2024-03-01").returncode == 0
        journal = disk / "mini.journal.jsonl"
        _fill(disk / "filler", 4096)
        before = journal.read_bytes()
        long_title = "tieu_de=" + "dài " * 2000
        r = run("log", "dang_tin", long_title, "--date", "2024-03-01")
        assert r.returncode == 1 and "ổ đĩa đã đầy" in r.stderr and "Traceback" not in r.stderr
        assert journal.read_bytes() == before
        r = run("report", "-f", "md", "--no-chart", "--period", "h1", "-o", "bc")
        assert r.returncode == 1 and "ổ đĩa đã đầy" in r.stderr
        assert not list(disk.glob("bc*")) and not list(disk.glob(".bc*"))
        os.remove(disk / "filler")  # room for a torn line, then full again
        with open(journal, "ab") as fh:
            fh.write(b'{"op": "add"')
        torn = journal.read_bytes()
        _fill(disk / "filler", 4096)
        _fill(disk / "filler2", 1)
        r = run("check", "--repair")
        assert r.returncode == 1 and "ổ đĩa đã đầy" in r.stderr
        assert journal.read_bytes() == torn and not list(disk.glob("*.torn-*"))
    finally:
        monkeypatch.chdir(tmp_path)
        subprocess.run(["umount", str(disk)], capture_output=True)


# ---------------------------------------------------------------- journal shapes at `log`

def test_log_refuses_a_utf16_journal(cli, plan):
    assert _log(cli, plan, "một").code == 0
    journal = _journal(plan)
    journal.write_bytes(journal.read_text(encoding="utf-8").encode("utf-16"))
    before = journal.read_bytes()
    r = _log(cli, plan, "hai")
    assert r.code == 1 and journal.read_bytes() == before
    assert r.stderr.startswith("mini.journal.jsonl: lỗi [journal-encoding]: nhật ký không phải UTF-8")
    assert "Mã hoá: UTF-8" in r.stderr


def test_log_refuses_ids_out_of_order_anywhere_in_the_journal(cli, plan):
    journal = _journal(plan)
    lines = [json.dumps({"op": "add", "id": f"HD{n:04d}", "kind": "dang_tin", "date": "2024-03-01",
                         "fields": {"tieu_de": "x" * 300}}, ensure_ascii=False) for n in range(1, 400)]
    lines[2], lines[350] = lines[350], lines[2]  # HD0351 early: far more than 64 kB before the end
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = journal.read_bytes()
    r = _log(cli, plan, "mới")
    assert r.code == 1 and journal.read_bytes() == before
    assert "mini.journal.jsonl:4:1: lỗi [journal-id-order]: mã bản ghi HD0004 đứng sau HD0351" in r.stderr
    assert "Sửa tay mã ở dòng 4 thành HD0400" in r.stderr


def test_integers_beyond_the_range_are_refused_at_log(cli, plan):
    r = cli("log", "tuyen_truyen", "thon=na cao", "so_nguoi=99999999999999999999", "--date", "2024-03-01",
            "--plan", plan)
    assert r.code == 1 and not _journal(plan).exists()
    assert "so_nguoi: «99999999999999999999» quá lớn (tối đa 1.000.000.000)." in r.stderr
    r = cli("log", "tuyen_truyen", "thon=na cao", "so_nguoi=1.000.000.001", "--date", "2024-03-01", "--plan", plan)
    assert r.code == 1 and "1.000.000.001 quá lớn" in r.stderr
    assert cli("log", "tuyen_truyen", "thon=na cao", "so_nguoi=1.000.000.000", "--date", "2024-03-01",
               "--plan", plan).code == 0


def test_deeply_nested_line_is_a_located_error_and_commands_still_work(cli, plan):
    assert _log(cli, plan, "một").code == 0
    journal = _journal(plan)
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write('{"op": "add", "id": "HD0002", "x": ' + "[" * 1000 + "]" * 1000 + "}\n")
        fh.write('{"op": "add", "id": "HD0003", "x": ' + "[" * 100 + "]" * 100 + "}\n")
    r = cli("check", "--plan", plan)
    assert r.code == 1 and "Traceback" not in r.output
    assert "mini.journal.jsonl:2:1: lỗi [journal-too-deep]" in r.stderr
    assert "mini.journal.jsonl:3:1: lỗi [journal-too-deep]" in r.stderr
    for args in (["status"], ["activities"], ["show", "HD0001"]):
        assert cli(*args, "--plan", plan).code == 0


# ---------------------------------------------------------------- nothing overwritten

def test_schema_never_overwrites_the_plan_or_journal(cli, plan, tmp_path):
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "plans" / "2023.journal.jsonl")
    before = {p: p.read_bytes() for p in (tmp_path / "plans").iterdir()}
    for target in ("plans/2023.journal.jsonl", "plans/2023.yaml"):
        r = cli("schema", "-o", target, "--force")
        assert r.code == 1 and f"{target}: lỗi [output-protected]: không ghi đè lên tệp kế hoạch hoặc nhật ký." \
            in r.stderr
    r = cli("schema", "-o", "khac.yaml")
    assert r.code == 1 and "output-protected" in r.stderr
    assert cli("schema", "-o", "s.json").code == 0
    r = cli("schema", "-o", "s.json")
    assert r.code == 1 and "s.json: lỗi [output-exists]: tệp đã có." in r.stderr
    assert cli("schema", "-o", "s.json", "--force").code == 0
    assert {p: p.read_bytes() for p in (tmp_path / "plans").iterdir()} == before


def test_report_never_overwrites_its_notes_or_template(cli, plan, tmp_path):
    notes = tmp_path / "ghi-chu.md"
    notes.write_text("## Ưu điểm\n\nTốt.\n", encoding="utf-8")
    r = cli("report", "-f", "md", "--no-chart", "--period", "h1", "--notes", notes, "-o", "ghi-chu", "--force",
            "--plan", plan)
    assert r.code == 1 and "ghi-chu.md: lỗi [output-protected]: không ghi đè lên tệp ghi chú đã chỉ ra (--notes)." \
        in r.stderr
    assert notes.read_text(encoding="utf-8") == "## Ưu điểm\n\nTốt.\n"
    tpl = tmp_path / "mau.md"
    tpl.write_text("{{ doc.summary }}\n", encoding="utf-8")
    r = cli("report", "-f", "md", "--no-chart", "--period", "h1", "--template", tpl, "-o", "mau", "--force",
            "--plan", plan)
    assert r.code == 1 and "không ghi đè lên mẫu báo cáo đã chỉ ra (--template)." in r.stderr
    assert tpl.read_text(encoding="utf-8") == "{{ doc.summary }}\n"


# ---------------------------------------------------------------- where the journal lives

def test_journal_outside_the_plan_folder_needs_an_explicit_opt_out(cli, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "mini.yaml"
    text = MINI.read_text(encoding="utf-8")
    victim = tmp_path / "bashrc"
    victim.write_text("export X=1\n", encoding="utf-8")
    plan.write_text(text + "journal: ../bashrc\n", encoding="utf-8")
    r = cli("check", "--plan", plan)
    assert r.code == 1 and "lỗi [journal-outside]: nhật ký «../bashrc» nằm ngoài thư mục của tệp kế hoạch." in r.stderr
    assert _log(cli, plan, "một").code == 1
    (folder / "link.jsonl").symlink_to(victim)  # a link inside the folder that points out of it
    plan.write_text(text + "journal: link.jsonl\n", encoding="utf-8")
    r = _log(cli, plan, "một")
    assert r.code == 1 and "nằm ngoài thư mục của tệp kế hoạch" in r.stderr
    assert cli("check", "--repair", "--plan", plan).code == 1
    assert victim.read_text(encoding="utf-8") == "export X=1\n"
    plan.write_text(text + "journal: ../chung/mini.jsonl\njournal_outside_folder: true\n", encoding="utf-8")
    (tmp_path / "chung").mkdir()
    assert _log(cli, plan, "một").code == 0
    r = cli("check", "--plan", plan)
    assert r.code == 0 and "cảnh báo [journal-outside]: kế hoạch cho phép nhật ký nằm ngoài thư mục" in r.stderr


# ---------------------------------------------------------------- hostile text

def test_markup_in_user_text_is_shown_as_typed(cli, plan):
    titles = ["[/bold] x", "Thông báo [cập nhật] số 3", "[bold red] (ĐÃ HUỶ)[/]"]
    for t in titles:
        assert _log(cli, plan, t).code == 0
    r = cli("activities", "--plan", plan, env={"COLUMNS": "300"})
    assert r.code == 0
    for t in titles:
        assert t in r.stdout
    for n, t in enumerate(titles, 1):
        r = cli("show", f"HD{n:04d}", "--plan", plan)
        assert r.code == 0 and f"Tiêu đề: {t}" in r.stdout
        assert "(ĐÃ HUỶ)" not in r.stdout.splitlines()[0] or t in r.stdout.splitlines()[0]


def test_csv_cells_never_run_as_formulas(cli, plan):
    from kehoach.engine.listing import csv_cell

    assert [csv_cell(c) for c in ("\tx", "\rx", "x=1", "", None)] == ["'\tx", "'\rx", "x=1", "", ""]
    for t in ('=HYPERLINK("http://x","bấm")', "@SUM(1+1)", "+1", "-2"):
        assert _log(cli, plan, t).code == 0
    r = cli("activities", "--csv", "--plan", plan)
    import csv
    import io

    rows = list(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    titles = [row[rows[0].index("Tiêu đề")] for row in rows[1:]]
    assert titles == ["'=HYPERLINK(\"http://x\",\"bấm\")", "'@SUM(1+1)", "'+1", "'-2"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


# ---------------------------------------------------------------- names

def test_partial_name_is_never_recorded_silently(cli, plan, monkeypatch):
    r = cli("log", "tuyen_truyen", "thon=Na", "--date", "2024-03-01", "--plan", plan)
    assert r.code == 1 and not _journal(plan).exists()
    assert "dòng lệnh: lỗi [bad-value]: thon: không có thôn «Na».\n    gợi ý: Có phải ý bạn là: Nà Cạo (na-cao)? " \
           "Gõ đủ tên hoặc mã." in r.stderr
    import kehoach.cli.do_log as log_cli

    monkeypatch.setattr(log_cli, "_interactive", lambda: True)  # on a terminal: asked, and «no» writes nothing
    r = cli("log", "tuyen_truyen", "thon=Na", "--date", "2024-03-01", "--plan", plan, input="n\n")
    assert r.code == 1 and "«Na» là thôn «Nà Cạo» (na-cao)?" in r.output and not _journal(plan).exists()
    r = cli("log", "tuyen_truyen", "thon=Na", "so_nguoi=5", "--date", "2024-03-01", "--plan", plan, input="y\n")
    assert r.code == 0 and _records(plan)[0]["fields"]["thon"] == ["na-cao"]


# ---------------------------------------------------------------- personal data

def test_personal_data_in_every_written_form_is_recognised():
    from kehoach.journal.privacy import looks_like_name, personal_data_found

    for text in ("CCCD 001 203 004 567", "001.203.004.567", "００１２０３００４５６７", "001203004567"):
        assert personal_data_found(text) == ["số CCCD/CMND"], text
    for text in ("gọi 0912 345 678", "0912.345.678", "+84 912 345 678", "0084912345678", "０９１２３４５６７８"):
        assert personal_data_found(text) == ["số điện thoại"], text
    for text in ("chi 150.000.000 đồng", "ngày 12.04.2023", "5.300 người", "10 20 30 40 50 60", "1.500.000.000"):
        assert personal_data_found(text) == [], text
    assert personal_data_found("a.b@xa.gov.vn") == ["địa chỉ e-mail"]
    hostile = "a" * 1_000_000 + "1 " * 500_000 + "a." * 500_000  # the old patterns took hours on this
    assert personal_data_found(hostile) == []
    assert looks_like_name("Nguyễn Thị A") and looks_like_name("gặp Lò Văn Páo") and not looks_like_name("NBD-01")


def test_sensitive_code_field_refuses_a_name_and_amend_warns_before_writing(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "2023.yaml"
    shutil.copy(PLAN_2023, plan)
    args = ["log", "ho_tro", "so_co_nhu_cau=1", "so_duoc_ho_tro=1", "dich_vu=Khác", "--date", "1/5/2023"]
    r = cli(*args, "ma_doi_tuong=Nguyễn Thị A", "--plan", plan)
    assert r.code == 1 and not _journal(plan).exists()
    assert "ma_doi_tuong: «Nguyễn Thị A» có vẻ là họ tên người" in r.stderr
    assert cli(*args, "ma_doi_tuong=NBD-01", "--plan", plan).code == 0
    before = _journal(plan).read_bytes()
    r = cli("amend", "HD0001", "--note", "gọi 0912 345 678", "--reason", "bổ sung", "--plan", plan)
    assert r.code == 1 and "số điện thoại" in r.stderr and "--allow-personal-data" in r.stderr
    assert _journal(plan).read_bytes() == before  # the warning comes before writing
    r = cli("amend", "HD0001", "ma_doi_tuong=Lò Văn Páo", "--reason", "sửa", "--plan", plan)
    assert r.code == 1 and _journal(plan).read_bytes() == before


# ---------------------------------------------------------------- the cache

def test_a_tampered_cache_is_rebuilt_silently(cli, tmp_path, monkeypatch):
    import kehoach.journal.cache as cache
    from kehoach.journal.ledger import load_ledger
    from kehoach.plan.loader import load_plan

    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan_path = tmp_path / "2023.yaml"
    shutil.copy(PLAN_2023, plan_path)
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "2023.journal.jsonl")
    plan = load_plan(plan_path)
    truth = {a.id: a.fields for a in load_ledger(plan, plan_path, use_cache=False).current()}
    load_ledger(plan, plan_path, use_cache=True)
    (cached,) = cache.cache_dir().glob("journal-*.cache")
    checksum, _, body = cached.read_bytes().partition(b"\n")
    # a different count of the same length: the columns still decode, only the checksum tells
    tampered = re.sub(rb'"so_nguoi":(\d+)', lambda m: b'"so_nguoi":' + b"9" * len(m.group(1)), body, count=1)
    assert tampered != body and len(tampered) == len(body)
    cached.write_bytes(checksum + b"\n" + tampered)
    again = load_ledger(plan, plan_path, use_cache=True)
    assert {a.id: a.fields for a in again.current()} == truth
    # new code (same version string) means another key: the old cache is not used
    fresh = cache.read_cache(plan_path.with_name("2023.journal.jsonl"), cache.plan_fingerprint(plan_path),
                             (tmp_path / "2023.journal.jsonl").read_bytes())
    assert fresh is not None
    monkeypatch.setattr(cache, "code_fingerprint", lambda *modules: "other code")
    assert cache.read_cache(plan_path.with_name("2023.journal.jsonl"), cache.plan_fingerprint(plan_path),
                            (tmp_path / "2023.journal.jsonl").read_bytes()) is None


def test_a_tampered_tally_cache_is_rebuilt_silently(tmp_path, monkeypatch):
    import kehoach.journal.cache as cache
    from kehoach.journal.ledger import load_ledger
    from kehoach.journal.tally import Tally
    from kehoach.plan.loader import load_plan

    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path / "cache"))
    plan_path = tmp_path / "2023.yaml"
    shutil.copy(PLAN_2023, plan_path)
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "2023.journal.jsonl")
    plan = load_plan(plan_path)
    truth = Tally.of(plan, load_ledger(plan, plan_path, use_cache=False).current())
    load_ledger(plan, plan_path, use_cache=True)
    (tally,) = cache.cache_dir().glob("journal-*.tally")
    checksum, _, body = tally.read_bytes().partition(b"\n")
    # one bucket's count changed, same length: the JSON still decodes, only the checksum tells
    tampered = re.sub(rb'(\[\d+,\d+,\d+,\{[^]]*?\},)(\d)', lambda m: m.group(1) + (b"8" if m.group(2) != b"8" else b"7"),
                      body, count=1)
    assert tampered != body and len(tampered) == len(body)
    tally.write_bytes(checksum + b"\n" + tampered)
    assert load_ledger(plan, plan_path, use_cache=True).tally(plan) == truth
    assert tally.read_bytes().partition(b"\n")[2] == body  # rebuilt


# ---------------------------------------------------------------- special files and templates

def test_notes_from_a_device_or_a_fifo_are_refused_before_reading(cli, plan, tmp_path):
    fifo = tmp_path / "ghi-chu.md"
    os.mkfifo(fifo)
    for notes in (fifo, Path("/dev/zero")):
        r = cli("report", "-f", "md", "--no-chart", "--period", "h1", "--notes", notes, "--plan", plan)
        assert r.code == 1 and "lỗi [file-special]" in r.stderr and "không phải tệp thông thường" in r.stderr


def test_template_budget_stops_endless_loops(cli, plan, tmp_path, monkeypatch):
    import kehoach.render.sandbox as sandbox

    monkeypatch.setattr(sandbox, "MAX_STEPS", 10_000)
    tpl = tmp_path / "mau.md.j2"
    tpl.write_text("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n",
                   encoding="utf-8")
    r = cli("report", "-f", "md", "--no-chart", "--period", "h1", "--template", tpl, "--plan", plan)
    assert r.code == 1 and "mau.md.j2:1: lỗi [template-budget]: mẫu chạy quá lâu" in r.stderr
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    tpl.write_text("{% for i in range(500) %}xxxxxxxxxx{% endfor %}\n", encoding="utf-8")
    r = cli("report", "-f", "md", "--no-chart", "--period", "h1", "--template", tpl, "--plan", plan)
    assert r.code == 1 and "mẫu sinh ra quá nhiều nội dung" in r.stderr
    assert not list(tmp_path.glob("bao-cao-*"))
