"""Vietnamese text helpers: normalisation, diacritic folding, number and date formats."""

from __future__ import annotations

import unicodedata
from datetime import date

BOM = "\ufeff"


def nfc(text: str) -> str:
    """NFC-normalise text and drop a leading byte-order mark."""
    if text.startswith(BOM):
        text = text[1:]
    if unicodedata.is_normalized("NFC", text):  # the usual case, and much cheaper on a large journal
        return text
    return unicodedata.normalize("NFC", text)


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def strip_marks(text: str) -> str:
    """Lower case without diacritics (đ → d); other characters kept."""
    text = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Fold text for matching: lower case, no diacritics, đ → d, «-» and «_» as spaces, single spaces.

    "Nà Cạo" and "na cao" fold to the same key.
    """
    return " ".join(strip_marks(text).replace("-", " ").replace("_", " ").split())


def fold_ws(text: str) -> str:
    """Collapse every run of white space into one space (for comparing prose)."""
    return " ".join(text.split())


def format_number(value: float | int, decimals: int = 1) -> str:
    """Vietnamese number format: 1.234 and 71,4 (dot for thousands, comma for decimals)."""
    if isinstance(value, int) or float(value).is_integer():
        s = f"{int(round(value)):,}"
        return s.replace(",", ".")
    s = f"{value:,.{decimals}f}"
    s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if "," in s:
        s = s.rstrip("0").rstrip(",")
    return s


def percent_decimals(value: float, decimals: int = 1) -> int:
    """How many decimals a percentage is shown with: `decimals`, or more when the rounded figure would land on a
    whole number the exact figure is not (99,95%, not 100%; 79,96%, not 80%; 0,04%, not 0%): targets are whole
    percentages, and the shown figure must not cross one the exact figure does not."""
    shown = round(value, decimals)
    while shown.is_integer() and shown != value and decimals < 6:
        decimals += 1
        shown = round(value, decimals)
    return decimals


def format_percent(value: float, decimals: int = 1) -> str:
    """71,4%; 99,95% (see `percent_decimals`); 80%."""
    decimals = percent_decimals(value, decimals)
    return f"{format_number(round(value, decimals), decimals)}%"


def format_date_long(d: date) -> str:
    """'ngày 05 tháng 01 năm 2024' (Nghị định 30/2020: leading zero below 10 and for months 1–2)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_date_short(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
