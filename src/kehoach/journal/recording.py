"""Build journal records from what an officer types: `log`, `amend`, `void`.

Pure: takes the plan, the current activities and the typed text; returns the record to append
(without its id) or raises KehoachError listing every problem. Prompting is the CLI's job: a
`Draft` says which required fields are still missing.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kehoach.base.dates import DATE_FORMATS_HINT, DateInputError, parse_date
from kehoach.base.errors import COMMAND_LINE, Diagnostic, KehoachError
from kehoach.plan.calendar import plan_year
from kehoach.plan.lookup import Named, ValueProblem, find_kind, find_unit, match_named
from kehoach.plan.shapes import ActivityKind, Plan

from .checker import outside_plan_year
from .privacy import looks_like_name, personal_data_found
from .store import Activity, EntryLookup, now_iso
from .values import Context, bound_problems, normalise_entry_id, parse_input

WHERE = COMMAND_LINE


def _diag(code: str, message: str, hint: str | None = None, severity: str = "error") -> Diagnostic:
    return Diagnostic(code=code, message=message, file=WHERE, hint=hint, severity=severity)


def who(by: str | None) -> str:
    """--by, else $KEHOACH_USER, else the operating-system user."""
    if by and by.strip():
        return by.strip()
    env = os.environ.get("KEHOACH_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system
        return "không rõ"


def split_assignments(assignments: list[str]) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    pairs, problems = [], []
    for a in assignments:
        if "=" not in a:
            problems.append(_diag("bad-assignment", f"«{a}» không có dạng trường=giá trị.",
                                  "Ví dụ: thon=\"Nà Cạo\" so_nguoi=45"))
            continue
        k, _, v = a.partition("=")
        pairs.append((k.strip(), v))
    return pairs, problems


def _field_id(kind: ActivityKind, kind_id: str, name: str, confirm=None) -> str:
    if name in kind.fields:
        return name
    items = [Named(fid, spec.label) for fid, spec in kind.fields.items()]
    try:
        return match_named(items, name, "trường", confirm).id
    except ValueProblem as exc:
        message = exc.message if "khớp với nhiều" in exc.message else f"loại «{kind_id}» không có trường «{name}»."
        raise ValueProblem(message, exc.hint or "Các trường: " + ", ".join(kind.fields) + ".")


@dataclass
class Draft:
    kind: str
    date: str
    unit: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    by: str = ""
    force: bool = False
    warnings: list[Diagnostic] = field(default_factory=list)

    def missing(self, plan: Plan) -> list[str]:
        kind = plan.activity_kinds[self.kind]
        return [fid for fid, spec in kind.fields.items() if spec.required and self.fields.get(fid) in (None, "", [])]

    def record(self) -> dict:
        rec = {"op": "add", "kind": self.kind, "date": self.date, "unit": self.unit, "fields": self.fields,
               "note": self.note, "by": self.by, "at": now_iso()}
        if self.force:
            rec["force"] = True
        return rec


def _date(text: str | None, plan: Plan, today: date, force: bool, problems: list[Diagnostic]) -> str | None:
    try:
        day = parse_date(text, today) if text else today
    except DateInputError as exc:
        problems.append(_diag("bad-date", f"--date: {exc}", DATE_FORMATS_HINT))
        return None
    year = plan_year(plan)
    why = outside_plan_year(year, day)
    if not force and why:
        problems.append(_diag("date-outside-plan",
                              f"{why} Kế hoạch này ({plan.meta.short_title} năm {plan.meta.year}) tính các hoạt động "
                              f"từ ngày {year.start:%d/%m/%Y} đến ngày {year.end:%d/%m/%Y}.",
                              f"Ghi rõ --date (ví dụ --date {year.start.day}/{year.start.month}/{year.start.year}), "
                              "hoặc ghi vào kế hoạch của năm đó (--plan); nếu vẫn ghi vào kế hoạch này, thêm --force "
                              "(hoạt động được lưu nhưng không tính vào chỉ tiêu)."))
    return day.isoformat()


def entry_order_problems(plan: Plan, kind_id: str, day: date, fields: dict, activities) -> list[Diagnostic]:
    """A record that refers to an earlier one (a case handled, a report received) cannot be dated before it."""
    from kehoach.plan.shapes import EntryField

    out = []
    for fid, spec in plan.activity_kinds[kind_id].fields.items():
        if isinstance(spec, EntryField) and isinstance(fields.get(fid), str):
            target = activities.get(fields[fid])
            if target is not None and day < target.date:
                out.append(_diag("date-before-entry",
                                 f"ngày {day:%d/%m/%Y} trước ngày {target.date:%d/%m/%Y} của {target.id} "
                                 f"({plan.activity_kinds[target.kind].title.lower()}) mà «{fid}» trỏ tới.",
                                 "Kiểm tra lại --date: việc xử lý không thể trước ngày tiếp nhận."))
    return out


def amended_order_problems(plan: Plan, act: Activity, changes: dict, activities) -> list[Diagnostic]:
    """An amend may not put a handling before the case it handles (by either date, or by pointing a handling
    at a later case), as `log` refuses a handling dated before its receipt."""
    from kehoach.plan.shapes import EntryField

    day = date.fromisoformat(changes["date"]) if "date" in changes else act.date
    after = {**act.fields, **{k: v for k, v in (changes.get("fields") or {}).items() if v is not None}}
    out = entry_order_problems(plan, act.kind, day, after, activities)
    if "date" in changes:
        for other in activities.values():
            if other.voided or other.date >= day or other.kind not in plan.activity_kinds:
                continue
            for fid, spec in plan.activity_kinds[other.kind].fields.items():
                if isinstance(spec, EntryField) and other.fields.get(fid) == act.id:
                    out.append(_diag("date-after-handling",
                                     f"ngày mới {day:%d/%m/%Y} sau ngày {other.date:%d/%m/%Y} của {other.id} "
                                     f"({plan.activity_kinds[other.kind].title.lower()}) là việc xử lý {act.id}.",
                                     "Việc tiếp nhận không thể sau ngày xử lý; kiểm tra lại --date, hoặc sửa ngày "
                                     f"của {other.id} trước."))
                    return out
    return out


_BOUND_HINT = "Kiểm tra lại hai số (một phần không thể lớn hơn cái chứa nó); chưa ghi gì."


def draft_add(plan: Plan, activities: dict[str, Activity], kind_text: str, assignments: list[str],
              date_text: str | None, unit_text: str | None, note: str | None, by: str | None,
              force: bool, today: date, interactive: bool = False, confirm=None) -> Draft:
    """Check everything typed for a new activity; raise with every problem at once.

    Without a terminal to ask on (`interactive` false), missing required fields are problems too.
    `confirm` (the CLI asking on a terminal) may accept a partial name; without it only exact names pass.
    """
    kind_id = find_kind(plan, kind_text, confirm)
    kind = plan.activity_kinds[kind_id]
    problems: list[Diagnostic] = []
    day = _date(date_text, plan, today, force, problems)
    unit = kind.unit
    if unit_text:
        try:
            unit = find_unit(plan, unit_text, confirm)
        except ValueProblem as exc:
            problems.append(_diag("unknown-unit", f"--unit: {exc.message}", exc.hint))
    pairs, bad = split_assignments(assignments)
    problems += bad
    ctx = Context(plan, today, activities, confirm)
    fields: dict[str, Any] = {}
    attempted: set[str] = set()
    for name, text in pairs:
        try:
            fid = _field_id(kind, kind_id, name, confirm)
            if text.strip() == "":
                continue  # «tieu_de=»: left empty, as if not typed (a required one is missing)
            attempted.add(fid)
            fields[fid] = parse_input(kind.fields[fid], text, ctx)
        except ValueProblem as exc:
            problems.append(_diag("bad-value", f"{name}: {exc.message}", exc.hint))
    problems += name_problems(kind, fields)
    problems += [_diag("bad-value", why + ".", _BOUND_HINT) for why in bound_problems(kind, fields)]
    if day:
        problems += entry_order_problems(plan, kind_id, date.fromisoformat(day), fields, activities)
    d = Draft(kind_id, day or "", unit, fields, (note or "").strip(), who(by), force)
    if not interactive and set(d.missing(plan)) - attempted:
        problems += missing_error(plan, d, exclude=attempted).diagnostics
    if problems:
        raise KehoachError(problems)
    d.warnings = privacy_warnings(plan, kind, fields, d.note)
    return d


def name_problems(kind: ActivityKind, fields: dict) -> list[Diagnostic]:
    """A sensitive kind keeps anonymous codes only: a code field that looks like a person's name is refused."""
    from kehoach.plan.shapes import TextField

    if not kind.sensitive:
        return []
    return [_diag("personal-name", f"{fid}: «{value}» có vẻ là họ tên người; loại «{kind.title}» chỉ được ghi mã "
                                   "ẩn danh.",
                  "Ghi mã ẩn danh (ví dụ «NT-01»), không ghi họ tên (Nghị định 13/2023/NĐ-CP).")
            for fid, value in fields.items()
            if isinstance(kind.fields.get(fid), TextField) and isinstance(value, str) and looks_like_name(value)]


def privacy_warnings(plan: Plan, kind: ActivityKind, fields: dict, note: str) -> list[Diagnostic]:
    from kehoach.plan.shapes import TextField

    out = []
    texts = [(fid, v) for fid, v in fields.items() if isinstance(kind.fields.get(fid), TextField)]
    texts.append(("note", note))
    for fid, value in texts:
        found = personal_data_found(str(value or ""))
        if found:
            out.append(_diag("personal-data", f"{fid}: có vẻ chứa {', '.join(found)}.",
                             "Nhật ký không được ghi thông tin cá nhân (Nghị định 13/2023/NĐ-CP): "
                             "chỉ ghi số lượng hoặc mã ẩn danh.",
                             severity="warning"))
    return out


def fill_missing(plan: Plan, draft: Draft, fid: str, text: str, activities: dict, today: date,
                 confirm=None) -> None:
    """Parse one prompted value into the draft (raises ValueProblem)."""
    kind = plan.activity_kinds[draft.kind]
    value = parse_input(kind.fields[fid], text, Context(plan, today, activities, confirm))
    bad = name_problems(kind, {fid: value})
    if bad:
        raise ValueProblem(bad[0].message.split(": ", 1)[1], bad[0].hint)
    draft.fields[fid] = value


def missing_error(plan: Plan, draft: Draft, exclude: set[str] = frozenset()) -> KehoachError:
    kind = plan.activity_kinds[draft.kind]
    missing = [fid for fid in draft.missing(plan) if fid not in exclude]
    names = [f"{fid} ({kind.fields[fid].label})" for fid in missing]
    return KehoachError([_diag("missing-fields", f"thiếu {len(names)} trường bắt buộc của «{kind.title}»: "
                                                 + "; ".join(names) + ".",
                               "Thêm vào lệnh dạng trường=giá trị, ví dụ: "
                               + " ".join(f"{fid}=…" for fid in missing))])


def find_activity(activities: dict[str, Activity], text: str) -> Activity:
    ident = normalise_entry_id(text)
    act = activities.get(ident) if ident else None
    if act is None:
        raise KehoachError([_diag("unknown-id", f"không có hoạt động mã «{text}» trong nhật ký.",
                                  "Xem danh sách bằng «kehoach activities»; hoạt động của năm trước nằm trong nhật ký "
                                  "năm đó: thêm --plan và tệp kế hoạch của năm đó.")])
    return act


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise KehoachError([_diag("missing-reason", "phải ghi lý do (--reason).",
                                  "Ví dụ: --reason \"Ghi nhầm thôn\".")])
    return reason.strip()


def void_record(activities: dict[str, Activity], ident: str, reason: str | None, by: str | None) -> dict:
    act = find_activity(activities, ident)
    why = _reason(reason)
    if act.voided:
        raise KehoachError([_diag("already-void", f"hoạt động {act.id} đã bị huỷ trước đó.")])
    return {"op": "void", "target": act.id, "reason": why, "by": who(by), "at": now_iso()}


def still_applies(entries: EntryLookup, rec: dict) -> dict:
    """Inside the journal's lock: the target of a void or amend still exists and is not voided (another
    officer may have voided it a moment ago). Returns the record, or refuses."""
    act = entries.get(rec["target"])
    if act is None:
        raise KehoachError([_diag("unknown-id", f"không có hoạt động mã «{rec['target']}» trong nhật ký.",
                                  "Xem danh sách bằng «kehoach activities»; hoạt động của năm trước nằm trong nhật ký "
                                  "năm đó: thêm --plan và tệp kế hoạch của năm đó.")])
    if act.voided:
        why = "đã bị huỷ trước đó" if rec["op"] == "void" else "đã bị huỷ; không sửa được"
        raise KehoachError([_diag("already-void", f"hoạt động {act.id} {why}.")])
    return rec


def amend_record(plan: Plan, activities: dict[str, Activity], ident: str, assignments: list[str],
                 date_text: str | None, unit_text: str | None, note: str | None, reason: str | None,
                 by: str | None, force: bool, today: date, confirm=None) -> dict:
    act = find_activity(activities, ident)
    why = _reason(reason)
    if act.voided:
        raise KehoachError([_diag("already-void", f"hoạt động {act.id} đã bị huỷ; không sửa được.")])
    kind = plan.activity_kinds.get(act.kind)
    if kind is None:
        raise KehoachError([_diag("unknown-kind", f"loại hoạt động «{act.kind}» không còn trong kế hoạch.")])
    problems: list[Diagnostic] = []
    changes: dict[str, Any] = {}
    if date_text:
        day = _date(date_text, plan, today, force, problems)
        if day:
            changes["date"] = day
    if unit_text:
        try:
            changes["unit"] = find_unit(plan, unit_text, confirm)
        except ValueProblem as exc:
            problems.append(_diag("unknown-unit", f"--unit: {exc.message}", exc.hint))
    if note is not None:
        changes["note"] = note.strip()
    pairs, bad = split_assignments(assignments)
    problems += bad
    ctx = Context(plan, today, activities, confirm)
    fields: dict[str, Any] = {}
    for name, text in pairs:
        try:
            fid = _field_id(kind, act.kind, name, confirm)
            if text.strip() == "":
                if kind.fields[fid].required:
                    raise ValueProblem("là trường bắt buộc, không xoá được.")
                fields[fid] = None
            else:
                fields[fid] = parse_input(kind.fields[fid], text, ctx)
        except ValueProblem as exc:
            problems.append(_diag("bad-value", f"{name}: {exc.message}", exc.hint))
    problems += name_problems(kind, {k: v for k, v in fields.items() if v is not None})
    merged = {k: v for k, v in {**act.fields, **fields}.items() if v is not None}
    problems += [_diag("bad-value", f"sau khi sửa, {why}.", _BOUND_HINT) for why in bound_problems(kind, merged)]
    if fields:
        changes["fields"] = fields
    if not problems and ("date" in changes or fields):
        problems += amended_order_problems(plan, act, changes, activities)
    if problems:
        raise KehoachError(problems)
    if not changes:
        raise KehoachError([_diag("nothing-to-amend", "không có thay đổi nào.",
                                  "Ví dụ: kehoach amend HD0042 so_nguoi=50 --reason \"Đếm lại\".")])
    rec = {"op": "amend", "target": act.id, "set": changes, "reason": why, "by": who(by), "at": now_iso()}
    if force:
        rec["force"] = True
    return rec


def summary(plan: Plan, act_kind: str, fields: dict) -> str:
    """The kind's summary template filled with display values ("Tuyên truyền tại Thôn 1 (Họp thôn, 45 người)")."""
    from .values import display

    kind = plan.activity_kinds.get(act_kind)
    if kind is None:
        return act_kind
    shown = {fid: display(spec, fields.get(fid), plan) or "—" for fid, spec in kind.fields.items()}
    return _fill_summary(kind, fields, shown)


def _fill_summary(kind: ActivityKind, fields: dict, shown: dict) -> str:
    if kind.summary:
        try:
            return kind.summary.format_map(shown)
        except (KeyError, ValueError, IndexError):
            pass
    parts = [f"{kind.fields[f].label}: {shown[f]}" for f in kind.fields if fields.get(f) not in (None, "", [])]
    return kind.title + (" — " + "; ".join(parts) if parts else "")
