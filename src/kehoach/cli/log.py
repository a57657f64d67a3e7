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
AmendUnitOption = typer.Option(None, "--unit", "-u", help="Đơn vị thực hiện mới (mã hoặc tên). Không ghi thì giữ đơn vị cũ.")
ByOption = typer.Option(None, "--by", help="Người ghi. Mặc định: biến KEHOACH_USER, nếu không thì tên người dùng máy.")
ForceOption = typer.Option(False, "--force", help="Chấp nhận ngày nằm ngoài năm của kế hoạch.")
AllowPersonalOption = typer.Option(False, "--allow-personal-data",
                                   help="Vẫn ghi khi ghi chú có vẻ chứa số điện thoại, số CCCD, e-mail "
                                        "(không hỏi lại; chỉ dùng khi chắc chắn đó không phải thông tin cá nhân).")
AmendDateOption = typer.Option(None, "--date", "-d", help="Ngày mới của hoạt động: 12/4/2023, 2023-04-12, «hôm qua». "
                                                          "Không ghi thì giữ ngày cũ.")


def _today() -> date:
    return date.today()


def _interactive() -> bool:
    from .terminal import interactive

    return interactive()


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
    from kehoach.journal.recording import draft_add, fill_missing, privacy_warnings, summary
    from kehoach.journal.store import EntryLookup, journal_path
    from kehoach.journal.writing import append
    from kehoach.plan.lookup import ValueProblem

    from .context import load_plan

    the_plan, plan_path = load_plan(plan)
    if kind is None:
        _no_kind(the_plan)
    path = journal_path(plan_path, the_plan)
    entries = EntryLookup(path)  # logging never checks the whole journal against the plan
    today = _today()
    asking = _interactive()
    confirm = _confirmer()
    draft = draft_add(the_plan, entries, kind, assignments or [], date_, unit, note, by, force, today,
                      interactive=asking, confirm=confirm)
    missing = draft.missing(the_plan)
    given = set(draft.fields)
    optional = [fid for fid, spec in the_plan.activity_kinds[draft.kind].fields.items()
                if asking and not spec.required and fid not in given]
    for fid in [*missing, *optional]:
        spec = the_plan.activity_kinds[draft.kind].fields[fid]
        while True:
            text = _prompt(the_plan, spec, path)
            if not text.strip() and not spec.required:
                break
            try:
                fill_missing(the_plan, draft, fid, text, entries, today, confirm)
                break
            except ValueProblem as exc:
                print(f"  {exc.message}" + (f" {exc.hint}" if exc.hint else ""), file=sys.stderr)
    _guard(the_plan, path, draft, asking, allow_duplicate)
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


def _no_kind(plan) -> None:
    """`kehoach log` alone: the kinds that can be logged, then a usage refusal (nothing is written)."""
    from kehoach.base.errors import UsageError
    from kehoach.journal.kinds import all_kinds

    from .kinds import print_kinds

    print_kinds(all_kinds(plan), err=True)
    raise UsageError("thiếu LOẠI hoạt động: chọn một loại ở trên.",
                     "Ví dụ: kehoach log tuyen_truyen thon=\"Thôn 1\" hinh_thuc=\"Họp thôn\"; xem «kehoach kinds».")


def _guard(plan, path, draft, asking: bool, allow_duplicate: bool) -> None:
    """Refuse a second closing of a case; confirm (or, off a terminal, refuse) a likely duplicate."""
    from kehoach.base.errors import COMMAND_LINE, Diagnostic, KehoachError
    from kehoach.journal.cases import already_closed, case_links, likely_duplicates
    from kehoach.journal.store import read_journal_bytes

    if allow_duplicate and all(link.handled != draft.kind for link in case_links(plan)):
        return  # nothing to search the journal for: it is not read
    raw = read_journal_bytes(path)
    if not raw:
        return
    closed = already_closed(plan, raw, draft.kind, draft.fields)
    if closed:
        case, by = closed[0]
        raise KehoachError([Diagnostic(
            code="case-closed", file=COMMAND_LINE,
            message=f"vụ việc {case} đã được xử lý xong ở {by}; không ghi lần xử lý thứ hai.",
            hint=f"Xem «kehoach show {by}»; nếu ghi sai, sửa bằng «kehoach amend {by} … --reason …» "
                 f"hoặc huỷ bằng «kehoach void {by} --reason …».")])
    if allow_duplicate:
        return
    same = likely_duplicates(raw, {"kind": draft.kind, "date": draft.date, "fields": draft.fields})
    if not same:
        return
    d = date.fromisoformat(draft.date)
    message = f"đã có {', '.join(same)} cùng loại, cùng ngày {d:%d/%m/%Y}, cùng nội dung."
    if asking:
        print(f"Lưu ý: {message}", file=sys.stderr)
        if typer.confirm("Vẫn ghi thêm một hoạt động nữa?", default=False):
            return
        raise typer.Abort()
    raise KehoachError([Diagnostic(code="likely-duplicate", file=COMMAND_LINE, message=message + " Chưa ghi gì.",
                                   hint=f"Xem «kehoach show {same[0]}»; nếu đúng là hai hoạt động, "
                                        "thêm --allow-duplicate.")])


def _prompt(plan, spec, path=None) -> str:
    from kehoach.plan.model import ChoiceField, EntryField, RefField

    options: list[tuple[str, str]] = []
    if isinstance(spec, RefField):
        options = [(m.id, m.name) for m in plan.registries[spec.registry].members]
    elif isinstance(spec, ChoiceField):
        options = [(c, c) for c in spec.choices]
    elif isinstance(spec, EntryField) and path is not None:
        options = _open_case_options(plan, spec, path)
    if options:
        print(f"{spec.label}:" if not isinstance(spec, EntryField) else f"{spec.label} — các vụ việc chưa xử lý xong:",
              file=sys.stderr)
        for i, (_, name) in enumerate(options, 1):
            print(f"  {i}. {name}", file=sys.stderr)
    extra = " (số thứ tự, tên hoặc mã; nhiều mục cách nhau dấu phẩy)" if isinstance(spec, RefField) and spec.multiple \
        else " (số thứ tự, tên hoặc mã)" if options else ""
    if not spec.required:
        extra += " [Enter: bỏ qua]"
    text = typer.prompt(f"{spec.label}{extra}", default="" if not spec.required else None, show_default=False)
    if options:
        parts = [p.strip() for p in text.split(",")]
        parts = [options[int(p) - 1][0] if p.isdigit() and 1 <= int(p) <= len(options) else p for p in parts]
        text = ",".join(parts)
    return text


def _open_case_options(plan, spec, path) -> list[tuple[str, str]]:
    """The open cases of the kind an entry field names (reads the journal: only on a terminal)."""
    from kehoach.journal.cases import case_label, open_cases
    from kehoach.journal.ledger import Ledger, apply_records
    from kehoach.journal.store import parse_records, read_journal_bytes

    raw = read_journal_bytes(path)
    ledger = Ledger(path)
    apply_records(plan, ledger, parse_records(raw, str(path)).records, str(path))
    return [(a.id, case_label(plan, a)) for a in open_cases(plan, ledger.current(), spec.kind)]


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

    _, _, ledger = load_all(plan)
    rec = void_record(ledger.activities, ident, reason, by)
    written = append(ledger.path, lambda new_id, entries: {"id": new_id, **still_applies(entries, rec)})
    print(f"Đã huỷ {written['target']} (bản ghi {written['id']}). Lý do: {written['reason']}")


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
