"""Small file-system helpers: atomic writes and plan discovery."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import KehoachError


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


def find_plan(option: Path | None, cwd: Path | None = None) -> Path:
    """--plan, else $KEHOACH_PLAN, else the last plans/*.yaml by name (2024.yaml after 2023.yaml)."""
    if option is not None:
        return option
    env = os.environ.get("KEHOACH_PLAN")
    if env:
        return Path(env)
    folder = (cwd or Path.cwd()) / "plans"
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
