"""`kehoach init`: a new year from last year's plan, open cases carried over and closed in the new year;
`check` warns when a plan's year, title, dates and basis disagree."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from conftest import PLAN_2023

BASE = ["--date", "1/5/2023"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with plans/2023.yaml and an empty journal: the test writes the cases it needs."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    return tmp_path


def _records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _log(cli, *args):
    r = cli("log", *args, "--by", "cb")
    assert r.code == 0, r.output
    return r


def test_year_boundary_case_received_in_december_closed_in_january(cli, project):
    _log(cli, "tiep_nhan", "loai=tin báo", "tom_tat=Tin báo qua đường dây nóng", "--date", "1/12/2023")  # HD0001
    _log(cli, "tiep_nhan", "loai=tố giác", "tom_tat=Tố giác đã xử lý", "--date", "2/12/2023")  # HD0002
    _log(cli, "xu_ly", "vu_viec=HD0002", "ket_qua=Không có vi phạm", "--date", "10/12/2023")  # HD0003
    _log(cli, "dang_tin", "kenh=bang tin xa", "tieu_de=Tin tháng 12", "--date", "3/12/2023")  # HD0004
    old_journal = (project / "plans" / "2023.journal.jsonl").read_bytes()

    r = cli("init", "2024")
    assert r.code == 0, r.output
    assert "plans/2024.yaml" in r.stdout and "mang theo 1 vụ việc chưa xử lý xong" in r.stdout
    assert (project / "plans" / "2023.journal.jsonl").read_bytes() == old_journal  # the old year is untouched
    carried = _records(project / "plans" / "2024.journal.jsonl")
    assert [c["id"] for c in carried] == ["HD0001"]  # only the open case: not the closed one, not the posting
    assert carried[0]["date"] == "2023-12-01" and carried[0]["fields"]["tom_tat"] == "Tin báo qua đường dây nóng"
    assert carried[0]["carried_from"] == "plans/2023.journal.jsonl"

    # the new year: plans/2024.yaml is found as the newest plan
    listed = json.loads(cli("activities", "--kind", "tiep_nhan", "--json").stdout)["activities"]
    assert [(a["id"], a["carried"]) for a in listed] == [("HD0001", True)]
    r = cli("log", "xu_ly", "vu_viec=HD0001", "ket_qua=Chuyển cơ quan điều tra", "--date", "5/1/2024")
    assert r.code == 0, r.output
    # a new id after every id of last year's journal (HD0001–HD0004): an id names one activity across the two years
    assert "Đã ghi HD0005" in r.stdout
    ids = [a["id"] for a in json.loads(cli("activities", "--json").stdout)["activities"]]
    assert ids == ["HD0001", "HD0005"]
    r = cli("check")
    assert r.code == 0, r.output
    assert "lỗi" not in r.stderr.replace("cảnh báo", "")
    # counted in the first half of the new year: handled 35 days after it was received, limit 20 days
    status = json.loads(cli("status", "--period", "h1", "--as-of", "30/6/2024", "--json").stdout)
    case = next(i for i in status["indicators"] if i["measure"] == "timeliness")
    assert case["denominator"] == 1
    assert any(g["id"] == "HD0001" and "quá hạn 15 ngày" in g["detail"] for g in case["gaps"])
    # closing it twice is refused
    r = cli("log", "xu_ly", "vu_viec=HD0001", "ket_qua=Khác", "--date", "6/1/2024")
    assert r.code == 1 and "đã được xử lý xong ở HD0005" in r.stderr


def test_new_plan_updates_year_dates_title_and_blanks_what_the_officer_signs(cli, project):
    r = cli("init", "2024", "--from", "plans/2023.yaml", "-o", "plans/2024.yaml")
    assert r.code == 0, r.output
    text = (project / "plans" / "2024.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    meta = data["meta"]
    assert meta["year"] == 2024 and meta["date"] == "2024" and meta["effective_from"] == "2023-12-15"
    assert meta["title"].endswith("năm 2024") and "2023" not in meta["title"]
    assert meta["number"] == "[Cần bổ sung: số]/KH-UBND"
    assert meta["signer"]["name"] == "[Cần bổ sung: họ tên người ký]"
    assert meta["signer"]["position"] == "PHÓ CHỦ TỊCH"  # the office is kept, the person is not
    assert meta["basis"] == [{"text": "[Cần bổ sung: văn bản căn cứ năm 2024]"}]
    old = yaml.safe_load(PLAN_2023.read_text(encoding="utf-8"))
    assert data["registries"] == old["registries"] and data["activity_kinds"] == old["activity_kinds"]
    assert data["areas"] == old["areas"]
    assert "# I. MỤC ĐÍCH, YÊU CẦU" in text  # the officer's comments are kept
    assert text.startswith("# yaml-language-server")
    # check: valid, with a warning for each placeholder
    r = cli("check", "--plan", "plans/2024.yaml")
    assert r.code == 0, r.output
    for where in ("meta.number", "meta.signer.name", "meta.basis.0.text", "meta.preamble"):
        assert f"cảnh báo [placeholder]: «{where}» chưa điền" in r.stderr
    assert "year-mismatch" not in r.stderr


def test_init_never_overwrites_and_refuses_a_past_year(cli, project):
    assert cli("init", "2024").code == 0
    before = (project / "plans" / "2024.yaml").read_bytes()
    r = cli("init", "2024", "--from", "plans/2023.yaml")
    assert r.code == 1 and "đã có kế hoạch «plans/2024.yaml»" in r.stderr
    assert (project / "plans" / "2024.yaml").read_bytes() == before
    r = cli("init", "2022", "--from", "plans/2023.yaml")
    assert r.code == 1 and "năm mới phải sau năm đó" in r.stderr


def test_district_recipient_is_asked_never_guessed(cli, project, monkeypatch):
    # off a terminal: refused, nothing written
    r = cli("init", "2026", "--from", "plans/2023.yaml")
    assert r.code == 1
    assert "từ 01/7/2025 không còn cấp huyện" in r.stderr and "--recipient" in r.stderr
    assert not (project / "plans" / "2026.yaml").exists()
    assert not (project / "plans" / "2026.journal.jsonl").exists()
    # with the options
    r = cli("init", "2026", "--from", "plans/2023.yaml", "--recipient", "UBND tỉnh Lạng Sơn",
            "--parent-body", "UBND TỈNH LẠNG SƠN")
    assert r.code == 0, r.output
    data = yaml.safe_load((project / "plans" / "2026.yaml").read_text(encoding="utf-8"))
    assert data["reporting"]["recipient"] == "UBND tỉnh Lạng Sơn"
    assert data["reporting"]["recipients"][0] == "UBND tỉnh Lạng Sơn (b/c)"
    assert data["meta"]["parent_body"] == "UBND TỈNH LẠNG SƠN"
    assert "huyện" not in json.dumps(data["reporting"], ensure_ascii=False)


def test_district_recipient_is_asked_on_a_terminal(cli, project, monkeypatch):
    import kehoach.cli.init as initmod

    monkeypatch.setattr(initmod, "_interactive", lambda: True)
    r = cli("init", "2025", "--from", "plans/2023.yaml", input="UBND tỉnh Lạng Sơn\nUBND TỈNH LẠNG SƠN\n")
    assert r.code == 0, r.output
    assert "không còn cấp huyện" in r.stderr
    data = yaml.safe_load((project / "plans" / "2025.yaml").read_text(encoding="utf-8"))
    assert data["reporting"]["recipient"] == "UBND tỉnh Lạng Sơn"


def test_a_2024_plan_may_still_report_to_the_district(cli, project):
    r = cli("init", "2024")
    assert r.code == 0, r.output
    data = yaml.safe_load((project / "plans" / "2024.yaml").read_text(encoding="utf-8"))
    assert data["reporting"]["recipient"] == "UBND huyện Cao Lộc"


def test_carried_records_are_the_only_ones_dated_before_the_plan_year(cli, project):
    assert cli("init", "2024").code == 0
    journal = project / "plans" / "2024.journal.jsonl"
    line = {"op": "add", "id": "HD0007", "kind": "tiep_nhan", "date": "2023-06-01", "unit": "ca",
            "fields": {"loai": "tin báo", "tom_tat": "Tin báo cũ"}, "note": "", "by": "cb", "at": "2023-06-01T08:00:00+07:00"}
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    r = cli("check", "--plan", "plans/2024.yaml")
    assert r.code == 1 and "ngày 01/06/2023 nằm ngoài thời gian của kế hoạch" in r.stderr
    line["id"], line["carried_from"] = "HD0008", "plans/2023.journal.jsonl"
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    r = cli("check", "--plan", "plans/2024.yaml")
    assert "HD0008" not in r.stderr  # the carried record is accepted


def test_check_warns_when_year_title_dates_and_basis_disagree(cli, project):
    text = PLAN_2023.read_text(encoding="utf-8").replace("  year: 2023", "  year: 2024", 1)
    (project / "plans" / "2024.yaml").write_text(text, encoding="utf-8")
    r = cli("check", "--plan", "plans/2024.yaml")
    assert r.code == 0, r.output
    assert "cảnh báo [year-mismatch]: «meta.title» nói năm 2023 nhưng kế hoạch là năm 2024." in r.stderr
    assert "cảnh báo [year-mismatch]: ngày ban hành 2023-03 không thuộc năm 2024" in r.stderr
    assert "cảnh báo [old-basis]: văn bản căn cứ «101/KH-UBND» là của năm 2023" in r.stderr
    # the copy that still says 2023 in a file named 2024
    (project / "plans" / "2024.yaml").write_text(PLAN_2023.read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("check", "--plan", "plans/2024.yaml")
    assert "tệp «2024.yaml» mang năm 2024 nhưng «meta.year» là 2023." in r.stderr
    # the bundled plan is coherent
    r = cli("check", "--plan", "plans/2023.yaml")
    assert "year-mismatch" not in r.stderr and "old-basis" not in r.stderr


def test_an_id_of_last_year_is_not_found_in_the_new_year(cli, project):
    """Ids continue after the last of last year's journal: `void HD0004` typed against the new year's plan (meaning
    last year's posting) finds nothing, instead of voiding this year's HD0004 — a void cannot be taken back."""
    for day in ("1/12/2023", "2/12/2023", "3/12/2023"):
        _log(cli, "dang_tin", "kenh=bang tin xa", f"tieu_de=Tin {day}", "--date", day, "--allow-duplicate")
    _log(cli, "tiep_nhan", "loai=tin báo", "tom_tat=Tin báo", "--date", "4/12/2023")  # HD0004, carried
    r = cli("void", "HD0002", "--reason", "ghi nhầm")  # HD0005: a correction's id counts too
    assert r.code == 0, r.output
    assert cli("init", "2024").code == 0
    journal = project / "plans" / "2024.journal.jsonl"
    assert "ids-after: HD0005" in journal.read_text(encoding="utf-8")
    r = _log(cli, "dang_tin", "kenh=bang tin xa", "tieu_de=Tin đầu năm", "--date", "5/1/2024")
    assert "Đã ghi HD0006" in r.stdout
    r = cli("void", "HD0003", "--reason", "ghi nhầm")  # last year's posting, typed against this year's plan
    assert r.code == 1 and "HD0003" in r.stderr
    assert [x["id"] for x in _records(journal)] == ["HD0004", "HD0006"]  # nothing voided
    # the line edited away by hand: ids still never repeat one of this journal (only the guard across years goes)
    text = journal.read_text(encoding="utf-8")
    journal.write_text("\n".join(l for l in text.splitlines() if "ids-after" not in l) + "\n", encoding="utf-8")
    assert "Đã ghi HD0007" in _log(cli, "dang_tin", "kenh=bang tin xa", "tieu_de=Tin 2", "--date", "6/1/2024").stdout


def test_only_an_ids_after_line_sets_where_ids_continue():
    from kehoach.journal.writing import greatest_id

    head = b"# Nh\xe1\xba\xadt k\xc3\xbd n\xc4\x83m 2024.\n# ids-after: HD0060 (m\xc3\xa3 m\xe1\xbb\x9bi ...)\n"
    rec = b'{"op": "add", "id": "HD0045", "kind": "x", "note": "# ids-after: HD9999"}\n'
    assert greatest_id(head + rec) == 60  # a note quoting the line is text of a record, not the line
    assert greatest_id(rec) == 45 and greatest_id(b"") == 0
