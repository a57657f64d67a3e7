"""Finding what to log (`kinds`, prompts), guarding the journal (duplicates, a case closed twice, a voided id),
and the officer's habits (period words, swapped dates, running from inside plans/, help without Python types)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import PLAN_2023


@pytest.fixture
def plan2023(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "plans"
    folder.mkdir()
    dest = folder / "2023.yaml"
    shutil.copy(PLAN_2023, dest)
    return dest


def _journal(plan):
    return plan.with_name(plan.stem + ".journal.jsonl")


# ---------------------------------------------------------------- 2. finding what to log

def test_kinds_lists_fields_required_or_not_choices_and_an_example(cli, plan2023):
    r = cli("kinds")
    assert r.code == 0, r.output
    assert "tuyen_truyen — Tuyên truyền tại thôn" in r.stdout
    assert "so_nguoi: Số người tham dự — số nguyên từ 0; không bắt buộc" in r.stdout
    assert "thon: Thôn — tên thôn trong danh mục «thon» (nhiều: cách nhau dấu phẩy); bắt buộc" in r.stdout
    assert "Họp thôn | Loa truyền thanh" in r.stdout
    assert "Họp thôn (Họp thôn)" not in r.stdout
    data = json.loads(cli("kinds", "--json").stdout)["kinds"]
    assert len(data) == 14
    # every example line is accepted by `log` as it is printed (a case id only once such a case exists)
    for kind in data:
        args = _split(kind["example"])[2:]
        r = cli("log", *args, "--force", "--allow-duplicate")
        assert r.code == 0 or r.stderr.startswith("dòng lệnh: lỗi [bad-value]: vu_viec: mục HD0001"), r.output


def _split(line: str) -> list[str]:
    import shlex

    return shlex.split(line)


def test_kinds_of_one_kind_by_its_name(cli, plan2023):
    r = cli("kinds", "kiem tra")
    assert r.code == 0
    assert r.stdout.startswith("kiem_tra — Kiểm tra cơ sở kinh doanh dịch vụ")
    assert "tuyen_truyen" not in r.stdout


def test_log_without_a_kind_lists_the_kinds_and_writes_nothing(cli, plan2023):
    r = cli("log")
    assert r.code == 2
    assert "tiep_nhan — Tiếp nhận tố giác, tin báo, khiếu nại" in r.stderr
    assert "thiếu LOẠI hoạt động" in r.stderr
    assert not _journal(plan2023).exists()


def test_an_unknown_kind_points_to_kinds(cli, plan2023):
    r = cli("log", "radio")
    assert r.code == 1 and "kehoach kinds" in r.stderr


def test_prompts_offer_optional_fields_and_open_cases(cli, plan2023, monkeypatch):
    import kehoach.cli.do_log as logmod

    base = ["--plan", str(plan2023), "--by", "cb"]
    assert cli("log", "tiep_nhan", "loai=tin báo", "tom_tat=Tin báo A", "-d", "1/5/2023", *base).code == 0
    assert cli("log", "tiep_nhan", "loai=tố giác", "tom_tat=Tố giác B", "-d", "2/5/2023", *base).code == 0
    assert cli("log", "xu_ly", "vu_viec=HD0001", "ket_qua=Khác", "-d", "3/5/2023", *base).code == 0
    monkeypatch.setattr(logmod, "_interactive", lambda: True)
    # a case field lists the open cases only, and a number picks one
    r = cli("log", "xu_ly", "ket_qua=Khác", "-d", "4/5/2023", *base, input="1\n")
    assert r.code == 0, r.output
    assert "1. HD0002 · 02/05/2023 · Tiếp nhận tố giác: Tố giác B" in r.stderr
    assert "HD0001 · 01/05/2023" not in r.stderr
    acts = json.loads(cli("activities", "--json", "--plan", str(plan2023)).stdout)["activities"]
    assert acts[-1]["fields"]["vu_viec"] == "HD0002"
    # optional fields are offered: a value is kept, Enter skips
    r = cli("log", "tuyen_truyen", "thon=thon 1", "hinh_thuc=hop thon", "-d", "5/5/2023", *base, input="45\n\n")
    assert r.code == 0, r.output
    assert "Số người tham dự [Enter: bỏ qua]" in r.stdout + r.stderr
    acts = json.loads(cli("activities", "--json", "--plan", str(plan2023)).stdout)["activities"]
    assert acts[-1]["fields"] == {"thon": ["thon-1"], "hinh_thuc": "Họp thôn", "so_nguoi": 45}


# ---------------------------------------------------------------- 3. guarding the journal

def test_a_likely_duplicate_is_refused_off_a_terminal(cli, plan2023):
    args = ["log", "kiem_tra", "co_so=karaoke a", "so_vi_pham=0", "so_vu_xu_ly=0", "-d", "2/5/2023"]
    assert cli(*args).code == 0
    before = _journal(plan2023).read_bytes()
    r = cli(*args)
    assert r.code == 1
    assert "đã có HD0001 cùng loại, cùng ngày 02/05/2023, cùng nội dung. Chưa ghi gì." in r.stderr
    assert "--allow-duplicate" in r.stderr
    assert _journal(plan2023).read_bytes() == before
    assert cli(*args[:-1], "3/5/2023").code == 0  # another day is another inspection
    assert cli(*args, "--allow-duplicate").code == 0
    assert cli("void", "HD0001", "--reason", "ghi nhầm").code == 0
    # once voided, the first one no longer counts as a duplicate… but HD0003 still does
    assert "HD0003" in cli(*args).stderr


def test_a_likely_duplicate_is_confirmed_on_a_terminal(cli, plan2023, monkeypatch):
    import kehoach.cli.do_log as logmod

    args = ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin A", "-d", "2/5/2023"]
    assert cli(*args).code == 0
    monkeypatch.setattr(logmod, "_interactive", lambda: True)
    r = cli(*args, input="n\n")
    assert r.code == 130 and "Lưu ý: đã có HD0001" in r.stderr
    assert len(_journal(plan2023).read_text(encoding="utf-8").splitlines()) == 1
    r = cli(*args, input="y\n")
    assert r.code == 0, r.output
    assert len(_journal(plan2023).read_text(encoding="utf-8").splitlines()) == 2


def test_an_amended_activity_is_compared_in_its_corrected_state(cli, plan2023):
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin A", "-d", "2/5/2023").code == 0
    assert cli("amend", "HD0001", "tieu_de=Tin B", "--reason", "sửa tiêu đề").code == 0
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin A", "-d", "2/5/2023").code == 0
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin B", "-d", "2/5/2023")
    assert r.code == 1 and "đã có HD0001" in r.stderr


def test_a_case_closed_twice_is_refused_until_the_first_closing_is_voided(cli, plan2023):
    assert cli("log", "tiep_nhan", "loai=tin báo", "tom_tat=Tin báo A", "-d", "1/5/2023").code == 0
    assert cli("log", "xu_ly", "vu_viec=HD0001", "ket_qua=Khác", "-d", "3/5/2023").code == 0
    r = cli("log", "xu_ly", "vu_viec=1", "ket_qua=Không có vi phạm", "-d", "4/5/2023")
    assert r.code == 1
    assert "vụ việc HD0001 đã được xử lý xong ở HD0002; không ghi lần xử lý thứ hai." in r.stderr
    assert cli("void", "HD0002", "--reason", "ghi nhầm vụ việc").code == 0
    assert cli("log", "xu_ly", "vu_viec=1", "ket_qua=Không có vi phạm", "-d", "4/5/2023").code == 0


def test_show_of_a_voided_id_and_of_the_void_record(cli, plan2023):
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin A", "-d", "2/5/2023").code == 0
    r = cli("void", "HD0001", "--reason", "Ghi nhầm: chưa đăng")
    assert "bản ghi HD0002" in r.stdout
    for ident in ("HD0001", "HD0002"):
        r = cli("show", ident)
        assert r.code == 0, r.output
        assert "HD0001 · Đăng tin trên phương tiện truyền thông của xã (ĐÃ HUỶ)" in r.stdout
        assert "Đã huỷ bằng bản ghi HD0002" in r.stdout and "Lý do: Ghi nhầm: chưa đăng" in r.stdout
    assert "HD0002 là bản ghi sửa/huỷ của hoạt động HD0001" in cli("show", "HD0002").stdout
    data = json.loads(cli("show", "2", "--json").stdout)
    assert data["id"] == "HD0001" and data["record"] == "HD0002" and data["void"]["reason"] == "Ghi nhầm: chưa đăng"


def test_a_choice_typed_without_diacritics_nor_commas_is_logged(cli, plan2023):
    r = cli("log", "long_ghep", "to_chuc=hoi phu nu", "chuong_trinh=phong chong ma tuy", "-d", "2/8/2023")
    assert r.code == 0, r.output
    assert "Phòng, chống ma túy" in r.stdout


def test_void_and_amend_say_which_activity_and_which_journal_they_changed(cli, plan2023):
    """Ids start again in each year's journal (a new year's ids continue after its carried cases), so the same
    id names different activities in two years; a void or an amend says what it changed, in which file, so that
    one typed with the wrong year's plan does not go unnoticed."""
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin A", "-d", "2/5/2023").code == 0
    assert cli("log", "tiep_nhan", "loai=tin báo", "tom_tat=Tin báo A", "-d", "3/5/2023").code == 0
    r = cli("void", "HD0001", "--reason", "Ghi nhầm: chưa đăng")
    assert r.code == 0, r.output
    assert r.stdout.startswith("Đã huỷ HD0001 · 02/05/2023 · Công chức văn hoá xã hội: Đăng tin «Tin A» "
                               "(Bảng tin xã)")
    assert "bản ghi HD0003, nhật ký plans/2023.journal.jsonl" in r.stdout
    assert "Lý do: Ghi nhầm: chưa đăng" in r.stdout
    r = cli("amend", "HD0002", "tom_tat=Tin báo B", "--reason", "sửa tóm tắt")
    assert r.code == 0, r.output
    assert r.stdout.startswith("Đã sửa HD0002 · 03/05/2023 · Công an xã: Tiếp nhận tin báo: Tin báo B")
    assert "bản ghi HD0004, nhật ký plans/2023.journal.jsonl" in r.stdout


# ---------------------------------------------------------------- 5. habits

@pytest.mark.parametrize("words,code", [
    ("6 tháng đầu năm", "h1"), ("6 thang dau nam", "h1"), ("6 thang cuoi nam", "h2"), ("6 tháng cuối năm 2023", "h2"),
    ("quý 3", "q3"), ("quy 3", "q3"), ("Quý III", "q3"), ("năm", "nam"), ("cả năm", "nam"), ("ca nam", "nam"),
    ("tháng 5", "m5"), ("thang 12", "m12"),
])
def test_period_words_mean_the_same_as_the_codes(cli, words, code):
    args = ["status", "--plan", str(PLAN_2023), "--as-of", "31/12/2023", "--json", "--period"]
    by_words = json.loads(cli(*args, words).stdout)["period"]
    by_code = json.loads(cli(*args, code).stdout)["period"]
    assert by_words == by_code


def test_period_words_in_activities_and_unknown_words(cli):
    r = cli("activities", "--plan", str(PLAN_2023), "--period", "quý 2", "--json")
    assert json.loads(r.stdout)["period"]["title"] == "quý II năm 2023"
    r = cli("status", "--plan", str(PLAN_2023), "--period", "quý 5")
    assert r.code == 1 and "«quý 5»" in r.stderr


def test_swapped_day_and_month_get_a_suggestion(cli, plan2023):
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=X", "--date", "5/13/2023")
    assert r.code == 1
    assert "ngày «5/13/2023» không tồn tại. Có phải ý bạn là 13/5/2023 (ngày 13 tháng 5)?" in r.stderr
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=X", "--date", "31/2/2023")
    assert r.code == 1 and "Có phải ý bạn là" not in r.stderr


def test_plan_found_from_inside_plans_and_below_the_project(cli, plan2023, monkeypatch):
    monkeypatch.chdir(plan2023.parent)
    r = cli("check")
    assert r.code == 0, r.output
    assert "Kế hoạch hợp lệ: 2023.yaml" in r.stdout
    sub = plan2023.parent.parent / "bao-cao"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert cli("check").code == 0


def test_choices_are_not_listed_twice(cli, plan2023):
    # a partial name is a suggestion off a terminal (nothing recorded on a guess); the choice is named once
    r = cli("log", "tuyen_truyen", "thon=thon 1", "hinh_thuc=hop", "-d", "1/5/2023")
    assert r.code == 1 and "Có phải ý bạn là: Họp thôn?" in r.stderr and "Họp thôn (Họp thôn)" not in r.stderr
    r = cli("log", "tuyen_truyen", "thon=thon 1", "hinh_thuc=hopx", "-d", "1/5/2023")
    assert r.code == 1 and "Có phải ý bạn là: Họp thôn?" in r.stderr and "Họp thôn (Họp thôn)" not in r.stderr
    assert cli("log", "tuyen_truyen", "thon=thon 1", "hinh_thuc=hop thon", "-d", "1/5/2023").code == 0


def _commands(cli):
    out = cli("--help").stdout
    return sorted(set(re.findall(r"│ (\w+)\s{2,}", out)) - {"Usage"})


def test_help_has_examples_and_no_python_type_names(cli):
    names = _commands(cli)
    assert {"init", "kinds", "completion", "log", "status"} <= set(names)
    for name in names:
        out = cli(name, "--help").stdout
        assert "Ví dụ" in out, name
        assert f"kehoach {name}" in out.split("Ví dụ", 1)[1], name
        for python in ("<str>", "<bool>", "<int>", "<path>", "list[", "<list"):
            assert python not in out, (name, python)
    amend = cli("amend", "--help").stdout
    assert "Mặc định: hôm nay" not in amend and "giữ ngày cũ" in amend
    assert "--date" in amend and "NGÀY" in amend


def test_shell_completion_script_and_answers(cli, monkeypatch):
    r = cli("completion", "bash")
    assert r.code == 0 and "_KEHOACH_COMPLETE" in r.stdout and "complete" in r.stdout
    assert "_KEHOACH_COMPLETE" in cli("completion", "powershell").stdout
    assert cli("completion", "tcsh").code == 2
