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


def journal_privacy_warnings(plan, ledger) -> list:
    """Warnings for free text in the journal (text fields and notes) that looks like personal data."""
    from kehoach.base.errors import Diagnostic
    from kehoach.base.files import relpath
    from kehoach.plan.model import TextField

    name = relpath(ledger.path)
    out = []
    text_fields = {kid: [fid for fid, spec in kind.fields.items() if isinstance(spec, TextField)]
                   for kid, kind in plan.activity_kinds.items()}
    for act in ledger.current():
        texts = [(fid, act.fields.get(fid)) for fid in text_fields.get(act.kind, ())] + [("note", act.note)]
        for fid, value in texts:
            if not value or not isinstance(value, str):
                continue
            found = personal_data_found(value)
            if found:
                out.append(Diagnostic(
                    code="personal-data", file=name, line=act.line, col=1, severity="warning",
                    message=f"bản ghi {act.id}, {fid}: có vẻ chứa {', '.join(found)}.",
                    hint="Nhật ký không được ghi thông tin cá nhân (Nghị định 13/2023/NĐ-CP): "
                         "sửa bằng «kehoach amend» và chỉ ghi số lượng hoặc mã ẩn danh."))
    return out
