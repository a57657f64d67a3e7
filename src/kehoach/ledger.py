"""Plan + journal → the corrected activities, with every journal problem as a located diagnostic.

Each record is checked against the plan (kind, date, unit, fields and their types, references)
in file order, then applied; a record that does not fit is reported with its line and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import Diagnostic
from .journal import ID_RE, Activity, Record, apply_record, journal_path, read_records
from .model import Plan
from .sources import relpath
from .values import check_stored

_SET_KEYS = {"date", "unit", "note", "fields"}


def plan_date_range(plan: Plan) -> tuple[date, date]:
    """Dates an activity of this plan may have: its reporting year (from 15/12 of the year before under
    Nghị định 09) through 31/12 of the plan's year."""
    y = plan.meta.year
    start = date(y - 1, 12, 15) if plan.reporting.period_rule == "nd09" else date(y, 1, 1)
    return start, date(y, 12, 31)


@dataclass
class Ledger:
    path: Path
    activities: dict[str, Activity] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: int = 0

    def current(self) -> list[Activity]:
        """Activities in their corrected state, voided ones left out, in journal order."""
        return [a for a in self.activities.values() if not a.voided]


def load_ledger(plan: Plan, plan_path: Path) -> Ledger:
    path = journal_path(plan_path, plan.journal)
    read = read_records(path)
    ledger = Ledger(path, records=len(read.records), diagnostics=list(read.diagnostics))
    name = relpath(path)
    lo, hi = plan_date_range(plan)
    for rec in read.records:
        problems = check_record(plan, rec, ledger.activities, lo, hi)
        if not problems:
            why = apply_record(ledger.activities, rec)
            if why:
                problems = [("journal-ref", why, None)]
        for code, message, hint in problems:
            ledger.diagnostics.append(Diagnostic(code=code, message=f"bản ghi {rec.id or '?'}: {message}",
                                                 file=name, line=rec.line, col=1, hint=hint))
    ledger.diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    return ledger


def check_record(plan: Plan, rec: Record, acts: dict[str, Activity], lo: date, hi: date) -> list[tuple]:
    d = rec.data
    out: list[tuple] = []
    op = d.get("op")
    rid = d.get("id")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        out.append(("journal-record", f"mã bản ghi «{rid}» không hợp lệ (dạng HD0001).", None))
    if op == "add":
        kind = plan.activity_kinds.get(d.get("kind"))
        if kind is None:
            out.append(("journal-ref", f"loại hoạt động «{d.get('kind')}» không có trong kế hoạch.",
                        "Loại hoạt động có thể đã bị đổi tên trong kế hoạch."))
            return out
        out += _check_date(d.get("date"), lo, hi, bool(d.get("force")))
        out += _check_unit(plan, d.get("unit"))
        fields = d.get("fields") or {}
        if not isinstance(fields, dict):
            return out + [("journal-record", "«fields» phải là một bảng {…}.", None)]
        for fid, value in fields.items():
            spec = kind.fields.get(fid)
            if spec is None:
                out.append(("journal-field", f"loại «{d['kind']}» không có trường «{fid}».", None))
                continue
            why = check_stored(spec, value, plan, acts)
            if why:
                out.append(("journal-value", f"trường «{fid}»: {why}.", None))
        for fid, spec in kind.fields.items():
            if spec.required and fields.get(fid) in (None, "", []):
                out.append(("journal-missing", f"thiếu trường bắt buộc «{fid}» ({spec.label}).", None))
        return out
    if op in ("amend", "void"):
        if not str(d.get("reason") or "").strip():
            out.append(("journal-record", "bản ghi sửa/huỷ phải có lý do («reason»).", None))
        target = acts.get(d.get("target"))
        if target is None:
            out.append(("journal-ref", f"mã «{d.get('target')}» không có hoạt động nào trước dòng này.", None))
            return out
        if target.voided:
            out.append(("journal-ref", f"hoạt động {target.id} đã bị huỷ trước đó.", None))
        if op == "amend":
            changes = d.get("set")
            if not isinstance(changes, dict) or not changes:
                return out + [("journal-record", "bản ghi sửa phải có «set» với ít nhất một thay đổi.", None)]
            for key in changes:
                if key not in _SET_KEYS:
                    out.append(("journal-record", f"không sửa được «{key}».", None))
            if "date" in changes:
                out += _check_date(changes["date"], lo, hi, bool(d.get("force")))
            if "unit" in changes:
                out += _check_unit(plan, changes["unit"])
            kind = plan.activity_kinds.get(target.kind)
            for fid, value in (changes.get("fields") or {}).items():
                spec = kind.fields.get(fid) if kind else None
                if spec is None:
                    out.append(("journal-field", f"loại «{target.kind}» không có trường «{fid}».", None))
                elif value is None:
                    if spec.required:
                        out.append(("journal-missing", f"không được xoá trường bắt buộc «{fid}».", None))
                else:
                    why = check_stored(spec, value, plan, acts)
                    if why:
                        out.append(("journal-value", f"trường «{fid}»: {why}.", None))
        return out
    return out + [("journal-record", f"thao tác «{op}» không hợp lệ (add, amend, void).", None)]


def _check_date(value, lo: date, hi: date, forced: bool) -> list[tuple]:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return [("journal-value", f"ngày «{value}» không hợp lệ (YYYY-MM-DD).", None)]
    if not forced and not lo <= day <= hi:
        return [("journal-date", f"ngày {day:%d/%m/%Y} nằm ngoài thời gian của kế hoạch "
                                  f"({lo:%d/%m/%Y} – {hi:%d/%m/%Y}).", None)]
    return []


def _check_unit(plan: Plan, unit) -> list[tuple]:
    if unit is not None and plan.unit(unit) is None:
        return [("journal-ref", f"đơn vị «{unit}» không có trong kế hoạch.", None)]
    return []


