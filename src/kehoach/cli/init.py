"""`kehoach init`: start a new year from last year's plan, carrying the cases still open."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .base import app
from .terminal import interactive


def _interactive() -> bool:
    return interactive()


@app.command("init", epilog="""Ví dụ:

  kehoach init 2024

  kehoach init 2024 --from plans/2023.yaml -o plans/2024.yaml

  kehoach init 2026 --recipient "UBND tỉnh Lạng Sơn" --parent-body "UBND TỈNH LẠNG SƠN"
""")
def init(
    year: int = typer.Argument(..., metavar="NĂM", help="Năm của kế hoạch mới, ví dụ 2024.", show_default=False),
    source: Optional[Path] = typer.Option(None, "--from", "-f", show_default=False,
                                          help="Kế hoạch năm trước (hoặc kế hoạch mẫu). Mặc định: kế hoạch mới "
                                               "nhất trong «plans/», như các lệnh khác."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", show_default=False,
                                          help="Tệp kế hoạch mới. Mặc định: NĂM.yaml cạnh kế hoạch năm trước."),
    recipient: Optional[str] = typer.Option(None, "--recipient", show_default=False,
                                            help="Nơi nhận báo cáo mới, khi kế hoạch cũ báo cáo UBND huyện "
                                                 "(từ 01/7/2025 không còn cấp huyện)."),
    parent_body: Optional[str] = typer.Option(None, "--parent-body", show_default=False,
                                              help="Cơ quan chủ quản mới, khi kế hoạch cũ ghi UBND huyện."),
) -> None:
    """Tạo kế hoạch năm mới từ kế hoạch năm trước, kèm nhật ký mới mang theo các vụ việc chưa xử lý xong.

    Giữ nguyên chỉ tiêu, đơn vị, danh mục và loại hoạt động; đổi năm, ngày, tên; để trống số kế hoạch,
    người ký, văn bản căn cứ («[Cần bổ sung: …]») cho cán bộ điền. Không ghi đè tệp nào đã có.
    """
    from kehoach.base.errors import KehoachError
    from kehoach.base.files import atomic_write, find_plan, relpath, user_path
    from kehoach.journal.cases import open_cases
    from kehoach.journal.ledger import load_ledger
    from kehoach.plan.loader import load_plan, load_plan_with_diagnostics
    from kehoach.plan.newyear import (
        NO_DISTRICT_FROM,
        district_mentions,
        needs_new_parent,
        needs_new_recipient,
        new_year_plan,
    )

    from .context import journal_warning

    err = KehoachError.cli
    src = find_plan(user_path(source) if source else None)
    old = load_plan(src)
    if not 2000 <= year <= 2100:
        raise err("bad-year", f"năm «{year}» không hợp lệ.", "Ví dụ: kehoach init 2024")
    if year <= old.meta.year:
        raise err("bad-year", f"kế hoạch «{relpath(src)}» là của năm {old.meta.year}; năm mới phải sau năm đó.",
                  f"Ví dụ: kehoach init {old.meta.year + 1}")
    out = user_path(output) if output else src.with_name(f"{year}{src.suffix or '.yaml'}")
    new_journal_name = f"{out.stem}.journal.jsonl"
    new_journal = out.with_name(new_journal_name)  # beside the new plan (a `journal:` key is set to this name)
    for path, what in ((out, "kế hoạch"), (new_journal, "nhật ký")):
        if path.exists():
            raise err("file-exists", f"đã có {what} «{relpath(path)}»; kehoach không ghi đè.",
                      "Chọn tên khác bằng -o, hoặc đổi tên tệp cũ nếu muốn làm lại.")
    if not out.parent.is_dir():
        raise err("folder-missing", f"không có thư mục «{relpath(out.parent)}».", "Tạo thư mục trước, hoặc sửa -o.")

    if needs_new_recipient(old, year) and not recipient:
        also = " và --parent-body \"UBND TỈNH …\"" if needs_new_parent(old, year) and not parent_body else ""
        recipient = _ask_or_refuse(old, year, "--recipient", "Nơi nhận báo cáo năm {year} (ví dụ «UBND tỉnh …»)", also)
    if needs_new_parent(old, year) and not parent_body:
        parent_body = _ask_or_refuse(old, year, "--parent-body", "Cơ quan chủ quản năm {year} (ví dụ «UBND TỈNH …»)")
    ledger = load_ledger(old, src)
    if ledger.diagnostics:
        journal_warning(ledger.diagnostics)
    carried = open_cases(old, ledger.current())

    text = src.read_text(encoding="utf-8-sig")
    made = new_year_plan(text, old, year, new_journal_name, recipient, parent_body, source=_posix(relpath(src)))
    atomic_write(out, made.text)
    new_plan, diags = load_plan_with_diagnostics(out)
    if new_plan is None or any(d.severity == "error" for d in diags):  # pragma: no cover - a bug of new_year_plan
        out.unlink()
        raise KehoachError(diags)
    origin = _posix(relpath(ledger.path))
    from kehoach.journal.store import format_id, read_journal_bytes
    from kehoach.journal.writing import greatest_id

    last = greatest_id(read_journal_bytes(ledger.path)) if ledger.path.is_file() else 0
    lines = [f"# Nhật ký năm {year}. Các dòng có «carried_from» là vụ việc chưa xử lý xong, chuyển từ {origin}; "
             "đóng bằng «kehoach log» loại xử lý với mã của vụ việc."]
    if last:  # read by `log`: a new id never repeats one of last year's, so an id names one activity across the years
        lines.append(f"# ids-after: {format_id(last)} (mã mới tiếp sau mã cuối của {origin})")
    for a in carried:
        rec = {"op": "add", "id": a.id, "kind": a.kind, "date": a.date.isoformat(), "unit": a.unit,
               "fields": a.fields, "note": a.note, "by": a.by, "at": a.at, "carried_from": origin}
        lines.append(json.dumps(rec, ensure_ascii=False, separators=(", ", ": ")))
    atomic_write(new_journal, "\n".join(lines) + "\n")

    print(f"Đã tạo kế hoạch năm {year}: {relpath(out)} (từ {relpath(src)}).")
    print(f"Đã tạo nhật ký: {relpath(new_journal)}" + (f", mang theo {len(carried)} vụ việc chưa xử lý xong:"
                                                        if carried else " (không có vụ việc nào còn mở)."))
    from kehoach.journal.cases import case_label

    for a in carried:
        print(f"  {case_label(old, a)}")
    for note in made.notes:
        print(f"  • {note}")
    rest = district_mentions(new_plan) if year >= NO_DISTRICT_FROM else []
    for m in rest:
        print(f"  • Còn nhắc cấp huyện ở «{m.where}»: {m.text}")
    print(f"Việc tiếp theo: mở {relpath(out)}, thay các chỗ «[Cần bổ sung: …]», "
          f"rồi chạy «kehoach check --plan {relpath(out)}».")


def _posix(path: str) -> str:
    return path.replace("\\", "/")


def _ask_or_refuse(plan, year: int, option: str, question: str, also: str = "") -> str:
    """Ask on a terminal; off a terminal, refuse and say which option to give. Never guess."""
    from kehoach.base.errors import KehoachError
    from kehoach.plan.newyear import district_mentions

    named = "; ".join(f"{m.where}: «{m.text}»" for m in district_mentions(plan))
    why = (f"kế hoạch cũ ghi cấp huyện ({named}); từ 01/7/2025 không còn cấp huyện, xã báo cáo UBND tỉnh "
           f"(qua các sở) — kehoach không tự đoán nơi nhận mới.")
    if not _interactive():
        raise KehoachError.cli("district-gone", why, f"Thêm {option} \"…\"{also}, ví dụ {option} \"UBND tỉnh Lạng Sơn\".")
    typer.echo("Lưu ý: " + why, err=True)
    while True:
        answer = typer.prompt(question.format(year=year)).strip()
        if answer:
            return answer
