"""The activity journal: a JSON Lines file beside the plan, append-only.

One record a line. Three operations:

    {"op": "add", "id": "HD0042", "kind": "tuyen_truyen", "date": "2023-04-12", "unit": "vhxh",
     "fields": {"thon": ["thon-1"], "so_nguoi": 45}, "note": "", "by": "lan", "at": "2023-04-12T15:02:11+07:00"}
    {"op": "amend", "id": "HD0043", "target": "HD0042", "set": {"fields": {"so_nguoi": 50}}, "reason": "…", …}
    {"op": "void", "id": "HD0044", "target": "HD0042", "reason": "…", …}

Blank lines and lines starting with «#» are comments. Bytes already written are never
rewritten: corrections are new records, and readers apply them in file order.
Appends hold an exclusive lock, write the whole line in one call and fsync it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import Diagnostic, KehoachError
from .sources import decode_text, relpath

ID_PREFIX = "HD"
ID_RE = re.compile(r"^HD(\d{4,})$")
LOCK_TIMEOUT = 15.0  # seconds to wait for another writer
TAIL_BYTES = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024


def journal_path(plan_path: Path, configured: str | None) -> Path:
    """The journal beside the plan: `plans/2023.yaml` → `plans/2023.journal.jsonl`, or the plan's `journal:`."""
    if configured:
        p = Path(configured)
        return p if p.is_absolute() else plan_path.parent / p
    return plan_path.with_name(plan_path.stem + ".journal.jsonl")


@dataclass
class Record:
    """One line of the journal, as written."""

    line: int
    data: dict

    @property
    def op(self) -> str:
        return self.data.get("op", "")

    @property
    def id(self) -> str:
        return self.data.get("id", "")


@dataclass
class Activity:
    """An activity in its corrected state, with the records that made it."""

    id: str
    kind: str
    date: date
    unit: str | None
    fields: dict[str, Any]
    note: str = ""
    by: str = ""
    at: str = ""
    line: int = 0
    voided: bool = False
    history: list[Record] = field(default_factory=list)
    forced: bool = False

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "date": self.date.isoformat(), "unit": self.unit,
                "fields": self.fields, "note": self.note, "by": self.by, "logged_at": self.at,
                "line": self.line, "amended": len(self.history) > 1}


@dataclass
class JournalRead:
    records: list[Record]
    diagnostics: list[Diagnostic]
    size: int


def read_records(path: Path) -> JournalRead:
    """Parse every line; a line that is not a JSON object, or a torn last line, is a located diagnostic."""
    name = relpath(path)
    if not path.exists():
        return JournalRead([], [], 0)
    if path.is_dir():
        raise KehoachError.single("file-is-directory", f"«{name}» là một thư mục, không phải tệp nhật ký.", file=name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KehoachError.single("file-unreadable", f"không đọc được nhật ký «{name}»: {exc.strerror or exc}.",
                                  file=name)
    text = decode_text(raw, name, "tệp nhật ký")
    records: list[Record] = []
    diags: list[Diagnostic] = []
    lines = text.split("\n")
    torn = not text.endswith("\n") and text != ""
    loads = json.loads
    for no, line in enumerate(lines, 1):
        if not line or line[0] == "#" or not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = loads(line)
        except ValueError as exc:
            if torn and no == len(lines):
                diags.append(Diagnostic(
                    code="journal-torn", file=name, line=no, col=1,
                    message="dòng cuối nhật ký bị cắt dở (mất điện hoặc chương trình bị dừng khi đang ghi).",
                    hint="Chạy «kehoach check --repair» để chuyển phần dở sang tệp riêng; các dòng khác vẫn nguyên vẹn."))
            else:
                col = getattr(exc, "colno", 1)
                diags.append(Diagnostic(
                    code="journal-syntax", file=name, line=no, col=col,
                    message=f"dòng nhật ký không phải JSON hợp lệ ({getattr(exc, 'msg', exc)}).",
                    hint="Mỗi dòng là một bản ghi JSON {…}; nếu sửa tay, kiểm tra dấu ngoặc kép và dấu phẩy."))
            continue
        if not isinstance(data, dict):
            diags.append(Diagnostic(code="journal-syntax", file=name, line=no, col=1,
                                    message="mỗi dòng nhật ký phải là một bản ghi JSON dạng {…}."))
            continue
        records.append(Record(no, data))
    if torn and not any(d.code == "journal-torn" for d in diags):
        diags.append(Diagnostic(code="journal-torn", file=name, line=len(lines), col=1,
                                message="dòng cuối nhật ký thiếu ký tự xuống dòng (ghi dở?).",
                                hint="Chạy «kehoach check --repair».", severity="warning"))
    return JournalRead(records, diags, len(raw))


def apply_record(acts: dict[str, "Activity"], rec: Record) -> str | None:
    """Apply one add, amend or void to the activities; return why it cannot apply, or None.

    The record's values are assumed already checked against the plan.
    """
    d = rec.data
    op = d.get("op")
    if op == "add":
        if d.get("id") in acts:
            return f"mã «{d.get('id')}» đã được dùng cho một hoạt động trước."
        acts[d["id"]] = Activity(d["id"], d["kind"], date.fromisoformat(d["date"]), d.get("unit"),
                                 dict(d.get("fields") or {}), d.get("note") or "", d.get("by") or "",
                                 d.get("at") or "", rec.line, history=[rec], forced=bool(d.get("force")))
        return None
    target = acts.get(d.get("target"))
    if target is None:
        return f"mã «{d.get('target')}» không có hoạt động nào trước dòng này."
    target.history.append(rec)
    if op == "void":
        target.voided = True
        return None
    changes = d.get("set") or {}
    if "date" in changes:
        target.date = date.fromisoformat(changes["date"])
    if "unit" in changes:
        target.unit = changes["unit"]
    if "note" in changes:
        target.note = changes["note"]
    for k, v in (changes.get("fields") or {}).items():
        if v is None:
            target.fields.pop(k, None)
        else:
            target.fields[k] = v
    return None


# ---------------------------------------------------------------- appending

def _lock(path: Path):
    from filelock import FileLock

    return FileLock(str(path.with_name("." + path.name + ".lock")), timeout=LOCK_TIMEOUT)


def _last_seq(path: Path) -> int:
    """The highest record number near the end of the file (the whole file if the tail has none)."""
    size = path.stat().st_size if path.exists() else 0
    if size == 0:
        return 0
    with open(path, "rb") as fh:
        for chunk in (TAIL_BYTES, None):
            if chunk is not None and chunk < size:
                fh.seek(size - chunk)
                data = fh.read()
            else:
                fh.seek(0)
                data = fh.read()
            found = [int(m) for m in re.findall(rb'"id"\s*:\s*"HD(\d{4,})"', data)]
            if found:
                return max(found)
            if chunk is None or chunk >= size:
                break
    return 0


def format_id(seq: int) -> str:
    return f"{ID_PREFIX}{seq:04d}"


def now_iso() -> str:
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


def append(path: Path, build) -> dict:
    """Append one record under an exclusive lock.

    `build(new_id)` returns the record (a dict without `id`); it runs inside the lock so that
    the id is unique among concurrent writers. The line is written in one call and fsynced.
    """
    from filelock import Timeout

    name = relpath(path)
    if path.is_dir():
        raise KehoachError.single("file-is-directory", f"«{name}» là một thư mục, không phải tệp nhật ký.", file=name)
    try:
        lock = _lock(path)
        with lock:
            record = {"op": None, "id": None}
            record.update(build(format_id(_last_seq(path) + 1)))
            line = json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"
            data = line.encode("utf-8")
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size:
                    with open(path, "rb") as fh:
                        fh.seek(size - 1)
                        if fh.read(1) != b"\n":
                            data = b"\n" + data  # never glue a record onto a torn line
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            return record
    except Timeout:
        raise KehoachError.single("journal-locked",
                                  f"nhật ký «{name}» đang được người khác ghi; đã chờ {int(LOCK_TIMEOUT)} giây.",
                                  file=name, hint="Thử lại sau ít phút.")
    except PermissionError:
        raise KehoachError.single("journal-readonly", f"không có quyền ghi vào nhật ký «{name}».", file=name,
                                  hint="Kiểm tra quyền ghi của tệp và thư mục (tệp chỉ đọc? thư mục dùng chung?).")
    except OSError as exc:
        raise KehoachError.single("journal-unwritable", f"không ghi được nhật ký «{name}»: {exc.strerror or exc}.",
                                  file=name)


def repair_torn_tail(path: Path) -> Path | None:
    """Move a torn last line (bytes after the last newline) into a side file; return its path.

    The only change ever made to bytes already in the journal, and nothing is deleted:
    the torn bytes are kept, verbatim, in `<journal>.torn-<time>.txt` beside it.
    """
    with _lock(path):
        raw = path.read_bytes()
        if not raw or raw.endswith(b"\n"):
            return None
        cut = raw.rfind(b"\n") + 1
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        side = path.with_name(f"{path.name}.torn-{stamp}.txt")
        with open(side, "xb") as fh:
            fh.write(raw[cut:])
            fh.flush()
            os.fsync(fh.fileno())
        with open(path, "r+b") as fh:
            fh.truncate(cut)
            fh.flush()
            os.fsync(fh.fileno())
        return side
