"""Personal data that must not be in the journal (Nghị định 13/2023/NĐ-CP): phone numbers,
ID-card numbers (CMND 9 digits, CCCD 12 digits) and e-mail addresses in free text."""

from __future__ import annotations

import re

_PATTERNS = [
    ("số điện thoại", re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){9}(?!\d)")),
    ("số CCCD/CMND", re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")),
    ("địa chỉ e-mail", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
]


def personal_data_found(text: str) -> list[str]:
    """The kinds of personal data that `text` seems to hold (empty when none)."""
    found = []
    for label, pattern in _PATTERNS:
        if pattern.search(text):
            found.append(label)
    return found
