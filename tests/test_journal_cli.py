"""`kehoach log`, `void`, `amend`, `show`, `activities` on real files."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from conftest import PLAN_2023, ROOT


@pytest.fixture
def plan2023(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    dest = folder / "2023.yaml"
    shutil.copy(PLAN_2023, dest)
    (tmp_path / "schema").mkdir()
    return dest


def _journal(plan):
    return plan.with_name(plan.stem + ".journal.jsonl")


# one typed line per activity kind of plans/2023.yaml
EVERY_KIND = [
    ["tuyen_truyen", "thon=thon 1,thon 2", "hinh_thuc=hop thon", "so_nguoi=45", "noi_dung=Luật phòng, chống mại dâm"],
    ["dang_tin", "kenh=dai truyen thanh xa", "tieu_de=Tin tháng 4"],
    ["tuyen_truyen_co_so", "co_so=karaoke a,nha nghi b", "so_lao_dong=10"],
    ["long_ghep", "to_chuc=hoi phu nu", "chuong_trinh=phong, chong ma tuy"],
    ["khao_sat", "doi_tuong=thanh nien chua co viec lam", "so_nguoi=20"],
    ["kiem_tra", "co_so=massage a", "so_vi_pham=1", "so_vu_xu_ly=1", "hinh_thuc_xu_ly=Phạt tiền"],
    ["tiep_nhan", "loai=tin bao", "tom_tat=Tin báo qua đường dây nóng"],
    ["ho_tro", "so_co_nhu_cau=2", "so_duoc_ho_tro=1", "dich_vu=giao duc nghe nghiep", "ma_doi_tuong=NBD-01"],
    ["can_thiep", "noi_dung=Nhóm đồng đẳng", "so_nguoi=8"],
    ["danh_gia", "chi_tieu=4.1.a", "ket_qua=kha", "minh_chung=Biên bản kiểm tra"],
    ["tap_huan", "can_bo=cb-vhxh,ctv 1", "noi_dung=Kỹ năng", "cap=huyen"],
    ["bieu_duong", "so_tap_the=1", "so_ca_nhan=2"],
    ["bao_cao", "ky=6 thang dau nam", "noi_nhan=UBND huyện Cao Lộc"],
]


def test_log_every_kind_then_list_as_json(cli, plan2023):
    for i, args in enumerate(EVERY_KIND):
        r = cli("log", *args, "--date", f"{i + 1}/4/2023", "--by", "lan", "--plan", plan2023)
        assert r.code == 0, r.output
        assert r.stdout.startswith(f"Đã ghi HD{i + 1:04d} · {i + 1:02d}/04/2023")
    r = cli("log", "xu_ly", "vu_viec=7", "ket_qua=chuyen co quan dieu tra", "--date", "20/4/2023", "--plan", plan2023)
    assert r.code == 0, r.output
    data = json.loads(cli("activities", "--json", "--plan", plan2023).stdout)["activities"]
    assert [a["kind"] for a in data] == [a[0] for a in EVERY_KIND] + ["xu_ly"]
    by_kind = {a["kind"]: a for a in data}
    assert by_kind["tuyen_truyen"]["fields"] == {"thon": ["thon-1", "thon-2"], "hinh_thuc": "Họp thôn", "so_nguoi": 45,
                                                 "noi_dung": "Luật phòng, chống mại dâm"}
    assert by_kind["tuyen_truyen_co_so"]["fields"]["co_so"] == ["karaoke-a", "nha-nghi-b"]
    assert by_kind["kiem_tra"]["fields"]["co_so"] == ["massage-a"]
    assert by_kind["long_ghep"]["fields"]["chuong_trinh"] == "Phòng, chống ma túy"
    assert by_kind["danh_gia"]["fields"] == {"chi_tieu": "4.1.a", "ket_qua": "Khá", "minh_chung": "Biên bản kiểm tra"}
    assert by_kind["xu_ly"]["fields"]["vu_viec"] == "HD0007"
    assert by_kind["tap_huan"]["unit"] == "vhxh" and by_kind["kiem_tra"]["unit"] == "ca"
    assert all(a["by"] == "lan" for a in data[:-1])
    assert cli("check", "--plan", plan2023).code == 0


def test_unknown_and_ambiguous_names_are_refused(cli, plan2023):
    r = cli("log", "kiem_tra", "co_so=karaoke", "so_vi_pham=0", "so_vu_xu_ly=0", "-d", "1/5/2023", "--plan", plan2023)
    assert r.code == 1
    assert "khớp với nhiều cơ sở" in r.stderr and "karaoke-a" in r.stderr and "karaoke-b" in r.stderr
    r = cli("log", "tuyen_truyen", "thon=thon 9", "hinh_thuc=hop thon", "-d", "1/5/2023", "--plan", plan2023)
    assert r.code == 1 and "không có thôn «thon 9»" in r.stderr
    r = cli("log", "tuyen_truyen", "thon=thon 1", "hinh_thuc=hop thonn", "-d", "1/5/2023", "--plan", plan2023)
    assert r.code == 1 and "Có phải ý bạn là: Họp thôn" in r.stderr
    r = cli("log", "tuyen_truyenn", "--plan", plan2023)
    assert r.code == 1 and "tuyen_truyen" in r.stderr
    assert not _journal(plan2023).exists()  # nothing written on refusal


def test_missing_fields_without_terminal_are_listed_not_prompted(cli, plan2023):
    r = cli("log", "kiem_tra", "so_vi_pham=1", "-d", "1/5/2023", "--plan", plan2023, input="")
    assert r.code == 1
    assert "thiếu 2 trường bắt buộc" in r.stderr
    assert "co_so (Cơ sở được kiểm tra)" in r.stderr and "so_vu_xu_ly" in r.stderr
    assert not _journal(plan2023).exists()


def test_prompting_on_a_terminal(cli, plan2023, monkeypatch):
    import kehoach.cli.do_log as logmod

    monkeypatch.setattr(logmod, "_interactive", lambda: True)
    r = cli("log", "kiem_tra", "so_vi_pham=1", "so_vu_xu_ly=1", "-d", "1/5/2023", "--plan", plan2023,
            input="xyz\n1,3\n\n")  # then Enter skips the optional field
    assert r.code == 0, r.output
    assert "1. Karaoke A (mẫu)" in r.stderr  # the registry's choices are shown
    assert "không có cơ sở «xyz»" in r.stderr  # a wrong answer is asked again
    data = json.loads(cli("activities", "--json", "--plan", plan2023).stdout)["activities"]
    assert data[0]["fields"]["co_so"] == ["karaoke-a", "nha-nghi-a"]


def test_dates_outside_the_plan_year_need_force(cli, plan2023):
    args = ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=X", "--plan", plan2023]
    r = cli(*args, "--date", "2/1/2024")
    assert r.code == 1 and "thuộc kỳ báo cáo năm 2024" in r.stderr  # Nghị định 09: 15–31/12 → next year
    r = cli(*args, "--date", "31/2/2023")
    assert r.code == 1 and "không tồn tại" in r.stderr
    r = cli(*args, "--date", "2/1/2024", "--force")
    assert r.code == 0
    assert cli("check", "--plan", plan2023).code == 0  # a forced date is accepted by check too


def test_void_and_amend_append_and_never_rewrite(cli, plan2023):
    base = ["--plan", plan2023]
    assert cli("log", "tuyen_truyen", "thon=thon 1", "hinh_thuc=hop thon", "so_nguoi=40", "-d", "3/3/2023", *base).code == 0
    assert cli("log", "tuyen_truyen", "thon=thon 2", "hinh_thuc=hop thon", "-d", "4/3/2023", *base).code == 0
    before = _journal(plan2023).read_bytes()
    r = cli("amend", "HD0001", "so_nguoi=55", "thon=thon 3", "--reason", "Đếm lại", *base)
    assert r.code == 0, r.output
    r = cli("void", "hd2", "--reason", "Ghi trùng", *base)
    assert r.code == 0, r.output
    after = _journal(plan2023).read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    data = json.loads(cli("activities", "--json", *base).stdout)["activities"]
    assert [a["id"] for a in data] == ["HD0001"]
    assert data[0]["fields"]["so_nguoi"] == 55 and data[0]["fields"]["thon"] == ["thon-3"]
    shown = json.loads(cli("show", "HD0001", "--json", *base).stdout)
    assert [h["op"] for h in shown["history"]] == ["add", "amend"]
    assert "Đếm lại" in shown["history"][1]["what"]
    voided = json.loads(cli("show", "HD0002", "--json", *base).stdout)
    assert voided["voided"] is True and voided["history"][-1]["what"] == "lý do: Ghi trùng"
    # a reason is required; voiding twice is refused; nothing is written then
    assert cli("void", "HD0002", *base).code == 2
    r = cli("void", "HD0002", "--reason", "lần hai", *base)
    assert r.code == 1 and "đã bị huỷ" in r.stderr
    r = cli("amend", "HD0001", "--reason", "  ", "so_nguoi=1", *base)
    assert r.code == 1 and "lý do" in r.stderr
    r = cli("amend", "HD0009", "so_nguoi=1", "--reason", "x", *base)
    assert r.code == 1 and "không có hoạt động mã «HD0009»" in r.stderr
    assert _journal(plan2023).read_bytes() == after


def test_cases_received_then_handled(cli, plan2023):
    base = ["--plan", plan2023]
    assert cli("log", "tiep_nhan", "loai=to giac", "tom_tat=Tố giác", "-d", "1/3/2023", *base).code == 0
    assert cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=X", "-d", "2/3/2023", *base).code == 0
    r = cli("log", "xu_ly", "vu_viec=HD0002", "ket_qua=khac", "-d", "5/3/2023", *base)
    assert r.code == 1 and "không phải «Tiếp nhận tố giác, tin báo, khiếu nại»" in r.stderr
    r = cli("log", "xu_ly", "vu_viec=HD0099", "ket_qua=khac", "-d", "5/3/2023", *base)
    assert r.code == 1 and "HD0001" in r.stderr  # the cases on record are suggested
    r = cli("log", "xu_ly", "vu_viec=1", "ket_qua=khac", "-d", "5/3/2023", *base)
    assert r.code == 0 and "Xử lý xong HD0001" in r.stdout


def test_activities_filters_and_csv(cli, tmp_path):
    plan = tmp_path / "2023.yaml"
    shutil.copy(PLAN_2023, plan)
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "2023.journal.jsonl")
    base = ["--plan", plan]
    h1 = json.loads(cli("activities", "--period", "h1", "--json", *base).stdout)
    assert h1["period"]["start"] == "2022-12-15" and h1["period"]["end"] == "2023-06-14"
    assert all("2022-12-15" <= a["date"] <= "2023-06-14" for a in h1["activities"])
    dates = [a["date"] for a in h1["activities"]]
    assert dates == sorted(dates)
    police = json.loads(cli("activities", "--unit", "cong an xa", "--json", *base).stdout)["activities"]
    assert police and {a["unit"] for a in police} == {"ca"}
    village = json.loads(cli("activities", "--member", "thon 6", "--json", *base).stdout)["activities"]
    assert village and all("thon-6" in a["fields"]["thon"] for a in village)
    kinds = json.loads(cli("activities", "--kind", "kiem tra", "--json", *base).stdout)["activities"]
    assert kinds and {a["kind"] for a in kinds} == {"kiem_tra"}
    r = cli("activities", "--csv", "--kind", "tuyen_truyen", *base)
    raw = r.stdout.encode("utf-8") if isinstance(r.stdout, str) else r.stdout
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Mã", "Ngày", "Loại hoạt động", "Đơn vị", "Nội dung"]
    assert "Thôn" in rows[0] and any("Thôn 5" in c for c in rows[1])  # names, not ids
    assert cli("activities", "--period", "h7", *base).code == 1


def test_personal_data_warning(cli, plan2023):
    args = ["log", "tiep_nhan", "loai=tin bao", "tom_tat=Anh A, số 0912345678, CCCD 012345678901",
            "-d", "1/3/2023", "--plan", plan2023]
    r = cli(*args)  # off a terminal: refused before anything is written
    assert r.code == 1 and not _journal(plan2023).exists()
    assert "số điện thoại" in r.stderr and "số CCCD/CMND" in r.stderr and "--allow-personal-data" in r.stderr
    r = cli(*args, "--allow-personal-data")
    assert r.code == 0
    assert "số điện thoại" in r.stderr and "số CCCD/CMND" in r.stderr
    assert "Nghị định 13/2023" in r.stderr


def test_a_required_field_typed_empty_is_missing_off_a_terminal(cli, plan2023):
    """«tieu_de=» gives nothing: off a terminal nobody can be asked, so it is refused like a field left out
    (it was asked for on standard output and answered by whatever came down a pipe)."""
    journal = plan2023.with_name("2023.journal.jsonl")
    before = journal.read_bytes() if journal.exists() else None
    r = cli("log", "dang_tin", "kenh=bang tin xa", "tieu_de=", "--date", "12/4/2023", "--plan", plan2023,
            input="Tin từ ống\n")
    assert r.code == 1 and "[missing-fields]" in r.stderr and "tieu_de" in r.stderr
    assert (journal.read_bytes() if journal.exists() else None) == before


def test_an_amend_may_not_put_a_handling_before_its_case(cli, sample):
    """As `log` refuses a handling dated before its receipt, `amend` refuses to make one: by moving the receipt
    after its handling, by moving the handling before its receipt, or by pointing it at a later case."""
    journal = sample / "plans" / "2023.journal.jsonl"
    before = journal.read_bytes()
    r = cli("amend", "HD0028", "--date", "2/4/2023", "--reason", "sửa ngày")  # handled by HD0042 on 30/03
    assert r.code == 1 and "[date-after-handling]" in r.stderr and "HD0042" in r.stderr
    r = cli("amend", "HD0042", "--date", "19/3/2023", "--reason", "sửa ngày")  # its case HD0028 came on 20/03
    assert r.code == 1 and "[date-before-entry]" in r.stderr
    r = cli("amend", "HD0043", "vu_viec=HD0031", "--reason", "nhầm vụ việc")  # HD0031 came on 01/11
    assert r.code == 1 and "[date-before-entry]" in r.stderr
    assert journal.read_bytes() == before
    assert cli("amend", "HD0028", "--date", "25/3/2023", "--reason", "sửa ngày").code == 0  # still before 30/03


def test_a_hand_written_amend_that_reorders_a_case_is_reported_and_not_applied(cli, sample, monkeypatch):
    """Written by another tool, such an amend is a journal error (`check`), left out of every figure — the same
    with the journal's cache warm (the amend read on top of it) as in a full read."""
    journal = sample / "plans" / "2023.journal.jsonl"
    assert cli("status", "--period", "h1", "--as-of", "20/5/2023").code == 0  # the cache is warm
    last = max(int(json.loads(x)["id"][2:]) for x in journal.read_text(encoding="utf-8").splitlines()
               if x.startswith("{"))
    amend = {"op": "amend", "id": f"HD{last + 1:04d}", "target": "HD0028", "set": {"date": "2023-04-02"},
             "reason": "sửa tay"}
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(amend, ensure_ascii=False) + "\n")
    r = cli("check")
    assert r.code == 1 and "[journal-order]" in r.stderr and "HD0042" in r.stderr
    warm = cli("status", "--period", "h1", "--as-of", "20/5/2023", "--json")
    cold = cli("status", "--period", "h1", "--as-of", "20/5/2023", "--json", env={"KEHOACH_CACHE": "off"})
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr and "journal-order" in cold.stderr


def test_a_case_closed_twice_is_judged_on_the_journal_as_corrected(cli, sample):
    """«Closed twice» names the handling that counts after every correction: once the first handling is voided,
    the second is the one that counts and nothing is said (the hint must never lead to voiding the one that
    counts) — the same with the journal's cache warm as without."""
    journal = sample / "plans" / "2023.journal.jsonl"
    assert cli("check").code == 0
    last = max(int(json.loads(x)["id"][2:]) for x in journal.read_text(encoding="utf-8").splitlines()
               if x.startswith("{"))
    second = f"HD{last + 1:04d}"
    handling = {"op": "add", "id": second, "kind": "xu_ly", "date": "2023-04-02", "unit": "ca",
                "fields": {"vu_viec": "HD0028", "ket_qua": "Không có vi phạm"}}  # HD0042 handled it on 30/03
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(handling, ensure_ascii=False) + "\n")
    r = cli("check")
    assert f"bản ghi {second}: vụ việc HD0028 đã được xử lý ở HD0042" in r.stderr
    assert cli("void", "HD0042", "--reason", "ghi nhầm vụ việc").code == 0
    for env in ({}, {"KEHOACH_CACHE": "off"}):
        r = cli("check", env=env)
        assert r.code == 0 and "journal-closed-twice" not in r.stderr, r.stderr
