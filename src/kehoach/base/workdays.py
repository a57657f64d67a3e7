"""Working days in Vietnam: not Saturday or Sunday, nor a public holiday.

Public holidays (Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 âm lịch, 30/4, 1/5, Quốc khánh 2/9 and
its neighbour day, and the days off in lieu) come from the well-kept `holidays` package, which computes the
lunar ones. Used for the default date of a report and for sending deadlines.

Importing `holidays` loads every country it knows (a fifth of a second); so a year's holidays are kept in the
cache folder, keyed by the bytes of this module and of the package's version file (a new version of either
means a new key) and sealed by a checksum. Never the source of truth: a missing, edited or unreadable file only
means asking the package again.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path


def _cache_file(year: int) -> Path | None:
    from importlib.util import find_spec

    from .files import cache_dir, caches_on

    if not caches_on():
        return None
    spec = find_spec("holidays")  # finds the package without importing it
    if spec is None or not spec.origin:
        return None
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(b"\0" + (Path(spec.origin).parent / "version.py").read_bytes() + f"\0{year}".encode())
    return cache_dir() / f"holidays-{h.hexdigest()[:32]}.txt"


def _read(path: Path) -> frozenset[date] | None:
    from .files import unsealed

    body = unsealed(path.read_bytes())
    if body is None:
        return None
    return frozenset(date.fromisoformat(d) for d in bytes(body).decode("ascii").split())


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    try:
        path = _cache_file(year)
        cached = _read(path) if path is not None and path.exists() else None
    except Exception:  # unreadable, foreign or edited: ask the package
        path, cached = None, None
    if cached is not None:
        return cached
    import holidays

    days = frozenset(holidays.country_holidays("VN", years=[year]).keys())
    if path is not None:
        from .files import atomic_write, sealed

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, sealed(" ".join(sorted(d.isoformat() for d in days)).encode("ascii")))
        except Exception:  # a read-only home, a full disk: work without the cache
            pass
    return days


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _holidays(d.year)


def working_day_on_or_after(d: date) -> date:
    """The first working day at or after d (a Saturday → the Monday; 30/4 → the first day after the holidays)."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d
