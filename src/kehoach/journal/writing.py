"""Appending to the journal, and repairing a torn tail: the only two ways kehoach writes to it.

Guarantees (docs/journal-format.md):
- Every decision that depends on the journal's content (the next id, whether a target exists and is not
  voided) is made inside an exclusive lock, on the bytes as they are then.
- An append lands whole or not at all: the line is written and fsynced; on any failure the file is cut
  back to its previous size, byte for byte.
- `log` refuses a journal that is not UTF-8 JSON Lines, whose ids are out of order, or whose last line is
  torn (`kehoach check --repair` first).
- A repair moves a torn tail into a side file (never deleting anything), can run any number of times and
  leaves nothing half-written when the disk is full.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Callable

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import UTF16_BOMS, relpath, scan_utf8, write_failure

from .store import BOM_UTF8, EntryLookup, format_id, read_journal_bytes

LOCK_TIMEOUT = 15.0  # seconds to wait for another writer
_ID = re.compile(rb'"id"\s*:\s*"HD(\d{4,})"')
# «# ids-after: HD0060 …», written by `kehoach init` in a new year's journal: new ids continue after last year's
# (found by its literal start, fast at any size; only at the start of a line counts)
_AFTER = re.compile(rb'# ids-after:[ \t]*HD(\d{4,})')


def _ids_after(raw: bytes, start: int = 0) -> int:
    """The greatest number named by an «ids-after» line of raw[start:], 0 when none."""
    return max((int(m.group(1)) for m in _AFTER.finditer(raw, start)
                if m.start() == 0 or raw[m.start() - 1:m.start()] == b"\n"), default=0)


def greatest_id(raw: bytes) -> int:
    """The greatest record number in a journal's bytes (its own ids, and an «ids-after» line), 0 when none."""
    return max(max((int(m) for m in _ID.findall(raw)), default=0), _ids_after(raw))


_REPAIR = "Chạy «kehoach check --repair» để chuyển phần dở sang tệp riêng (không xoá gì), rồi ghi lại."


def _lock(path: Path):
    from filelock import FileLock

    return FileLock(str(path.with_name("." + path.name + ".lock")), timeout=LOCK_TIMEOUT)


def _refuse(code: str, name: str, message: str, hint: str, line: int | None = None) -> KehoachError:
    return KehoachError([Diagnostic(code=code, file=name, line=line, col=1 if line else None,
                                    message=message, hint=hint)])


def next_id(raw: bytes, name: str) -> int:
    """The next record number, from every id in the journal (a bytes scan: fast at any size).

    Refuses a journal that is not UTF-8 text or whose ids do not increase line by line: a new id
    must never repeat an old one.
    """
    if raw.startswith(UTF16_BOMS):
        raise _refuse("journal-encoding", name, "nhật ký không phải UTF-8 (có vẻ đã được lưu dạng UTF-16); "
                      "không ghi thêm để khỏi trộn hai bảng mã.",
                      "Mở nhật ký bằng Notepad, chọn Lưu thành… → Mã hoá: UTF-8, rồi chạy «kehoach check».")
    from .idmemo import known_prefix, remember

    known = known_prefix(raw, name)
    if known is not None:  # the first bytes were checked by an earlier log: check only the lines added since
        size, last, _ = known
        try:
            scan_utf8(raw[size:], name, "tệp nhật ký", raw.count(b"\n", 0, size) + 1)
            added = [int(m) for m in _ID.findall(raw, size)]
            after = _ids_after(raw, size)
        except KehoachError:
            added = None  # the full check below says where
        if added is not None and all(a < b for a, b in zip([last] + added, added)):
            last = max(added[-1] if added else last, after)
            remember(raw, name, last, known)
            return last + 1
    scan_utf8(raw[len(BOM_UTF8):] if raw.startswith(BOM_UTF8) else raw, name, "tệp nhật ký")
    ids = [int(m) for m in _ID.findall(raw)]
    for i in range(1, len(ids)):
        if ids[i] <= ids[i - 1]:
            m = list(_ID.finditer(raw))[i]
            line = raw.count(b"\n", 0, m.start()) + 1
            raise _refuse("journal-id-order", name,
                          f"mã bản ghi {format_id(ids[i])} đứng sau {format_id(ids[i - 1])}: các mã trong nhật ký "
                          "phải tăng dần theo thứ tự dòng; không ghi thêm để khỏi cấp trùng mã.",
                          f"Sửa tay mã ở dòng {line} thành {format_id(max(ids) + 1)} (chưa dùng) hoặc đưa dòng "
                          "về đúng chỗ (đổi mã thì sửa cả «target» của các bản ghi trỏ tới nó), rồi chạy «kehoach check».",
                          line)
    last = max(max(ids, default=0), _ids_after(raw))
    remember(raw, name, last)
    return last + 1


def _tail(raw: bytes, name: str) -> bytes:
    """What must go before a new line: nothing, or a newline after a complete last record that lacks one.
    A torn last line (not a whole JSON record) is refused: a new record must never follow it."""
    if not raw or raw.endswith(b"\n"):
        return b""
    last = raw[raw.rfind(b"\n") + 1:]
    try:
        whole = isinstance(json.loads(last), dict)
    except (ValueError, RecursionError):
        whole = False
    if whole:
        return b"\n"
    line = raw.count(b"\n") + 1
    raise _refuse("journal-torn", name, "dòng cuối nhật ký bị cắt dở (mất điện, đầy ổ đĩa hoặc chương trình bị "
                  "dừng khi đang ghi); không ghi thêm sau nó.", _REPAIR, line)


def append(path: Path, build: Callable[[str, EntryLookup], dict]) -> dict:
    """Append one record under an exclusive lock and return it.

    `build(new_id, entries)` runs inside the lock with the journal as it is then (`entries` finds earlier
    records by id) and returns the record; it may raise KehoachError to refuse. The line is written and
    fsynced; on failure the file is cut back to its previous size and the error is one Vietnamese line.
    """
    from filelock import Timeout

    name = relpath(path)
    if path.exists() and not path.is_file():  # a folder or a device is refused before locking
        read_journal_bytes(path)
    try:
        with _lock(path):
            from .idmemo import last_id_if_untouched, remember_written

            entries = EntryLookup(path)  # reads the journal only if `build` looks an entry up
            last = last_id_if_untouched(path, name) if path.is_file() else None
            if last is not None:  # exactly as the previous log left it: checked bytes, then our whole line
                seq, prefix = last + 1, b""
            else:
                raw = read_journal_bytes(path)
                seq = next_id(raw, name)
                prefix = _tail(raw, name)
                entries._raw = raw
            record = {"op": None, "id": None}
            record.update(build(format_id(seq), entries))
            line = json.dumps(record, ensure_ascii=False, separators=(", ", ": ")) + "\n"
            size = _write_whole(path, prefix + line.encode("utf-8"), name)
            remember_written(path, name, seq, size)
            return record
    except Timeout:
        raise KehoachError.single("journal-locked",
                                  f"nhật ký «{name}» đang được người khác ghi; đã chờ {int(LOCK_TIMEOUT)} giây.",
                                  file=name, hint="Thử lại sau ít phút.") from None
    except PermissionError:
        raise KehoachError.single("journal-readonly", f"không có quyền ghi vào nhật ký «{name}».", file=name,
                                  hint="Kiểm tra quyền ghi của tệp và thư mục (tệp chỉ đọc? thư mục dùng chung?).") from None
    except OSError as exc:
        raise write_failure(exc, name, "nhật ký", "journal-unwritable", "nhật ký vẫn nguyên như trước") from None


def _write_whole(path: Path, data: bytes, name: str) -> int:
    """Append `data` whole (or nothing); the journal's size after it."""
    # O_BINARY (Windows only): without it the C runtime would write each "\n" as "\r\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        size = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, size)  # leave the journal byte for byte as it was
            try:
                os.fsync(fd)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)
    return size + len(data)


def repair_torn_tail(path: Path) -> Path | None:
    """Move a torn last line (bytes after the last newline) into a side file; return its path.

    The only change ever made to bytes already in the journal, and nothing is deleted: the torn bytes are
    kept, verbatim, in `<journal>.torn-<time>[-n].txt` beside it. A complete record that only lacks its
    newline gets the newline instead. Nothing to repair returns None, so running it twice is harmless;
    on a full disk the side file is removed again and the journal is left untouched.
    """
    from filelock import Timeout

    name = relpath(path)
    try:
        with _lock(path):
            raw = read_journal_bytes(path)
            if not raw or raw.endswith(b"\n"):
                return None
            cut = raw.rfind(b"\n") + 1
            try:
                if _tail(raw, name) == b"\n":
                    _write_whole(path, b"\n", name)
                    return None
            except KehoachError:
                pass
            side = _side_file(path)
            try:
                with open(side, "xb") as fh:
                    fh.write(raw[cut:])
                    fh.flush()
                    os.fsync(fh.fileno())
            except BaseException:
                side.unlink(missing_ok=True)
                raise
            with open(path, "r+b") as fh:
                fh.truncate(cut)
                fh.flush()
                os.fsync(fh.fileno())
            return side
    except Timeout:
        raise KehoachError.single("journal-locked",
                                  f"nhật ký «{name}» đang được người khác ghi; đã chờ {int(LOCK_TIMEOUT)} giây.",
                                  file=name, hint="Thử lại sau ít phút.") from None
    except OSError as exc:
        raise write_failure(exc, name, "phần ghi dở của nhật ký", "journal-unwritable",
                            "nhật ký vẫn nguyên như trước") from None


def _side_file(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    side = path.with_name(f"{path.name}.torn-{stamp}.txt")
    n = 1
    while side.exists():
        n += 1
        side = path.with_name(f"{path.name}.torn-{stamp}-{n}.txt")
    return side
