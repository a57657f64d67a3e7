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
AllowPersonalOption = typer.Option(False, "--allow-personal-data",
                                   help="Vẫn ghi khi ghi chú có vẻ chứa số điện thoại, số CCCD, e-mail "
                                        "(không hỏi lại; chỉ dùng khi chắc chắn đó không phải thông tin cá nhân).")


def _today() -> date:
    return date.today()


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _confirmer():
    """On a terminal, a partial name is asked about before anything is written; off a terminal, refused."""
    if not _interactive():
        return None

    def confirm(typed: str, item, what: str) -> bool:
        return typer.confirm(f"«{typed}» là {what} «{item.name}» ({item.id})?", default=False, err=True)
    return confirm


def _personal_data_gate(warnings, allow: bool) -> None:
    """What looks like personal data is shown before writing: confirmed on a terminal, refused off one
    unless --allow-personal-data."""
    from kehoach.base.errors import Diagnostic, KehoachError

    from .output import print_diagnostics

    if not warnings:
        return
    if allow:
        print_diagnostics(warnings)
        return
    if _interactive():
        print_diagnostics(warnings)
        if not typer.confirm("Vẫn ghi vào nhật ký?", default=False, err=True):
            raise typer.Abort()
        return
    raise KehoachError([Diagnostic(code=w.code, message=w.message, file=w.file, line=w.line, col=w.col,
                                   hint=w.hint + " Nếu chắc chắn không phải thông tin cá nhân, thêm "
                                                 "--allow-personal-data.")
                        for w in warnings])


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
    allow_personal: bool = AllowPersonalOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Ghi một hoạt động vừa thực hiện vào nhật ký.

    Ví dụ: kehoach log tuyen_truyen thon="na cao" hinh_thuc="họp thôn" so_nguoi=45 --date 12/4/2023
    """
    from kehoach.journal.recording import draft_add, fill_missing, privacy_warnings, summary
    from kehoach.journal.store import EntryLookup, journal_path
    from kehoach.journal.writing import append
    from kehoach.plan.lookup import ValueProblem

    from .context import load_plan

    the_plan, plan_path = load_plan(plan)
    path = journal_path(plan_path, the_plan)
    entries = EntryLookup(path)  # logging never checks the whole journal against the plan
    today = _today()
    confirm = _confirmer()
    draft = draft_add(the_plan, entries, kind, assignments or [], date_, unit, note, by, force, today,
                      interactive=_interactive(), confirm=confirm)
    missing = draft.missing(the_plan)
    for fid in missing:
        spec = the_plan.activity_kinds[draft.kind].fields[fid]
        while True:
            text = _prompt(the_plan, spec)
            try:
                fill_missing(the_plan, draft, fid, text, entries, today, confirm)
                break
            except ValueProblem as exc:
                print(f"  {exc.message}" + (f" {exc.hint}" if exc.hint else ""), file=sys.stderr)
    kind_spec = the_plan.activity_kinds[draft.kind]
    _personal_data_gate(privacy_warnings(the_plan, kind_spec, draft.fields, draft.note), allow_personal)
    record = append(path, lambda new_id, _entries: {**draft.record(), "id": new_id})
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
    from kehoach.journal.recording import still_applies, void_record
    from kehoach.journal.writing import append

    from .context import load_all

    _, _, ledger = load_all(plan)
    rec = void_record(ledger.activities, ident, reason, by)
    written = append(ledger.path, lambda new_id, entries: {"id": new_id, **still_applies(entries, rec)})
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
    allow_personal: bool = AllowPersonalOption,
    plan: PlanPath = PlanOption,
) -> None:
    """Sửa một hoạt động đã ghi (ghi thêm một bản ghi sửa; bản cũ vẫn còn trong lịch sử)."""
    from kehoach.journal.recording import amend_record, privacy_warnings, still_applies, summary
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
    fields = {**act.fields, **new_fields}
    print(f"Đã sửa {written['target']} (bản ghi {written['id']}): {summary(the_plan, act.kind, fields)}")
