"""Dates as officers type them: 2023-04-12, 12/4/2023, 12/04/2023, hôm nay, hôm qua."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .text import fold

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_RELATIVE = {
    "hom nay": 0, "today": 0, "nay": 0,
    "hom qua": 1, "yesterday": 1, "qua": 1,
    "hom kia": 2,
}

DATE_FORMATS_HINT = "Viết ngày dạng 12/4/2023, 12/04/2023 hoặc 2023-04-12; hoặc «hôm nay», «hôm qua»."


class DateInputError(ValueError):
    """The text is not a date (message in Vietnamese)."""


def parse_date(text: str, today: date | None = None) -> date:
    """Parse a date typed by a user; day first, as Vietnamese write it."""
    raw = text.strip()
    key = fold(raw)
    if key in _RELATIVE:
        return (today or date.today()) - timedelta(days=_RELATIVE[key])
    m = _ISO.match(raw)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(raw)
        if not m:
            raise DateInputError(f"«{text}» không phải một ngày.")
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise DateInputError(f"ngày «{text}» không tồn tại.{_swapped(d, mo, y)}") from None


def _swapped(d: int, mo: int, y: int) -> str:
    """A suggestion when day and month look swapped («5/13/2024», typed month first): « Có phải ý bạn là 13/5/2024?»"""
    if mo > 12 and 1 <= d <= 12:
        try:
            date(y, d, mo)
        except ValueError:
            return ""
        return f" Có phải ý bạn là {mo}/{d}/{y} (ngày {mo} tháng {d})?"
    return ""
