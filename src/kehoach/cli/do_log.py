"""The body of `kehoach log`, without typer: the command line's fast path (cli/fast.py) runs it directly when
nobody is at a terminal to be asked anything; typer's `log` (cli/log.py) runs it otherwise. Questions on a
terminal (typer's prompt and confirm) import typer only when they are asked."""

from __future__ import annotations

import sys
from datetime import date


def run_log(kind, assignments, date_, unit, note, by, force: bool, allow_personal: bool, allow_duplicate: bool,
            plan) -> None:
    """Ghi một hoạt động vừa thực hiện vào nhật ký."""
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
        import typer

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
        import typer

        if not typer.confirm("Vẫn ghi vào nhật ký?", default=False, err=True):
            raise typer.Abort()
        return
    raise KehoachError([Diagnostic(code=w.code, message=w.message, file=w.file, line=w.line, col=w.col,
                                   hint=w.hint + " Chưa ghi gì: gõ lại lệnh, bỏ phần đó. Nếu chắc chắn không "
                                                 "phải thông tin cá nhân, thêm --allow-personal-data.")
                        for w in warnings])


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
        import typer

        if typer.confirm("Vẫn ghi thêm một hoạt động nữa?", default=False):
            return
        raise typer.Abort()
    raise KehoachError([Diagnostic(code="likely-duplicate", file=COMMAND_LINE, message=message + " Chưa ghi gì.",
                                   hint=f"Xem «kehoach show {same[0]}»; nếu đúng là hai hoạt động, "
                                        "thêm --allow-duplicate.")])


def _prompt(plan, spec, path=None) -> str:
    from kehoach.plan.shapes import ChoiceField, EntryField, RefField

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
    import typer

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
