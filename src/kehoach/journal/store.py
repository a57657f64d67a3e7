"""The activity journal: a JSON Lines file beside the plan, append-only.

One record a line. Three operations:

    {"op": "add", "id": "HD0042", "kind": "tuyen_truyen", "date": "2023-04-12", "unit": "vhxh",
     "fields": {"thon": ["thon-1"], "so_nguoi": 45}, "note": "", "by": "lan", "at": "2023-04-12T15:02:11+07:00"}
    {"op": "amend", "id": "HD0043", "target": "HD0042", "set": {"fields": {"so_nguoi": 50}}, "reason": "…", …}
    {"op": "void", "id": "HD0044", "target": "HD0042", "reason": "…", …}

Blank lines and lines starting with «#» are comments. Bytes already written are never
rewritten: corrections are new records, and readers apply them in file order.
Appends and repairs are in writing.py.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import UTF16_BOMS, decode_text, relpath, scan_utf8

BOM_UTF8 = b"\xef\xbb\xbf"
ID_PREFIX = "HD"
def is_record_id(value) -> bool:
    """True for «HD» followed by at least four digits (cheaper than a regular expression on every record)."""
    return type(value) is str and len(value) >= 6 and value[:2] == "HD" and value[2:].isdigit() and value[2:].isascii()
MAX_ID = 20  # the longest id whose number a cache keeps («HD» and 18 digits: below 2**63, and int reads it)
TAIL_BYTES = 64 * 1024


try:  # orjson parses a large journal about three times faster; the standard library does the same job
    import orjson as _orjson

    _loads = _orjson.loads
except ImportError:  # pragma: no cover
    import json

    _orjson = None
    _loads = json.loads


_JSON_MESSAGES = [
    ("Expecting property name enclosed in double quotes", "tên trường phải nằm trong ngoặc kép \"…\""),
    ("Expecting ',' delimiter", "thiếu dấu phẩy giữa hai phần"),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm sau tên trường"),
    ("Expecting value", "thiếu giá trị hoặc giá trị không hợp lệ"),
    ("Unterminated string", "chuỗi chưa đóng ngoặc kép"),
    ("Extra data", "thừa nội dung sau bản ghi"),
    ("Invalid control character", "có ký tự điều khiển (Tab, xuống dòng) trong chuỗi"),
    ("Invalid \\escape", "dấu «\\» không hợp lệ trong chuỗi"),
]


class _LineError(ValueError):
    def __init__(self, msg: str, colno: int) -> None:
        super().__init__(msg)
        self.msg, self.colno = msg, colno


MAX_DEPTH = 20  # nesting of {…}/[…] in one record; ours use 4 at most
_DEEP = "bản ghi lồng nhau quá sâu (quá {} tầng {{…}} hoặc […])".format(MAX_DEPTH)
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


def too_deep(line: bytes) -> bool:
    """True when a line nests more than MAX_DEPTH levels (strings skipped; linear in the line)."""
    if line.count(b"[") + line.count(b"{") <= MAX_DEPTH:
        return False
    depth = 0
    for m in _BRACKET.finditer(_STRING.sub(b'""', line)):
        if m.group() in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _slow_loads(line: bytes):
    """The standard library's reading of a line the fast parser refused: a number beyond 64 bits parses
    (the plan's checks refuse it later, located); anything else is a Vietnamese message and a column."""
    import json

    if too_deep(line):
        raise _LineError(_DEEP, 1)
    try:
        return json.loads(line)
    except json.JSONDecodeError as std:
        text = next((vi for en, vi in _JSON_MESSAGES if std.msg.startswith(en)), std.msg)
        raise _LineError(text, std.colno) from None
    except (RecursionError, ValueError) as exc:
        raise _LineError(_DEEP if isinstance(exc, RecursionError) else str(exc), 1) from None


def journal_path(plan_path: Path, plan) -> Path:
    """The journal beside the plan: `plans/2023.yaml` → `plans/2023.journal.jsonl`, or the plan's `journal:`.

    A configured journal stays inside the plan's folder tree (links resolved) unless the plan says
    `journal_outside_folder: true`, and is never the plan itself.
    """
    configured = plan.journal
    if not configured:
        return plan_path.with_name(plan_path.stem + ".journal.jsonl")
    p = Path(configured).expanduser()
    full = p if p.is_absolute() else plan_path.parent / p
    target, folder = full.resolve(), plan_path.parent.resolve()
    name = relpath(plan_path)
    if target == plan_path.resolve():
        raise KehoachError.single("journal-outside", f"nhật ký «{configured}» chính là tệp kế hoạch.", file=name,
                                  hint="Đặt «journal:» là một tệp .jsonl riêng, hoặc bỏ khoá này.")
    if not plan.journal_outside_folder and not target.is_relative_to(folder):
        raise KehoachError.single("journal-outside", f"nhật ký «{configured}» nằm ngoài thư mục của tệp kế hoạch "
                                                     f"(«{relpath(target)}»); không đọc, không ghi.", file=name,
                                  hint="Để nhật ký trong thư mục của kế hoạch; nếu thật sự cần để nơi khác, thêm "
                                       "«journal_outside_folder: true» vào kế hoạch.")
    return full


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


@dataclass(slots=True)
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
    history: list[Record] = field(default_factory=list)  # empty when loaded from the cache
    forced: bool = False
    revisions: int = 1  # records that made it: the add, then each amend or void
    carried: bool = False  # an open case carried over from last year's journal (`carried_from`), not a new activity

    @property
    def amended(self) -> bool:
        return self.revisions > 1


@dataclass
class JournalRead:
    records: list[Record]
    diagnostics: list[Diagnostic]
    size: int


def _readable_journal(path: Path) -> bool:
    """False when the journal does not exist yet; a located error when it is not a file one can read."""
    name = relpath(path)
    if not path.exists():
        return False
    if path.is_dir():
        raise KehoachError.single("file-is-directory", f"«{name}» là một thư mục, không phải tệp nhật ký.", file=name)
    if not path.is_file():
        from kehoach.base.files import special_file

        raise special_file(Path(name), "tệp nhật ký")
    return True


def _unreadable(path: Path, exc: OSError) -> KehoachError:
    name = relpath(path)
    return KehoachError.single("file-unreadable", f"không đọc được nhật ký «{name}»: {exc.strerror or exc}.",
                               file=name)


def read_journal_bytes(path: Path) -> bytes:
    """The journal's bytes (empty when it does not exist yet), or a located error."""
    if not _readable_journal(path):
        return b""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


PIECE = 4 << 20  # bytes read at a time by read_journal_pieces


def read_journal_pieces(path: Path):
    """The journal's bytes as consecutive pieces of about PIECE bytes, each ending at a line's end (the last at the
    file's end, wherever that is), read one at a time (nothing when it does not exist yet); or a located error."""
    if not _readable_journal(path):
        return
    try:
        with open(path, "rb") as fh:
            carried = b""
            while chunk := fh.read(PIECE):
                chunk = carried + chunk if carried else chunk
                cut = chunk.rfind(b"\n") + 1
                if cut:
                    yield chunk[:cut]
                    carried = chunk[cut:]
                else:
                    carried = chunk
            if carried:
                yield carried
    except OSError as exc:
        raise _unreadable(path, exc) from None


def parse_records(raw: bytes, name: str, start: int = 0, first_line: int = 1) -> JournalRead:
    """Parse raw[start:] (which begins a line numbered first_line); every bad line is a located diagnostic.

    A line that is not a JSON object is reported; a last line without its newline is a torn write.
    """
    diags: list[Diagnostic] = []
    records = list(iter_records(raw, name, diags, start, first_line))
    return JournalRead(records, diags, len(raw))


def _lines(body: bytes):
    """The lines of body (as `split` gives them: the last one after the last newline, maybe empty), split a few
    megabytes at a time: a province's journal is not doubled in memory."""
    start, size = 0, len(body)
    while True:
        cut = body.find(b"\n", start + PIECE) if size - start > PIECE else -1
        if cut == -1:
            yield from body[start:].split(b"\n")
            return
        yield from body[start:cut].split(b"\n")
        start = cut + 1


def iter_records(raw: bytes, name: str, diags: list[Diagnostic], start: int = 0, first_line: int = 1):
    """The records of raw[start:] one by one (see parse_records), each bad line's diagnostic added to `diags` as
    it is met: a reader that applies each record as it comes holds one line at a time, not the journal's every
    record."""
    body = raw[start:] if start else raw
    if first_line > 1:
        pass  # the bytes of a file from one of its lines on: a mark of encoding is only at a file's start
    elif body.startswith(UTF16_BOMS):  # a journal saved as UTF-16 by a Windows editor
        body = decode_text(body, name, "tệp nhật ký").encode("utf-8")
    elif body.startswith(BOM_UTF8):
        body = body[len(BOM_UTF8):]
    needs_nfc = scan_utf8(body, name, "tệp nhật ký", first_line)
    if not body:
        return
    last = first_line + body.count(b"\n")
    torn = not body.endswith(b"\n")
    loads = _loads
    no, torn_said = first_line - 1, False
    for line in _lines(body):
        no += 1
        if not line or (line[:1] != b"{" and (not line.strip() or line.lstrip().startswith(b"#"))):
            continue
        if needs_nfc and not line.isascii():
            line = unicodedata.normalize("NFC", line.decode("utf-8")).encode("utf-8")
        try:
            try:
                data = loads(line)
            except ValueError:
                data = _slow_loads(line)
            else:
                if line.count(b"[") + line.count(b"{") > MAX_DEPTH and too_deep(line):  # counted here: most lines
                    raise _LineError(_DEEP, 1)
        except _LineError as exc:
            if torn and no == last:
                torn_said = True
                diags.append(Diagnostic(
                    code="journal-torn", file=name, line=no, col=1,
                    message="dòng cuối nhật ký bị cắt dở (mất điện hoặc chương trình bị dừng khi đang ghi).",
                    hint="Chạy «kehoach check --repair» để chuyển phần dở sang tệp riêng; các dòng khác vẫn nguyên vẹn."))
            elif exc.msg == _DEEP:
                diags.append(Diagnostic(code="journal-too-deep", file=name, line=no, col=1,
                                        message=f"{_DEEP}; bản ghi này bị bỏ qua.",
                                        hint="Một bản ghi chỉ gồm các trường đơn giản; sửa hoặc xoá dòng này."))
            else:
                diags.append(Diagnostic(
                    code="journal-syntax", file=name, line=no, col=exc.colno,
                    message=f"dòng nhật ký không phải JSON hợp lệ ({exc.msg}).",
                    hint="Mỗi dòng là một bản ghi JSON {…}; nếu sửa tay, kiểm tra dấu ngoặc kép và dấu phẩy."))
            continue
        if type(data) is not dict:
            diags.append(Diagnostic(code="journal-syntax", file=name, line=no, col=1,
                                    message="mỗi dòng nhật ký phải là một bản ghi JSON dạng {…}."))
            continue
        yield Record(no, data)
    if torn and not torn_said:
        diags.append(Diagnostic(code="journal-torn", file=name, line=last, col=1,
                                message="dòng cuối nhật ký thiếu ký tự xuống dòng (ghi dở?).",
                                hint="Chạy «kehoach check --repair».", severity="warning"))


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
                                 d.get("fields") or {}, d.get("note") or "", d.get("by") or "",
                                 d.get("at") or "", rec.line, history=[rec], forced=bool(d.get("force")),
                                 carried=bool(d.get("carried_from")))
        return None
    target = acts.get(d.get("target"))
    if target is None:
        return f"mã «{d.get('target')}» không có hoạt động nào trước dòng này."
    target.history.append(rec)
    target.revisions += 1
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
    if changes.get("fields"):
        fields = dict(target.fields)  # copy on write: the add record keeps its original values for `show`
        for k, v in changes["fields"].items():
            if v is None:
                fields.pop(k, None)
            else:
                fields[k] = v
        target.fields = fields
    return None


def format_id(seq: int) -> str:
    return f"{ID_PREFIX}{seq:04d}"


def now_iso() -> str:
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


def records_matching(raw: bytes, pattern: re.Pattern):
    """(match, record) for each line of the journal where the byte pattern matches: a byte search, then only
    those lines parsed (lines that are not a JSON object are passed over)."""
    for m in pattern.finditer(raw):
        start = raw.rfind(b"\n", 0, m.start()) + 1
        end = raw.find(b"\n", m.end())
        try:
            data = _loads(raw[start:end if end != -1 else len(raw)])
        except ValueError:
            continue
        if isinstance(data, dict):
            yield m, data


class EntryLookup:
    """Earlier records found by id without reading the whole journal (for `log`'s entry fields).

    A byte search for the id's record and for corrections that target it: fast at any size.
    Behaves like the read-only part of a dict of activities that `values.Context` needs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._raw: bytes | None = None

    def _bytes(self) -> bytes:
        if self._raw is None:
            self._raw = read_journal_bytes(self.path)
        return self._raw

    def _lines(self, key: str, ident: str) -> list[dict]:
        pattern = re.compile(rb'"' + key.encode() + rb'"\s*:\s*"' + ident.encode() + rb'"')
        out = [data for _, data in records_matching(self._bytes(), pattern) if data.get(key) == ident]
        return out

    def get(self, ident: str) -> "Activity | None":
        adds = [d for d in self._lines("id", ident) if d.get("op") == "add"]
        if not adds:
            return None
        d = adds[0]
        try:
            day = date.fromisoformat(d.get("date"))
        except (TypeError, ValueError):
            return None
        act = Activity(ident, d.get("kind", ""), day, d.get("unit"), dict(d.get("fields") or {}))
        act.voided = any(c.get("op") == "void" for c in self._lines("target", ident))
        return act

    def __contains__(self, ident: str) -> bool:
        return self.get(ident) is not None

    def __getitem__(self, ident: str) -> "Activity":
        act = self.get(ident)
        if act is None:
            raise KeyError(ident)
        return act

    def values(self) -> list["Activity"]:
        """The activities near the end of the journal (for suggestions): one pass over its last bytes."""
        raw = self._bytes()
        tail = raw[-TAIL_BYTES:].split(b"\n")
        if len(raw) > TAIL_BYTES:
            tail = tail[1:]  # the first piece may be a partial line
        records = []
        for line in tail:
            try:
                d = _loads(line)
            except ValueError:
                continue
            if isinstance(d, dict):
                records.append(d)
        voided = {d.get("target") for d in records if d.get("op") == "void"}
        out = []
        for d in records:
            if d.get("op") == "add" and is_record_id(d.get("id")) and d["id"] not in voided:
                try:
                    day = date.fromisoformat(d.get("date"))
                except (TypeError, ValueError):
                    continue
                out.append(Activity(d["id"], str(d.get("kind", "")), day, d.get("unit"), d.get("fields") or {}))
        return out
