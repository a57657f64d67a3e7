"""`kehoach log`, `void`, `amend`: record an activity, or correct one, by appending to the journal."""

from __future__ import annotations

import sys
from datetime import date
from typing import List, Optional

import typer

from .base import app
from .options import PlanOption, PlanPath

DateOption = typer.Option(None, "--date", "-d",
                          help="Ngày hoạt động: 12/4/2023, 2023-04-12, «hôm nay», «hôm qua». Mặc định: hôm nay.")
UnitOption = typer.Option(None, "--unit", "-u", help="Đơn vị thực hiện (mã hoặc tên). Mặc định: đơn vị của loại hoạt động.")
ByOption = typer.Option(None, "--by", help="Người ghi. Mặc định: biến KEHOACH_USER, nếu không thì tên người dùng máy.")
ForceOption = typer.Option(False, "--force", help="Chấp nhận ngày nằm ngoài năm của kế hoạch.")


def _today() -> date:
    return date.today()


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


@app.command("log")
def log(
    kind: str = typer.Argument(..., metavar="LOẠI", help="Loại hoạt động (mã hoặc tên, ví dụ tuyen_truyen).",
                               show_default=False),
    assignments: Optional[List[str]] = typer.Argument(None, metavar="[TRƯỜNG=GIÁ_TRỊ]...",
                                                       help="Các trường, ví dụ thon=\"na cao\" so_nguoi=45.",
                                                       show_default=False),
    date_: Optional[str] = DateOption,
    unit: Optional[str] = UnitOption,
    note: Optional[str] = typer.Option(None, "--note", "-n", help="Ghi chú tự do (không ghi họ tên, số điện thoại, số CCCD)."),
    by: Optional[str] = ByOption,
    force: bool = ForceOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Ghi một hoạt động vừa thực hiện vào nhật ký.

    Ví dụ: kehoach log tuyen_truyen thon="na cao" hinh_thuc="họp thôn" so_nguoi=45 --date 12/4/2023
    """
    from kehoach.journal.recording import draft_add, fill_missing, summary
    from kehoach.journal.store import EntryLookup, append, journal_path
    from kehoach.plan.lookup import ValueProblem

    from .context import load_plan
    from .output import print_diagnostics

    the_plan, plan_path = load_plan(plan)
    path = journal_path(plan_path, the_plan.journal)
    entries = EntryLookup(path)  # logging never reads the whole journal
    today = _today()
    draft = draft_add(the_plan, entries, kind, assignments or [], date_, unit, note, by, force, today,
                      interactive=_interactive())
    missing = draft.missing(the_plan)
    for fid in missing:
        spec = the_plan.activity_kinds[draft.kind].fields[fid]
        while True:
            text = _prompt(the_plan, spec)
            try:
                fill_missing(the_plan, draft, fid, text, entries, today)
                break
            except ValueProblem as exc:
                print(f"  {exc.message}" + (f" {exc.hint}" if exc.hint else ""), file=sys.stderr)
    print_diagnostics(draft.warnings)
    record = append(path, lambda new_id: {**draft.record(), "id": new_id})
    unit_name = the_plan.unit(record["unit"]).name if record.get("unit") and the_plan.unit(record["unit"]) else "—"
    d = date.fromisoformat(record["date"])
    print(f"Đã ghi {record['id']} · {d:%d/%m/%Y} · {unit_name}: {summary(the_plan, record['kind'], record['fields'])}")
    from kehoach.engine.standing import STANDING_MAX_BYTES, standing_lines

    size = path.stat().st_size
    if size <= STANDING_MAX_BYTES:
        from kehoach.journal.ledger import load_ledger

        ledger = load_ledger(the_plan, plan_path)
        for line in standing_lines(the_plan, ledger.current(), record["kind"], d, today):
            print("  " + line)
    else:
        print("  Xem các chỉ tiêu liên quan: kehoach status")


def _prompt(plan, spec) -> str:
    from kehoach.plan.model import ChoiceField, RefField

    options: list[tuple[str, str]] = []
    if isinstance(spec, RefField):
        options = [(m.id, m.name) for m in plan.registries[spec.registry].members]
    elif isinstance(spec, ChoiceField):
        options = [(c, c) for c in spec.choices]
    if options:
        print(f"{spec.label}:", file=sys.stderr)
        for i, (_, name) in enumerate(options, 1):
            print(f"  {i}. {name}", file=sys.stderr)
    extra = " (số thứ tự, tên hoặc mã; nhiều mục cách nhau dấu phẩy)" if isinstance(spec, RefField) and spec.multiple \
        else " (số thứ tự, tên hoặc mã)" if options else ""
    text = typer.prompt(f"{spec.label}{extra}")
    if options:
        parts = [p.strip() for p in text.split(",")]
        parts = [options[int(p) - 1][0] if p.isdigit() and 1 <= int(p) <= len(options) else p for p in parts]
        text = ",".join(parts)
    return text


@app.command("void")
def void(
    ident: str = typer.Argument(..., metavar="MÃ", help="Mã hoạt động cần huỷ, ví dụ HD0042.", show_default=False),
    reason: str = typer.Option(..., "--reason", "-r", help="Lý do huỷ (bắt buộc).", show_default=False),
    by: Optional[str] = ByOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Huỷ một hoạt động đã ghi (ghi thêm một bản ghi huỷ; không xoá gì)."""
    from kehoach.journal.recording import void_record
    from kehoach.journal.store import append

    from .context import load_all

    _, _, ledger = load_all(plan)
    rec = void_record(ledger.activities, ident, reason, by)
    written = append(ledger.path, lambda new_id: {"op": "void", "id": new_id, **rec})
    print(f"Đã huỷ {written['target']} (bản ghi {written['id']}). Lý do: {written['reason']}")


@app.command("amend")
def amend(
    ident: str = typer.Argument(..., metavar="MÃ", help="Mã hoạt động cần sửa, ví dụ HD0042.", show_default=False),
    assignments: Optional[List[str]] = typer.Argument(None, metavar="[TRƯỜNG=GIÁ_TRỊ]...",
                                                       help="Các trường cần sửa: trường=giá trị mới (để trống để xoá).",
                                                       show_default=False),
    reason: str = typer.Option(..., "--reason", "-r", help="Lý do sửa (bắt buộc).", show_default=False),
    date_: Optional[str] = DateOption,
    unit: Optional[str] = UnitOption,
    note: Optional[str] = typer.Option(None, "--note", "-n", help="Ghi chú mới."),
    by: Optional[str] = ByOption,
    force: bool = ForceOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Sửa một hoạt động đã ghi (ghi thêm một bản ghi sửa; bản cũ vẫn còn trong lịch sử)."""
    from kehoach.journal.recording import amend_record, summary
    from kehoach.journal.store import append

    from .context import load_all
    from .output import print_diagnostics

    the_plan, _, ledger = load_all(plan)
    rec = amend_record(the_plan, ledger.activities, ident, assignments or [], date_, unit, note, reason, by, force,
                       _today())
    written = append(ledger.path, lambda new_id: {"op": "amend", "id": new_id, **rec})
    act = ledger.activities[written["target"]]
    fields = {**act.fields, **{k: v for k, v in (written["set"].get("fields") or {}).items() if v is not None}}
    print(f"Đã sửa {written['target']} (bản ghi {written['id']}): {summary(the_plan, act.kind, fields)}")
    from kehoach.journal.recording import privacy_warnings

    kind = the_plan.activity_kinds[act.kind]
    print_diagnostics(privacy_warnings(the_plan, kind, written["set"].get("fields") or {},
                                       written["set"].get("note", "")))
