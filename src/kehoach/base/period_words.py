"""Periods as officers say them, mapped onto the codes `periods.parse_period` knows.

«6 tháng đầu năm» → h1, «6 thang cuoi nam» → h2, «quý 3» / «quý III» → q3, «tháng 5» → m5, «năm», «cả năm» →
nam; each may end with the year («quý 3 năm 2023», «6 tháng đầu năm 2024» → 2023Q3, 2024S1). With or without
diacritics, any case. Only the words are translated: the dates of a period are computed by `periods.py`.
"""

from __future__ import annotations

import re

from .text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:\s+(?:nam\s+)?(?P<year>\d{4}))?"
_PATTERNS = [
    (re.compile(r"(?:6|sau)\s+thang\s+dau(?:\s+nam)?" + _YEAR), lambda m: "h1"),
    (re.compile(r"(?:6|sau)\s+thang\s+cuoi(?:\s+nam)?" + _YEAR), lambda m: "h2"),
    (re.compile(r"quy\s+(?P<n>[1-4]|iv|iii|ii|i)" + _YEAR), lambda m: f"q{_ROMAN.get(m['n'], m['n'])}"),
    (re.compile(r"thang\s+(?P<n>\d{1,2})" + _YEAR), lambda m: f"m{int(m['n'])}"),
    (re.compile(r"(?:ca\s+)?nam" + _YEAR), lambda m: "nam"),
]


def period_words(text: str) -> str:
    """The period code for Vietnamese words; any other text unchanged (so its own error message names it)."""
    key = fold(text)
    for pattern, code in _PATTERNS:
        m = pattern.fullmatch(key)
        if m:
            c = code(m)
            year = m["year"]
            if not year:
                return c
            return year if c == "nam" else f"{year}{c}"
    return text
