"""Write a synthetic plan and journal of N activities, shaped like plans/2023.yaml, for benchmarks.

Registries grow with N (hundreds of villages and establishments at 100,000 entries); dates spread over
the plan's year; the kinds and field mix follow the sample journal; about 1% of records are corrections.

    python benchmarks/generate.py 100000 /tmp/bench-100k
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KIND_WEIGHTS = {"tuyen_truyen": 30, "dang_tin": 12, "tuyen_truyen_co_so": 10, "long_ghep": 6, "khao_sat": 3,
                "kiem_tra": 14, "tiep_nhan": 6, "xu_ly": 5, "ho_tro": 4, "can_thiep": 3, "danh_gia": 1,
                "tap_huan": 4, "bieu_duong": 1, "bao_cao": 1}


def scaled_registries(n: int) -> dict:
    villages = max(7, n // 200)
    shops = max(7, n // 200)
    staff = max(6, n // 500)
    plan = yaml.safe_load((ROOT / "plans" / "2023.yaml").read_text(encoding="utf-8"))
    regs = plan["registries"]
    regs["thon"]["members"] = [{"id": f"thon-{i}", "name": f"Thôn {i}"} for i in range(1, villages + 1)]
    types = regs["co_so"]["attributes"]["loai"]["choices"]
    regs["co_so"]["members"] = [{"id": f"co-so-{i}", "name": f"Cơ sở {i}",
                                 "attrs": {"loai": types[i % len(types)], "so_lao_dong": 2 + i % 9,
                                           "de_phat_sinh": i % 7 != 0}} for i in range(1, shops + 1)]
    regs["can_bo"]["members"] = [{"id": f"cb-{i}", "name": f"Cán bộ {i}", "attrs": {"chuc_danh": "Công chức"}}
                                 for i in range(1, staff + 1)]
    return plan


def fields_for(kind: str, rnd: random.Random, plan: dict, received: list[str]) -> dict:
    regs = plan["registries"]
    pick = lambda reg, k=1: rnd.sample([m["id"] for m in regs[reg]["members"]], k)  # noqa: E731
    kinds = plan["activity_kinds"]
    choice = lambda f: rnd.choice(kinds[kind]["fields"][f]["choices"])  # noqa: E731
    if kind == "tuyen_truyen":
        return {"thon": pick("thon", rnd.randint(1, 3)), "hinh_thuc": choice("hinh_thuc"), "so_nguoi": rnd.randint(10, 200)}
    if kind == "dang_tin":
        return {"kenh": choice("kenh"), "tieu_de": f"Tin số {rnd.randint(1, 10**6)}"}
    if kind == "tuyen_truyen_co_so":
        return {"co_so": pick("co_so", rnd.randint(1, 2)), "so_lao_dong": rnd.randint(1, 12)}
    if kind == "long_ghep":
        return {"to_chuc": pick("to_chuc"), "chuong_trinh": choice("chuong_trinh")}
    if kind == "khao_sat":
        return {"doi_tuong": choice("doi_tuong"), "so_nguoi": rnd.randint(5, 50)}
    if kind == "kiem_tra":
        v = rnd.randint(0, 2)
        return {"co_so": pick("co_so", rnd.randint(1, 2)), "so_vi_pham": v, "so_vu_xu_ly": rnd.randint(0, v)}
    if kind == "tiep_nhan":
        return {"loai": choice("loai"), "tom_tat": "Tin báo qua đường dây nóng"}
    if kind == "xu_ly":
        return {"vu_viec": rnd.choice(received), "ket_qua": choice("ket_qua")}
    if kind == "ho_tro":
        need = rnd.randint(1, 4)
        return {"so_co_nhu_cau": need, "so_duoc_ho_tro": rnd.randint(0, need), "dich_vu": choice("dich_vu")}
    if kind == "can_thiep":
        return {"noi_dung": "Sinh hoạt nhóm đồng đẳng", "so_nguoi": rnd.randint(3, 20)}
    if kind == "danh_gia":
        return {"chi_tieu": "4.1.a", "ket_qua": choice("ket_qua"), "minh_chung": "Biên bản kiểm tra"}
    if kind == "tap_huan":
        return {"can_bo": pick("can_bo", rnd.randint(1, 4)), "noi_dung": "Kỹ năng tuyên truyền", "cap": choice("cap")}
    if kind == "bieu_duong":
        return {"so_tap_the": rnd.randint(0, 2), "so_ca_nhan": rnd.randint(0, 5)}
    return {"ky": choice("ky"), "noi_nhan": "UBND huyện Cao Lộc"}


def generate(n: int, folder: Path, seed: int = 2023) -> Path:
    """Write `folder/plans/2023.yaml` and its journal of n records; return the plan's path."""
    rnd = random.Random(seed)
    plan = scaled_registries(n)
    (folder / "plans").mkdir(parents=True, exist_ok=True)
    plan_path = folder / "plans" / "2023.yaml"
    plan_path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    start = date(2023, 1, 1)
    units = {k: v.get("unit") for k, v in plan["activity_kinds"].items()}
    received: list[str] = []
    added: list[str] = []
    voided: set[str] = set()
    lines = []
    for i in range(1, n + 1):
        ident = f"HD{i:04d}"
        if added and i % 100 == 0:  # about 1% corrections
            target = rnd.choice(added)
            while target in voided:
                target = rnd.choice(added)
            if i % 200 == 0:
                voided.add(target)
                rec = {"op": "void", "id": ident, "target": target, "reason": "Ghi trùng"}
            else:
                rec = {"op": "amend", "id": ident, "target": target, "set": {"note": "Đã kiểm tra lại"},
                       "reason": "Bổ sung ghi chú"}
            rec.update({"by": "bench", "at": "2023-12-01T08:00:00+07:00"})
            lines.append(json.dumps(rec, ensure_ascii=False, separators=(", ", ": ")))
            continue
        kind = rnd.choices(kinds, weights)[0]
        if kind == "xu_ly" and not received:
            kind = "tiep_nhan"
        day = start + timedelta(days=rnd.randrange(365))
        rec = {"op": "add", "id": ident, "kind": kind, "date": day.isoformat(), "unit": units[kind],
               "fields": fields_for(kind, rnd, plan, received), "note": "", "by": "bench",
               "at": f"{day.isoformat()}T17:00:00+07:00"}
        if kind == "xu_ly":
            rec["date"] = max(day, date.fromisoformat(next(
                json.loads(x)["date"] for x in [lines[int(rec["fields"]["vu_viec"][2:]) - 1]]))).isoformat()
        if kind == "tiep_nhan":
            received.append(ident)
        added.append(ident)
        lines.append(json.dumps(rec, ensure_ascii=False, separators=(", ", ": ")))
    (folder / "plans" / "2023.journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan_path


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/kehoach-bench-{count}")
    print(generate(count, out))
