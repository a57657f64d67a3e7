"""Personal data that must not be in the journal (Nghị định 13/2023/NĐ-CP): phone numbers,
ID-card numbers (CMND 9 digits, CCCD 12 digits), e-mail addresses in free text, and personal
names in the code fields of sensitive kinds.

Linear in the text: full-width digits are folded to ASCII (NFKC), runs of digits with single
spaces, dots or dashes between groups are found by one pattern without nested quantifiers, and
only the first MAX_SCAN characters of a text are looked at.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SCAN = 100_000  # characters of one text that are scanned (a note is a few lines)

# a run of digit groups: "0912 345 678", "001.203.004.567", "+84 912-345-678"; every group after the
# first has at least two digits, so a list of small counts ("5 7 9") is not one number
_RUN = re.compile(r"(?<![\w.])(\+?)(\d+(?:[ .\-]\d{2,})*)(?![\w])")
_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")


def _kinds_of_number(plus: str, run: str) -> set[str]:
    """What a run of digits is. Grouped forms count only where money and dates cannot look alike:
    a phone starts with 0 (or 84 / 0084 and a mobile prefix), a grouped ID number with its province's 0."""
    digits = re.sub(r"\D", "", run)
    n, grouped = len(digits), len(digits) != len(run)
    found = set()
    if n == 10 and digits[0] == "0" and digits[1] != "0":
        found.add("số điện thoại")
    elif n == 11 and digits.startswith("84") and digits[2] in "35789" and (plus or not grouped or run[2] == " "):
        found.add("số điện thoại")
    elif n == 13 and digits.startswith("0084") and digits[4] != "0":
        found.add("số điện thoại")
    if n in (9, 12) and not plus and (not grouped or digits[0] == "0"):
        found.add("số CCCD/CMND")
    return found


def personal_data_found(text: str) -> list[str]:
    """The kinds of personal data that `text` seems to hold (empty when none), in a fixed order."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text[:MAX_SCAN])  # full-width digits and signs become ASCII
    found: set[str] = set()
    for m in _RUN.finditer(text):
        found |= _kinds_of_number(m.group(1), m.group(2))
    if "@" in text and _EMAIL.search(text):
        found.add("địa chỉ e-mail")
    return [k for k in ("số điện thoại", "số CCCD/CMND", "địa chỉ e-mail") if k in found]


def _capitalised(word: str) -> bool:
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())


def looks_like_name(text: str) -> bool:
    """Two or more capitalised words in a row ("Nguyễn Thị A", "Lò Văn Páo"): a person's name, not a code."""
    run = 0
    for word in unicodedata.normalize("NFC", text[:MAX_SCAN]).split():
        run = run + 1 if _capitalised(word.strip(",.;:()")) else 0
        if run >= 2:
            return True
    return False


def journal_privacy_warnings(plan, ledger) -> list:
    """Warnings for free text in the journal (text fields and notes) that looks like personal data."""
    from kehoach.base.errors import Diagnostic
    from kehoach.base.files import relpath
    from kehoach.plan.shapes import TextField

    name = relpath(ledger.path)
    out = []
    text_fields = {kid: [fid for fid, spec in kind.fields.items() if isinstance(spec, TextField)]
                   for kid, kind in plan.activity_kinds.items()}
    for act in ledger.current():
        kind = plan.activity_kinds.get(act.kind)
        texts = [(fid, act.fields.get(fid)) for fid in text_fields.get(act.kind, ())] + [("note", act.note)]
        for fid, value in texts:
            if not value or not isinstance(value, str):
                continue
            found = personal_data_found(value)
            if kind is not None and kind.sensitive and fid != "note" and looks_like_name(value):
                found.append("họ tên")
            if found:
                out.append(Diagnostic(
                    code="personal-data", file=name, line=act.line, col=1, severity="warning",
                    message=f"bản ghi {act.id}, {fid}: có vẻ chứa {', '.join(found)}.",
                    hint="Nhật ký không được ghi thông tin cá nhân (Nghị định 13/2023/NĐ-CP): "
                         "sửa bằng «kehoach amend» và chỉ ghi số lượng hoặc mã ẩn danh."))
    return out
