"""Small file-system helpers: atomic writes and plan discovery."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import KehoachError
from .text import nfc


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write a whole file through a temporary file in the same folder and a rename."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise KehoachError.single("file-is-directory", f"«{path}» là một thư mục.", file=str(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KehoachError.single("file-unwritable",
                                  f"không ghi được vào thư mục «{folder}»: {exc.strerror or exc}.", file=str(path))
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain new file would be, not mkstemp's 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _natural_key(path: Path) -> list:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", path.name)]


def user_path(path: Path | str) -> Path:
    """A path as typed: on Windows «plans\\2024.yaml» is already a path; elsewhere, a typed backslash is taken
    as a folder separator when no file has that literal name (a command copied from a Windows guide)."""
    text = str(path)
    if os.sep == "/" and "\\" in text and not os.path.exists(text):
        return Path(text.replace("\\", "/"))
    return Path(path)


def _plans_folder(cwd: Path) -> Path:
    """`plans/` here; from inside a `plans` folder (or one below the project), that folder or the nearest
    `plans/` above."""
    here = cwd / "plans"
    if here.is_dir():
        return here
    if cwd.name == "plans":
        return cwd
    for parent in cwd.parents:
        if (parent / "plans").is_dir():
            return parent / "plans"
        if parent.name == "plans":
            return parent
    return here


def find_plan(option: Path | None, cwd: Path | None = None) -> Path:
    """--plan, else $KEHOACH_PLAN, else the last plans/*.yaml by name (2024.yaml after 2023.yaml), looking in
    `plans/` here, the folder itself when it is `plans`, or the nearest `plans/` above."""
    if option is not None:
        return user_path(option)
    env = os.environ.get("KEHOACH_PLAN")
    if env:
        return user_path(env)
    folder = _plans_folder(cwd or Path.cwd())
    candidates = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")], key=_natural_key)
    if not candidates:
        raise KehoachError.single(
            "plan-not-found",
            "không tìm thấy tệp kế hoạch: chưa chỉ ra --plan, chưa đặt biến KEHOACH_PLAN và thư mục «plans/» "
            "ở đây không có tệp .yaml nào.",
            hint="Chạy lệnh từ thư mục chứa «plans/», hoặc thêm «--plan đường/dẫn/kế-hoạch.yaml».",
        )
    chosen = candidates[-1]
    try:
        return chosen.relative_to(Path.cwd())
    except ValueError:
        return chosen


# ---------------------------------------------------------------- user files as text

MAX_FILE_BYTES = 20 * 1024 * 1024  # a plan or notes file is a few tens of kB

_LEGACY_HINT = (
    "Lưu lại tệp với bảng mã UTF-8 (trong Word/Notepad: Lưu thành… → Mã hoá: UTF-8). "
    "Nếu tệp gõ bằng bảng mã TCVN3 (ABC) hay VNI, hãy chuyển mã sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã)."
)


def read_text(path: Path, what: str = "tệp") -> str:
    """Read a user's text file as NFC text without BOM, or raise a located error."""
    name = str(path)
    if not path.exists():
        raise KehoachError.single("file-missing", f"không tìm thấy {what} «{name}».", file=name)
    if path.is_dir():
        raise KehoachError.single(
            "file-is-directory", f"«{name}» là một thư mục, không phải {what}.", file=name
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KehoachError.single(
                "file-too-large",
                f"{what} quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).",
                file=name,
                hint="Kiểm tra lại đường dẫn: có thể đã chọn nhầm tệp.",
            )
        raw = path.read_bytes()
    except PermissionError:
        raise KehoachError.single("file-unreadable", f"không có quyền đọc {what} «{name}».", file=name)
    except OSError as exc:
        raise KehoachError.single(
            "file-unreadable", f"không đọc được {what} «{name}»: {exc.strerror or exc}.", file=name
        )
    return decode_text(raw, name, what)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _binary_check(raw: bytes, name: str, what: str) -> None:
    if b"\x00" in raw[:8192] and not raw.startswith(UTF16_BOMS):
        raise KehoachError.single(
            "file-binary",
            f"{what} «{name}» là tệp nhị phân, không phải văn bản.",
            file=name,
            hint="Chọn đúng tệp văn bản (.yaml, .jsonl, .md).",
        )


def _encoding_error(raw: bytes, at: int, name: str, what: str) -> KehoachError:
    line = raw[:at].count(b"\n") + 1
    col = at - (raw.rfind(b"\n", 0, at) + 1) + 1
    return KehoachError.single(
        "file-encoding",
        f"{what} không phải văn bản UTF-8 (byte 0x{raw[at]:02X} không hợp lệ).",
        file=name, line=line, col=col, hint=_LEGACY_HINT,
    )


def decode_text(raw: bytes, name: str, what: str = "tệp") -> str:
    _binary_check(raw, name, what)
    if raw.startswith(UTF16_BOMS):
        try:
            return nfc(raw.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    try:
        return nfc(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _encoding_error(raw, exc.start, name, what) from None


def scan_utf8(raw: bytes, name: str, what: str = "tệp") -> bool:
    """Check that bytes are UTF-8 text without holding them all as one string; return whether some text is
    not NFC (so that its lines need normalising). Chunks end at line ends, so no character is split."""
    _binary_check(raw, name, what)
    needs_nfc = False
    pos, size, step = 0, len(raw), 1 << 20
    while pos < size:
        end = raw.find(b"\n", pos + step)
        end = size if end == -1 else end + 1
        try:
            chunk = raw[pos:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _encoding_error(raw, pos + exc.start, name, what) from None
        if not needs_nfc and not chunk.isascii() and not unicodedata.is_normalized("NFC", chunk):
            needs_nfc = True
        pos = end
    return needs_nfc


def relpath(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return os.path.abspath(path) if rel.startswith("..") else rel


def cache_dir() -> Path:
    """Where caches live: $KEHOACH_CACHE_DIR, else $XDG_CACHE_HOME/kehoach, else ~/.cache/kehoach."""
    env = os.environ.get("KEHOACH_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kehoach"
