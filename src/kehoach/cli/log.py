"""`kehoach log`, `void`, `amend`: record an activity, or correct one, by appending to the journal."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import List, Optional

import typer

from .base import app
from .do_log import _confirmer, _personal_data_gate, _today
from .options import PlanOption, PlanPath

DateOption = typer.Option(None, "--date", "-d",
                          help="Ngày hoạt động: 12/4/2023, 2023-04-12, «hôm nay», «hôm qua». Mặc định: hôm nay.")
UnitOption = typer.Option(None, "--unit", "-u", help="Đơn vị thực hiện (mã hoặc tên). Mặc định: đơn vị của loại hoạt động.")
AmendUnitOption = typer.Option(None, "--unit", "-u", help="Đơn vị thực hiện mới (mã hoặc tên). Không ghi thì giữ đơn vị cũ.")
ByOption = typer.Option(None, "--by", help="Người ghi. Mặc định: biến KEHOACH_USER, nếu không thì tên người dùng máy.")
ForceOption = typer.Option(False, "--force", help="Chấp nhận ngày nằm ngoài năm của kế hoạch.")
AllowPersonalOption = typer.Option(False, "--allow-personal-data",
                                   help="Vẫn ghi khi ghi chú có vẻ chứa số điện thoại, số CCCD, e-mail "
                                        "(không hỏi lại; chỉ dùng khi chắc chắn đó không phải thông tin cá nhân).")
AmendDateOption = typer.Option(None, "--date", "-d", help="Ngày mới của hoạt động: 12/4/2023, 2023-04-12, «hôm qua». "
                                                          "Không ghi thì giữ ngày cũ.")


@app.command("log", epilog="""Ví dụ:

  kehoach log tuyen_truyen thon="na cao" hinh_thuc="họp thôn" so_nguoi=45 --date 12/4/2023

  kehoach log tiep_nhan loai="tin báo" tom_tat="Tin báo qua đường dây nóng" --date hôm qua

  kehoach log xu_ly vu_viec=HD0032 ket_qua="Xử phạt vi phạm hành chính"

  kehoach log            (không có LOẠI: liệt kê các loại và trường của chúng, như «kehoach kinds»)
""")
def log(
    kind: Optional[str] = typer.Argument(None, metavar="LOẠI", show_default=False,
                                         help="Loại hoạt động (mã hoặc tên, ví dụ tuyen_truyen); "
                                              "xem các loại bằng «kehoach kinds»."),
    assignments: Optional[List[str]] = typer.Argument(None, metavar="[TRƯỜNG=GIÁ_TRỊ]...",
                                                       help="Các trường, ví dụ thon=\"na cao\" so_nguoi=45.",
                                                       show_default=False),
    date_: Optional[str] = DateOption,
    unit: Optional[str] = UnitOption,
    note: Optional[str] = typer.Option(None, "--note", "-n", help="Ghi chú tự do (không ghi họ tên, số điện thoại, số CCCD)."),
    by: Optional[str] = ByOption,
    force: bool = ForceOption,
    allow_personal: bool = AllowPersonalOption,
    allow_duplicate: bool = typer.Option(False, "--allow-duplicate",
                                         help="Vẫn ghi khi đã có hoạt động cùng loại, cùng ngày, cùng nội dung "
                                              "(chỉ cần khi không chạy trên cửa sổ lệnh để hỏi lại)."),
    plan: PlanPath = PlanOption,
) -> None:
    """Ghi một hoạt động vừa thực hiện vào nhật ký.

    Trên cửa sổ lệnh, trường còn thiếu được hỏi lần lượt (trường không bắt buộc: Enter để bỏ qua).
    """
    from .do_log import run_log

    run_log(kind, assignments, date_, unit, note, by, force, allow_personal, allow_duplicate, plan)


@app.command("void", epilog="""Ví dụ:

  kehoach void HD0048 --reason "Ghi nhầm: buổi họp bị hoãn"
""")
def void(
    ident: str = typer.Argument(..., metavar="MÃ", help="Mã hoạt động cần huỷ, ví dụ HD0042.", show_default=False),
    reason: str = typer.Option(..., "--reason", "-r", help="Lý do huỷ (bắt buộc).", show_default=False),
    by: Optional[str] = ByOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Huỷ một hoạt động đã ghi (ghi thêm một bản ghi huỷ; không xoá gì)."""
    from kehoach.journal.recording import still_applies, void_record
    from kehoach.journal.writing import append

    from .context import load_all

    the_plan, _, ledger = load_all(plan)
    rec = void_record(ledger.activities, ident, reason, by)
    written = append(ledger.path, lambda new_id, entries: {"id": new_id, **still_applies(entries, rec)})
    act = ledger.activities[written["target"]]
    print(f"Đã huỷ {_described(the_plan, act, act.fields)} ({_where(written, ledger.path)}). "
          f"Lý do: {written['reason']}")


@app.command("amend", epilog="""Ví dụ:

  kehoach amend HD0004 so_nguoi=160 --reason "Đếm lại theo danh sách ký tên"

  kehoach amend HD0004 --date 13/4/2023 --reason "Ghi nhầm ngày"

  kehoach amend HD0004 so_nguoi= --reason "Không rõ số người"   (để trống để xoá trường không bắt buộc)
""")
def amend(
    ident: str = typer.Argument(..., metavar="MÃ", help="Mã hoạt động cần sửa, ví dụ HD0042.", show_default=False),
    assignments: Optional[List[str]] = typer.Argument(None, metavar="[TRƯỜNG=GIÁ_TRỊ]...",
                                                       help="Các trường cần sửa: trường=giá trị mới (để trống để xoá).",
                                                       show_default=False),
    reason: str = typer.Option(..., "--reason", "-r", help="Lý do sửa (bắt buộc).", show_default=False),
    date_: Optional[str] = AmendDateOption,
    unit: Optional[str] = AmendUnitOption,
    note: Optional[str] = typer.Option(None, "--note", "-n", help="Ghi chú mới (thay ghi chú cũ)."),
    by: Optional[str] = ByOption,
    force: bool = ForceOption,
    allow_personal: bool = AllowPersonalOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Sửa một hoạt động đã ghi (ghi thêm một bản ghi sửa; bản cũ vẫn còn trong lịch sử)."""
    from kehoach.journal.recording import amend_record, privacy_warnings, still_applies
    from kehoach.journal.writing import append

    from .context import load_all

    the_plan, _, ledger = load_all(plan)
    rec = amend_record(the_plan, ledger.activities, ident, assignments or [], date_, unit, note, reason, by, force,
                       _today(), confirm=_confirmer())
    act = ledger.activities[rec["target"]]
    kind = the_plan.activity_kinds[act.kind]
    new_fields = {k: v for k, v in (rec["set"].get("fields") or {}).items() if v is not None}
    _personal_data_gate(privacy_warnings(the_plan, kind, new_fields, rec["set"].get("note", "")), allow_personal)
    written = append(ledger.path, lambda new_id, entries: {"id": new_id, **still_applies(entries, rec)})
    fields = {k: v for k, v in {**act.fields, **(rec["set"].get("fields") or {})}.items() if v is not None}
    changed = dataclasses.replace(act, date=date.fromisoformat(rec["set"]["date"]) if "date" in rec["set"] else act.date,
                                  unit=rec["set"].get("unit", act.unit))
    print(f"Đã sửa {_described(the_plan, changed, fields)} ({_where(written, ledger.path)})")


def _described(the_plan, act, fields) -> str:
    """«HD0004 · 05/04/2023 · Công an xã: Kiểm tra Karaoke A …»: the activity as `log` printed it."""
    from kehoach.journal.recording import summary

    unit = the_plan.unit(act.unit) if act.unit else None
    return f"{act.id} · {act.date:%d/%m/%Y} · {unit.name if unit else '—'}: {summary(the_plan, act.kind, fields)}"


def _where(written: dict, path) -> str:
    from kehoach.base.files import relpath

    return f"bản ghi {written['id']}, nhật ký {relpath(path)}"
