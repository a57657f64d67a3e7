"""`kehoach status` as a user sees it: 80 columns, no colour, grouped by area, gaps beneath."""

from __future__ import annotations

from conftest import ROOT, check_golden


def test_status_text_at_80_columns_without_colour(cli, monkeypatch, update_golden):
    """In a file or a pipe: plain lines (one indicator a line, its status, figures and notes beneath)."""
    monkeypatch.chdir(ROOT)
    r = cli("status", "--plan", "plans/2023.yaml", "--period", "h1", "--as-of", "20/5/2023",
            env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert r.code == 0, r.output
    assert "\x1b[" not in r.stdout  # no colour codes when piped or NO_COLOR
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    assert "↳ Chưa tuyên truyền:" in r.stdout and "Thôn 3, Thôn 6" in r.stdout
    assert "5/7 thôn · 71,4%" in r.stdout
    assert "Theo đơn vị" in r.stdout
    tail = " ".join(" ".join(r.stdout.rstrip().splitlines()[-3:]).split())
    assert "Đạt 0/10 chỉ tiêu" in tail  # on 20/5 nothing is met for the year yet and "Báo cáo kỳ tới: 6 tháng đầu năm 2023" in tail
    check_golden(ROOT / "tests" / "golden" / "status-h1-2023-05-20.txt", r.stdout, update_golden)


def test_on_a_terminal_a_table_with_the_same_figures(cli, monkeypatch):
    """With colour (a terminal, or FORCE_COLOR) the same status is a table: the same figures and words."""
    import re

    monkeypatch.chdir(ROOT)
    args = ("status", "--plan", "plans/2023.yaml", "--period", "h1", "--as-of", "20/5/2023")
    plain = cli(*args, env={"COLUMNS": "120"}).stdout
    table = cli(*args, env={"COLUMNS": "120", "FORCE_COLOR": "1", "NO_COLOR": None}).stdout
    assert "\x1b[" in table and "─" in table and "─" not in plain
    words = lambda text: " ".join(re.sub(r"\x1b\[[0-9;]*m|[│─█░·]", " ", text).split())  # noqa: E731
    for figure in ("5/7 thôn", "71,4%", "14/22 người", "1/2 vụ việc", "quá hạn 15 ngày", "chưa đánh giá",
                   "chậm tiến độ", "Thôn 3, Thôn 6", "Đạt 0/10 chỉ tiêu", "hạn gửi 19/06/2023"):
        assert figure in words(plain) and figure in words(table), figure


def test_status_filters(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = cli("status", "--plan", "plans/2023.yaml", "--period", "h1", "--area", "3", env={"COLUMNS": "120"})
    assert r.code == 0 and "3.1.a" in r.stdout and "1.1.a" not in r.stdout
    r = cli("status", "--plan", "plans/2023.yaml", "--period", "h1", "--unit", "cong an", env={"COLUMNS": "120"})
    assert "3.1.b-2" in r.stdout and "1.1.b" not in r.stdout and "Công an xã" in r.stdout
    assert cli("status", "--plan", "plans/2023.yaml", "--area", "9").code == 1
    r = cli("status", "--plan", "plans/2023.yaml", "--period", "h9")
    assert r.code == 1 and "không tồn tại" in r.stderr
    r = cli("status", "--plan", "plans/2023.yaml", "--as-of", "31/2/2023")
    assert r.code == 1 and "--as-of" in r.stderr


def test_log_says_how_the_served_indicators_stand(cli, tmp_path):
    import shutil

    plan = tmp_path / "2023.yaml"
    shutil.copy(ROOT / "plans" / "2023.yaml", plan)
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "2023.journal.jsonl")
    r = cli("log", "tuyen_truyen", "thon=thon 6", "hinh_thuc=hop thon", "--date", "10/6/2023", "--plan", plan)
    assert r.code == 0, r.output
    assert "Chỉ tiêu 1.1.a (lũy kế đến 14/06/2023):" in r.stdout  # year to date, at the half-year's cut-off
    r = cli("log", "kiem_tra", "co_so=nha nghi b, karaoke a, karaoke b", "so_vi_pham=0", "so_vu_xu_ly=0",
            "--date", "10/6/2023", "--plan", plan)
    assert "Chỉ tiêu 3.1.b-2 (lũy kế đến 14/06/2023): 5/6 cơ sở · 83,3% — đạt" in r.stdout
    assert "Chỉ tiêu 3.1.b-1" in r.stdout


def test_a_problem_on_line_100_is_printed_as_line_100(cli, sample, monkeypatch):
    """«…jsonl:100:1:» must not become «…jsonl💯1:» (rich reads «:100:» as an emoji code): in a file or a pipe,
    and in colour on a terminal."""
    journal = sample / "plans" / "2023.journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    lines += ["# ghi chú"] * (99 - len(lines)) + ['{"op": "add", "id": "HD9999", "kind": "khong_co", "date": "2023-05-02"}']
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for env in ({}, {"FORCE_COLOR": "1", "NO_COLOR": None}):
        r = cli("status", "--period", "h1", env=env)
        assert r.code == 0 and "2023.journal.jsonl:100:1:" in r.stderr and "💯" not in r.stderr


def test_a_period_before_the_plan_takes_effect_is_shown_by_its_own_dates(cli, sample):
    """The plan takes effect on 01/03/2023: February is of its reporting year but before it, so nothing is judged
    («chưa có dữ liệu»), and the heading gives February's own dates, never a range that ends before it starts."""
    r = cli("status", "--period", "m2")
    assert r.code == 0, r.output
    heading = " ".join(r.stdout.split("\n")[1:3])
    assert "15/01/2023 – 14/02/2023" in heading, heading
    assert "trước ngày kế hoạch có hiệu lực (01/03/2023)" in heading, heading
    assert "01/03/2023 (ngày kế hoạch có hiệu lực) – 14/02/2023" not in heading
    assert "Đạt 0/10 chỉ tiêu; chưa có dữ liệu 10." in " ".join(r.stdout.split())
