"""Write plans/2023.journal.jsonl: the SAMPLE journal of the bundled 2023 plan.

Run from the repository root: `python scripts/make_sample_journal.py`. The activities are
invented to show every indicator in an interesting state (some met, some behind, villages and
establishments still missing); they are not real data of xã Hồng Phong.
"""

from __future__ import annotations

import json
from pathlib import Path

HEADER = [
    "# NHẬT KÝ MẪU (dữ liệu mẫu) của plans/2023.yaml — không phải số liệu thực tế của xã Hồng Phong.",
    "# Mỗi dòng là một bản ghi JSON; chỉ ghi thêm, không sửa dòng cũ (dùng kehoach amend / kehoach void).",
    "# Tạo lại bằng: python scripts/make_sample_journal.py",
]

U = {"vhxh": "cb.vhxh (mẫu)", "ca": "cb.congan (mẫu)", "tp": "cb.tuphap (mẫu)", "vp": "cb.vanphong (mẫu)"}


def add(day, kind, unit, fields, note=""):
    return {"op": "add", "kind": kind, "date": day, "unit": unit, "fields": fields, "note": note,
            "by": U[unit], "at": f"{day}T17:00:00+07:00"}


# The plan was issued in March 2023 (day left blank), so its plan year runs 01/03/2023 – 14/12/2023 (Nghị định 09).
# Designed so that h1 and q3 each show all five statuses (see docs/time-model.md for the worked figures):
#   h1 (to 14/06): đạt 1.1.c · đúng tiến độ 1.1.b, 3.1.b-2, 5.1.a · chậm 1.1.a, 2.1.a · chưa đạt 3.1.a ·
#                  chưa có dữ liệu 3.1.b-1, 4.1.a, 4.1.b
#   q3 (to 14/09): đạt 1.1.c · đúng tiến độ 5.1.a · chậm 2.1.a, 3.1.b-2, 4.1.b · chưa đạt 1.1.a, 1.1.b, 3.1.a ·
#                  chưa có dữ liệu 3.1.b-1, 4.1.a
#   nam (to 14/12): đạt 1.1.c, 3.1.b-2, 4.1.a, 5.1.a · chưa đạt 1.1.a, 1.1.b, 2.1.a, 3.1.a, 4.1.b ·
#                  chưa có dữ liệu 3.1.b-1 (once the year is over, only these three can be true)
ACTS = [
    # I. propaganda in villages (1.1.a, kept up every quarter): thon-3 never; thon-5 not in Q2 nor Q3;
    # thon-6 not in Q2 (first reached in July)
    add("2023-03-02", "tuyen_truyen", "tp", {"thon": ["thon-5", "thon-7"], "hinh_thuc": "Họp thôn", "so_nguoi": 64}),
    add("2023-04-12", "tuyen_truyen", "vhxh", {"thon": ["thon-1"], "hinh_thuc": "Sân khấu hoá", "so_nguoi": 150}),
    add("2023-05-08", "tuyen_truyen", "vhxh", {"thon": ["thon-2", "thon-4"], "hinh_thuc": "Tờ rơi - áp phích", "so_nguoi": 90}),
    add("2023-06-05", "tuyen_truyen", "tp", {"thon": ["thon-7"], "hinh_thuc": "Họp thôn", "so_nguoi": 40}),
    add("2023-07-18", "tuyen_truyen", "vhxh", {"thon": ["thon-1", "thon-6"], "hinh_thuc": "Họp thôn", "so_nguoi": 70}),
    add("2023-08-22", "tuyen_truyen", "vhxh", {"thon": ["thon-2", "thon-4", "thon-7"], "hinh_thuc": "Loa truyền thanh", "so_nguoi": 210}),
    add("2023-10-05", "tuyen_truyen", "vhxh", {"thon": ["thon-1", "thon-2", "thon-6"], "hinh_thuc": "Mạng xã hội", "so_nguoi": 300}),
    add("2023-11-14", "tuyen_truyen", "tp", {"thon": ["thon-4", "thon-7", "thon-5"], "hinh_thuc": "Họp thôn", "so_nguoi": 95}),
    # posts on commune media (1.1.b, at least once a month): none in August nor September
    add("2023-03-20", "dang_tin", "vhxh", {"kenh": "Đài truyền thanh xã", "tieu_de": "Phòng, chống mua bán người"}),
    add("2023-04-25", "dang_tin", "vhxh", {"kenh": "Mạng xã hội của xã", "tieu_de": "Giảm kỳ thị với người bán dâm"}),
    add("2023-05-30", "dang_tin", "vhxh", {"kenh": "Đài truyền thanh xã", "tieu_de": "Kết quả kiểm tra cơ sở kinh doanh dịch vụ"}),
    add("2023-06-20", "dang_tin", "vhxh", {"kenh": "Bảng tin xã", "tieu_de": "Sơ kết 6 tháng"}),
    add("2023-07-25", "dang_tin", "vhxh", {"kenh": "Đài truyền thanh xã", "tieu_de": "Hành vi tình dục an toàn"}),
    add("2023-10-10", "dang_tin", "vhxh", {"kenh": "Trang thông tin điện tử xã", "tieu_de": "Tố giác hành vi vi phạm"}),
    add("2023-10-30", "dang_tin", "vhxh", {"kenh": "Đài truyền thanh xã", "tieu_de": "Phòng, chống HIV/AIDS"}),
    add("2023-11-28", "dang_tin", "vhxh", {"kenh": "Mạng xã hội của xã", "tieu_de": "Tổng kết năm"}),
    # workers at establishments (1.1.c): 9 + 5 + 8 = all 22 by June (a cumulative target met at h1)
    add("2023-03-09", "tuyen_truyen_co_so", "tp", {"co_so": ["karaoke-a", "nha-nghi-a"], "so_lao_dong": 9}),
    add("2023-05-16", "tuyen_truyen_co_so", "tp", {"co_so": ["massage-a"], "so_lao_dong": 5}),
    add("2023-06-07", "tuyen_truyen_co_so", "tp", {"co_so": ["karaoke-b", "nha-nghi-b", "cat-toc-a"], "so_lao_dong": 8}),
    # organisations integrating the programme (2.1.a): the schools never
    add("2023-04-20", "long_ghep", "vhxh", {"to_chuc": ["doan-thanh-nien"], "chuong_trinh": "Phòng, chống HIV/AIDS"}),
    add("2023-05-25", "long_ghep", "vhxh", {"to_chuc": ["hoi-nong-dan"], "chuong_trinh": "An sinh - trợ giúp xã hội"}),
    add("2023-08-10", "long_ghep", "vhxh", {"to_chuc": ["hoi-cuu-chien-binh", "tram-y-te"], "chuong_trinh": "Phòng, chống mua bán người"}),
    add("2023-10-17", "long_ghep", "vhxh", {"to_chuc": ["mttq", "hoi-phu-nu"], "chuong_trinh": "Phòng, chống ma túy"}),
    add("2023-03-15", "khao_sat", "vhxh", {"doi_tuong": "Thanh niên chưa có việc làm", "so_nguoi": 35}),
    # inspections (3.1.b, 3.1.c): no violation found all year; 5 of the 6 establishments at risk inspected
    add("2023-05-19", "kiem_tra", "ca", {"co_so": ["nha-nghi-a", "massage-a"], "so_vi_pham": 0, "so_vu_xu_ly": 0}),
    add("2023-10-24", "kiem_tra", "ca", {"co_so": ["nha-nghi-b", "khach-san-a"], "so_vi_pham": 0, "so_vu_xu_ly": 0}),
    add("2023-11-22", "kiem_tra", "ca", {"co_so": ["karaoke-a", "karaoke-b"], "so_vi_pham": 0, "so_vu_xu_ly": 0}),
    # cases received (3.1.a); their handling is added in main()
    add("2023-03-20", "tiep_nhan", "ca", {"loai": "tin báo", "tom_tat": "Nghi có hoạt động môi giới tại một cơ sở lưu trú"}),
    add("2023-04-05", "tiep_nhan", "ca", {"loai": "tố giác", "tom_tat": "Tố giác chứa mại dâm tại quán karaoke"}),
    add("2023-06-01", "tiep_nhan", "ca", {"loai": "khiếu nại", "tom_tat": "Khiếu nại quyết định xử phạt"}),
    add("2023-11-01", "tiep_nhan", "ca", {"loai": "tin báo", "tom_tat": "Tin báo qua đường dây nóng"}),
    add("2023-12-05", "tiep_nhan", "ca", {"loai": "tố giác", "tom_tat": "Tố giác môi giới mại dâm qua mạng xã hội"}),
    # support (4.1.b), harm reduction, assessment (4.1.a)
    add("2023-09-05", "ho_tro", "vp", {"so_co_nhu_cau": 2, "so_duoc_ho_tro": 1, "dich_vu": "Việc làm - vay vốn"}),
    add("2023-11-20", "ho_tro", "vp", {"so_co_nhu_cau": 2, "so_duoc_ho_tro": 2, "dich_vu": "Y tế - HIV/AIDS"}),
    add("2023-04-18", "can_thiep", "vp", {"noi_dung": "Sinh hoạt nhóm đồng đẳng", "so_nguoi": 12}),
    add("2023-12-08", "danh_gia", "vhxh", {"chi_tieu": "4.1.a", "ket_qua": "Tốt", "minh_chung": "Báo cáo tổng kết mô hình thí điểm năm 2023"}),
    # training (5.1.a)
    add("2023-04-26", "tap_huan", "vhxh", {"can_bo": ["cb-vhxh", "cb-ca-1", "ctv-1"], "noi_dung": "Kỹ năng tuyên truyền", "cap": "Huyện"}),
    add("2023-09-12", "tap_huan", "vhxh", {"can_bo": ["cb-tp", "cb-ca-2"], "noi_dung": "Can thiệp giảm hại", "cap": "Tỉnh"}),
    add("2023-11-09", "tap_huan", "vhxh", {"can_bo": ["ctv-2"], "noi_dung": "Hỗ trợ hòa nhập cộng đồng", "cap": "Xã"}),
    add("2023-06-19", "bao_cao", "vhxh", {"ky": "6 tháng đầu năm", "noi_nhan": "UBND huyện Cao Lộc"}),
    add("2023-12-05", "bieu_duong", "vhxh", {"so_tap_the": 1, "so_ca_nhan": 3, "hinh_thuc": "Giấy khen của UBND xã"}),
]


def main() -> None:
    lines = list(HEADER)
    records = []
    for i, rec in enumerate(ACTS, 1):
        records.append({"op": rec.pop("op"), "id": f"HD{i:04d}", **rec})
    ids = {(r["kind"], r["date"]): r["id"] for r in records}
    n = len(records)
    # 20/3 handled in 10 days (on time); 5/4 handled after 35 days (limit 20: 15 days late); the complaint of
    # 1/6 handled on 25/6 (limit 30), in the next period; 1/11 still open at the year's cut-off (overdue);
    # 5/12 still open within its limit
    handled = [("2023-03-30", "2023-03-20", "Không có vi phạm"),
               ("2023-05-10", "2023-04-05", "Chuyển cơ quan điều tra"),
               ("2023-06-25", "2023-06-01", "Giải quyết khiếu nại")]
    for day, received, result in handled:
        n += 1
        records.append({"op": "add", "id": f"HD{n:04d}", "kind": "xu_ly", "date": day, "unit": "ca",
                        "fields": {"vu_viec": ids[("tiep_nhan", received)], "ket_qua": result}, "note": "",
                        "by": U["ca"], "at": f"{day}T17:00:00+07:00"})
    # a correction and a cancellation, as an officer would make them
    n += 1
    records.append({"op": "amend", "id": f"HD{n:04d}", "target": ids[("tuyen_truyen", "2023-04-12")],
                    "set": {"fields": {"so_nguoi": 160}}, "reason": "Đếm lại theo danh sách ký tên",
                    "by": U["vhxh"], "at": "2023-04-13T08:30:00+07:00"})
    n += 1
    records.append({"op": "add", "id": f"HD{n:04d}", "kind": "tuyen_truyen", "date": "2023-04-12", "unit": "vhxh",
                    "fields": {"thon": ["thon-3"], "hinh_thuc": "Họp thôn", "so_nguoi": 30}, "note": "",
                    "by": U["vhxh"], "at": "2023-04-12T17:05:00+07:00"})
    n += 1
    records.append({"op": "void", "id": f"HD{n:04d}", "target": f"HD{n - 1:04d}",
                    "reason": "Ghi nhầm: buổi họp ở Thôn 3 bị hoãn", "by": U["vhxh"], "at": "2023-04-13T08:35:00+07:00"})
    for r in records:
        lines.append(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")))
    Path("plans/2023.journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
