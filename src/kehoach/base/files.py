"""Small file-system helpers: atomic writes and plan discovery."""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
import re
import unicodedata
from pathlib import Path

from .errors import KehoachError
from .text import nfc


def write_failure(exc: OSError, name: str, what: str = "tệp", code: str = "file-unwritable",
                  kept: str = "không tệp nào bị thay đổi") -> KehoachError:
    """A failed write as one Vietnamese line (a full disk, a read-only folder, …); `kept` says what is intact."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        message = f"ổ đĩa đã đầy: không ghi được {what} «{name}»; {kept}."
        hint = "Giải phóng chỗ trống trên ổ đĩa (hoặc ghi sang ổ khác) rồi chạy lại lệnh."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = f"không có quyền ghi {what} «{name}»; {kept}."
        hint = "Kiểm tra quyền ghi của tệp và thư mục (tệp chỉ đọc? thư mục dùng chung? ổ chỉ đọc?)."
    else:
        message = f"không ghi được {what} «{name}» ({exc.strerror or exc}); {kept}."
        hint = None
    return KehoachError.single(code, message, file=name, hint=hint)


def atomic_write(path: Path, data: bytes | str, what: str = "tệp") -> None:
    """Write a whole file through a temporary file in the same folder and a rename.

    Either the whole new file is in place or the old one (or none) is left as it was; a failed write
    (a full disk, no permission) is one Vietnamese line and leaves no temporary file behind.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise KehoachError.single("file-is-directory", f"«{path}» là một thư mục.", file=str(path))
    if path.exists() and not path.is_file():
        raise special_file(path, what)
    try:
        import tempfile  # only when writing: reading commands do not pay for it

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_failure(exc, str(path), what) from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain new file would be, not mkstemp's 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise write_failure(exc, str(path), what) from None
        raise


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (links and `..` resolved; hard links by their inode)."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
        return Path(a).exists() and Path(b).exists() and os.path.samefile(a, b)
    except OSError:
        return False


def output_problems(targets: list[Path], protected: dict[Path, str], force: bool) -> list:
    """Why each output may not be written: it is one of the inputs (`protected`: path → what it is, never
    overwritten, even with --force), it exists already (without --force), or its folder does not exist."""
    from .errors import Diagnostic

    problems = []
    for out in targets:
        what = next((label for path, label in protected.items() if path is not None and same_file(out, path)), None)
        if what is not None:
            problems.append(Diagnostic(code="output-protected", file=relpath(out),
                                       message=f"không ghi đè lên {what}.", hint="Chọn tên khác với -o."))
        elif out.exists() and not out.is_file():
            problems.append(Diagnostic(code="output-special", file=relpath(out),
                                       message="không phải tệp thông thường (thư mục, thiết bị hoặc ống dẫn).",
                                       hint="Chọn tên khác với -o."))
        elif out.exists() and not force:
            problems.append(Diagnostic(code="output-exists", file=relpath(out), message="tệp đã có.",
                                       hint="Thêm --force để ghi đè, hoặc chọn tên khác với -o."))
        elif not out.parent.exists():
            problems.append(Diagnostic(code="output-folder", file=relpath(out),
                                       message=f"thư mục «{out.parent}» không có."))
    return problems


def special_file(path: Path, what: str = "tệp") -> KehoachError:
    """A device or a named pipe where a plain file is expected."""
    return KehoachError.single(
        "file-special", f"«{path}» không phải tệp thông thường (thiết bị hoặc ống dẫn); không dùng làm {what}.",
        file=str(path), hint="Chọn đúng một tệp văn bản trên ổ đĩa.")


def read_capped(path: Path, what: str = "tệp", limit: int | None = None) -> bytes:
    """The bytes of a plain file, refused before reading when it is a folder, a device or a pipe, and
    never more than `limit` bytes (a file that grows while read, or reports no size, cannot exhaust memory)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise KehoachError.single("file-missing", f"không tìm thấy {what} «{name}».", file=name) from None
    except OSError as exc:
        raise KehoachError.single("file-unreadable", f"không đọc được {what} «{name}»: {exc.strerror or exc}.",
                                  file=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise KehoachError.single("file-is-directory", f"«{name}» là một thư mục, không phải {what}.", file=name)
    if not stat.S_ISREG(st.st_mode):
        raise special_file(path, what)
    if st.st_size > limit:
        raise _too_large(st.st_size, limit, name, what)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except PermissionError:
        raise KehoachError.single("file-unreadable", f"không có quyền đọc {what} «{name}».", file=name) from None
    except OSError as exc:
        raise KehoachError.single("file-unreadable", f"không đọc được {what} «{name}»: {exc.strerror or exc}.",
                                  file=name) from None
    if len(raw) > limit:
        raise _too_large(len(raw), limit, name, what)
    return raw


def _too_large(size: int, limit: int, name: str, what: str) -> KehoachError:
    mb = 1024 * 1024
    return KehoachError.single("file-too-large", f"{what} quá lớn ({size // mb} MB; tối đa {limit // mb} MB).",
                               file=name, hint="Kiểm tra lại đường dẫn: có thể đã chọn nhầm tệp.")


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


def read_text(path: Path, what: str = "tệp", limit: int | None = None) -> str:
    """Read a user's text file as NFC text without BOM, or raise a located error (see read_capped)."""
    return decode_text(read_capped(path, what, limit), str(path), what)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


BINARY_PROBE = 8192  # a NUL byte among a file's first bytes makes it binary


def binary_check(raw: bytes, name: str, what: str) -> None:
    """A located error when the bytes of a file (from its start, after any UTF-8 mark) are not text."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if b"\x00" in raw[start:start + BINARY_PROBE] and not raw.startswith(UTF16_BOMS):
        raise KehoachError.single(
            "file-binary",
            f"{what} «{name}» là tệp nhị phân, không phải văn bản.",
            file=name,
            hint="Chọn đúng tệp văn bản (.yaml, .jsonl, .md).",
        )


def _encoding_error(raw: bytes, at: int, name: str, what: str, first_line: int = 1) -> KehoachError:
    line = raw[:at].count(b"\n") + first_line
    col = at - (raw.rfind(b"\n", 0, at) + 1) + 1
    return KehoachError.single(
        "file-encoding",
        f"{what} không phải văn bản UTF-8 (byte 0x{raw[at]:02X} không hợp lệ).",
        file=name, line=line, col=col, hint=_LEGACY_HINT,
    )


def decode_text(raw: bytes, name: str, what: str = "tệp") -> str:
    binary_check(raw, name, what)
    if raw.startswith(UTF16_BOMS):
        try:
            return nfc(raw.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    try:
        return nfc(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _encoding_error(raw, exc.start, name, what) from None


def scan_utf8(raw: bytes, name: str, what: str = "tệp", first_line: int = 1) -> bool:
    """Check that bytes are UTF-8 text without holding them all as one string; return whether some text is
    not NFC (so that its lines need normalising). Chunks end at line ends, so no character is split.

    `first_line` > 1: the bytes are the lines added to a file from that line on (its start was checked before):
    an error names the file's own line, and only a file's start is looked at to tell a binary file."""
    if first_line == 1:
        binary_check(raw, name, what)
    needs_nfc = False
    pos, size, step = 0, len(raw), 1 << 20
    while pos < size:
        end = raw.find(b"\n", pos + step)
        end = size if end == -1 else end + 1
        try:
            chunk = raw[pos:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _encoding_error(raw, pos + exc.start, name, what, first_line) from None
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


@functools.lru_cache(maxsize=None)
def code_fingerprint(*modules: str) -> str:
    """SHA-256 over the bytes of some of kehoach's own modules («journal/store.py», …), once per process:
    a cache keyed by it is never reused by other code, whatever the version string says."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for rel in modules:
        h.update(rel.encode() + b"\0")
        try:
            h.update((package / rel).read_bytes())
        except OSError:
            h.update(b"?")
    return h.hexdigest()


def installed(*names: str) -> str:
    """Where these libraries are installed, with the size and time of their first file: another version, another
    text (found without importing them), for the keys of caches whose content they decide."""
    from importlib.util import find_spec

    out = []
    for name in names:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec and spec.origin else None
            st = os.stat(origin) if origin else None
            out.append(f"{name}:{origin}:{st.st_size}:{st.st_mtime_ns}" if st else f"{name}:-")
        except (ImportError, ValueError, OSError):
            out.append(f"{name}:-")
    return "\0".join(out)


def sealed(body: bytes) -> bytes:
    """A cache file: the SHA-256 of its body, a newline, the body."""
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def unsealed(stored: bytes) -> memoryview | None:
    """The body of a cache file when it matches its checksum; None when edited or half-written."""
    cut = stored.find(b"\n")
    body = memoryview(stored)[cut + 1:]  # a view: a large cache is not copied to be checked
    return body if cut >= 0 and hashlib.sha256(body).hexdigest().encode() == stored[:cut] else None


def read_sealed(path: Path) -> memoryview | None:
    """The body of a cache file: None when caches are off, when it cannot be read, or when it does not match its
    checksum (a hand edit, a half-written file)."""
    if not caches_on():
        return None
    try:
        return unsealed(Path(path).read_bytes())
    except OSError:
        return None


def read_sealed_json(path: Path):
    """A cache file holding JSON (see read_sealed); None when it is not there, not whole, or not JSON."""
    body = read_sealed(path)
    if body is None:
        return None
    import orjson

    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def caches_on() -> bool:
    """False when KEHOACH_CACHE=off (or 0, no): every cache is then neither read nor written."""
    return os.environ.get("KEHOACH_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def cache_dir() -> Path:
    """Where caches live: $KEHOACH_CACHE_DIR, else $XDG_CACHE_HOME/kehoach, else ~/.cache/kehoach."""
    env = os.environ.get("KEHOACH_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kehoach"
