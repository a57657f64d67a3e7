"""Each journal record checked against the plan: kind, dates, unit, fields and their types, references.

`RecordChecker.check` says everything wrong with one record, in the activities as they stand before it (file
order); `fast_add` takes the common record — a plain add — by a shorter way to the same answer.
"""

from __future__ import annotations

from datetime import date

from kehoach.plan.shapes import Plan

from .store import Activity, Record, is_record_id
from .values import bound_problems, compile_checker

_SET_KEYS = {"date", "unit", "note", "fields"}


def outside_plan_year(year, day: date) -> str | None:
    """Why a day is outside the plan year (which year's reporting it belongs to), or None when inside."""
    from kehoach.base.periods import reporting_year_of

    if year.contains(day):
        return None
    belongs = reporting_year_of(day, year.rule)
    if day > year.end and belongs > year.year:
        rule = " (Nghị định 09/2019: số liệu từ ngày 15/12 tính vào năm sau)" if year.rule == "nd09" else ""
        return f"ngày {day:%d/%m/%Y} thuộc kỳ báo cáo năm {belongs}{rule}."
    if belongs == year.year and day < year.start:
        return f"ngày {day:%d/%m/%Y} trước ngày kế hoạch có hiệu lực ({year.start:%d/%m/%Y})."
    return f"ngày {day:%d/%m/%Y} thuộc kỳ báo cáo năm {belongs}, không thuộc năm kế hoạch {year.year}."


def plan_date_range(plan: Plan) -> tuple[date, date]:
    """Dates an activity of this plan may have: its reporting year (from 15/12 of the year before under
    Nghị định 09) through 31/12 of the plan's year."""
    y = plan.meta.year
    start = date(y - 1, 12, 15) if plan.reporting.period_rule == "nd09" else date(y, 1, 1)
    return start, date(y, 12, 31)


def _text(value) -> str | None:
    """The value when it is text, else None (a hand-edited record may hold a list where an id should be)."""
    return value if type(value) is str else None


class RecordChecker:
    """Checks journal records against one plan; every lookup it needs is prepared once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        lo, hi = plan_date_range(plan)
        self.lo_date, self.hi_date = lo, hi
        from kehoach.plan.calendar import plan_year
        from kehoach.plan.shapes import EntryField, Timeliness

        self.year = plan_year(plan)
        self.year_start, self.year_end = self.year.start, self.year.end
        self._outside: dict[date, str | None] = {}
        self._days: dict[str, tuple] = {}  # a date as written → (the day, its problems) for fast_add
        self.units = frozenset(u.id for u in plan.units)
        self.unit_ids = {u: u for u in self.units}  # each unit's one string, shared by its activities
        self.kind_ids = {k: k for k in plan.activity_kinds}
        self.entry_fields = {kid: [fid for fid, spec in kind.fields.items() if isinstance(spec, EntryField)]
                             for kid, kind in plan.activity_kinds.items()}
        # (kind, field) pairs that close a case: a case closed twice is reported
        self.closing = {(i.measure.handled, i.measure.link_field) for i in plan.indicators()
                        if isinstance(i.measure, Timeliness)}
        self.handlers: dict[str, list[str]] = {}  # an entry's id → the ids of the records whose entry fields name it
        self.unindexed: dict[str, Activity] | None = None  # activities applied before, not yet in `handlers`
        self.kinds = {}
        for kid, kind in plan.activity_kinds.items():
            checkers = {fid: compile_checker(spec, plan) for fid, spec in kind.fields.items()}
            required = [(fid, spec.label) for fid, spec in kind.fields.items() if spec.required]
            bounded = [(fid, spec.at_most) for fid, spec in kind.fields.items() if getattr(spec, "at_most", None)]
            self.kinds[kid] = (kind, checkers, required, bounded)

    def check(self, rec: Record, acts: dict[str, Activity]) -> list[tuple]:
        d = rec.data
        out: list[tuple] = []
        op = d.get("op")
        rid = d.get("id")
        if not is_record_id(rid):
            out.append(("journal-record", f"mã bản ghi «{rid}» không hợp lệ (dạng HD0001).", None))
        if op == "add":
            entry = self.kinds.get(_text(d.get("kind")))
            if entry is None:
                out.append(("journal-ref", f"loại hoạt động «{d.get('kind')}» không có trong kế hoạch.",
                            "Loại hoạt động có thể đã bị đổi tên trong kế hoạch."))
                return out
            kind, checkers, required, bounded = entry
            carried = d.get("carried_from")
            if carried is not None and (type(carried) is not str or not carried.strip()):
                out.append(("journal-value", "«carried_from» phải là đường dẫn nhật ký năm trước.", None))
            day = self._date(d.get("date"), bool(d.get("force")), out, carried=bool(carried))
            if day is not None and not self.year_start <= day <= self.year_end:
                self._plan_year(d, day, out)
            for key in ("note", "by", "at"):
                value = d.get(key)
                if value is not None and type(value) is not str:
                    out.append(("journal-value", f"«{key}» phải là văn bản.", None))
            unit = d.get("unit")
            if unit is not None and _text(unit) not in self.units:
                out.append(("journal-ref", f"đơn vị «{unit}» không có trong kế hoạch.", None))
            fields = d.get("fields") or {}
            if type(fields) is not dict:
                return out + [("journal-record", "«fields» phải là một bảng {…}.", None)]
            for fid, value in fields.items():
                checker = checkers.get(fid)
                if checker is None:
                    out.append(("journal-field", f"loại «{d['kind']}» không có trường «{fid}».", None))
                    continue
                why = checker(value, acts)
                if why:
                    out.append(("journal-value", f"trường «{fid}»: {why}.", None))
            for fid, label in required:
                if fields.get(fid) in (None, "", []):
                    out.append(("journal-missing", f"thiếu trường bắt buộc «{fid}» ({label}).", None))
            if bounded:
                out += [("journal-value", f"{why}.", None) for why in bound_problems(kind, fields)]
            if day is not None and self.entry_fields.get(d.get("kind")):
                self._entries(d, day, fields, acts, out)
            return out
        if op in ("amend", "void"):
            return out + self._correction(d, op, acts)
        return out + [("journal-record", f"thao tác «{op}» không hợp lệ (add, amend, void).", None)]

    def fast_add(self, d: dict, acts: dict[str, Activity]):
        """The common record — an add of a known kind with a new id, text where text goes, neither forced nor
        carried — checked without the general path: (its day, its problems: what `check` would say, its kind and
        unit as the plan's own strings: shared by a journal's thousands of activities) when it is one, else None
        (then `check` decides). Its date's problems are found once per date written."""
        if d.get("op") != "add" or "force" in d or "carried_from" in d:
            return None
        rid = d.get("id")
        if not (type(rid) is str and len(rid) >= 6 and rid[:2] == "HD" and rid[2:].isdigit() and rid[2:].isascii()) \
                or rid in acts:
            return None
        kind = d.get("kind")
        entry = self.kinds.get(kind) if type(kind) is str else None
        written = d.get("date")
        seen = self._days.get(written) if entry is not None and type(written) is str else None
        if seen is None:
            if entry is None or type(written) is not str:
                return None
            out: list = []
            day = self._date(written, False, out)
            if day is None:
                return None
            if not self.year_start <= day <= self.year_end:
                self._plan_year({}, day, out)
            seen = self._days[written] = (day, out)
        note, by, at, unit = d.get("note"), d.get("by"), d.get("at"), d.get("unit")
        if (note is not None and type(note) is not str) or (by is not None and type(by) is not str) \
                or (at is not None and type(at) is not str) \
                or (unit is not None and (type(unit) is not str or unit not in self.units)):
            return None
        fields = d.get("fields")
        if type(fields) is not dict:
            if fields:
                return None
            fields = {}
        kind_spec, checkers, required, bounded = entry
        for fid, value in fields.items():
            checker = checkers.get(fid)
            if checker is None or checker(value, acts):
                return None
        for fid, _label in required:
            if fields.get(fid) in (None, "", []):
                return None
        if bounded and bound_problems(kind_spec, fields):
            return None
        day, problems = seen
        if self.entry_fields.get(kind):
            problems = list(problems)
            self._entries(d, day, fields, acts, problems)
        return day, problems, self.kind_ids[kind], self.unit_ids.get(unit)

    def _correction(self, d: dict, op: str, acts: dict[str, Activity]) -> list[tuple]:
        out: list[tuple] = []
        if not str(d.get("reason") or "").strip():
            out.append(("journal-record", "bản ghi sửa/huỷ phải có lý do («reason»).", None))
        target = acts.get(_text(d.get("target")))
        if target is None:
            out.append(("journal-ref", f"mã «{d.get('target')}» không có hoạt động nào trước dòng này.", None))
            return out
        if target.voided:
            out.append(("journal-ref", f"hoạt động {target.id} đã bị huỷ trước đó.", None))
        if op == "void":
            return out
        changes = d.get("set")
        if type(changes) is not dict or not changes:
            return out + [("journal-record", "bản ghi sửa phải có «set» với ít nhất một thay đổi.", None)]
        for key in changes:
            if key not in _SET_KEYS:  # keys of a JSON object are always text
                out.append(("journal-record", f"không sửa được «{key}».", None))
        if "date" in changes:
            self._date(changes["date"], bool(d.get("force")), out)
        if "note" in changes and changes["note"] is not None and type(changes["note"]) is not str:
            out.append(("journal-value", "«note» phải là văn bản.", None))
        if "unit" in changes and changes["unit"] is not None and _text(changes["unit"]) not in self.units:
            out.append(("journal-ref", f"đơn vị «{changes['unit']}» không có trong kế hoạch.", None))
        entry = self.kinds.get(target.kind)
        new_fields = changes.get("fields") or {}
        if type(new_fields) is not dict:
            return out + [("journal-record", "«set.fields» phải là một bảng {…}.", None)]
        for fid, value in new_fields.items():
            checker = entry[1].get(fid) if entry else None
            if checker is None:
                out.append(("journal-field", f"loại «{target.kind}» không có trường «{fid}».", None))
            elif value is None:
                if any(fid == r for r, _ in entry[2]):
                    out.append(("journal-missing", f"không được xoá trường bắt buộc «{fid}».", None))
            else:
                why = checker(value, acts)
                if why:
                    out.append(("journal-value", f"trường «{fid}»: {why}.", None))
        if entry and entry[3] and not out:
            merged = {**target.fields, **new_fields}
            out += [("journal-value", f"sau khi sửa, {why}.", None)
                    for why in bound_problems(entry[0], {k: v for k, v in merged.items() if v is not None})]
        if not out:
            self._amended_order(d, target, changes, new_fields, acts, out)
        return out

    def _amended_order(self, d: dict, target: Activity, changes: dict, new_fields: dict,
                       acts: dict[str, Activity], out: list) -> None:
        """An amend may not put a handling before the case it handles: by moving either date, or by pointing a
        handling at another case (as `log` refuses a handling dated before its receipt)."""
        try:
            day = date.fromisoformat(changes["date"]) if "date" in changes else target.date
        except (TypeError, ValueError):
            return
        hint = "Kiểm tra lại ngày của hai hoạt động (kehoach amend … --date …)."
        for fid in self.entry_fields.get(target.kind, ()):
            value = new_fields[fid] if fid in new_fields else target.fields.get(fid)
            case = acts.get(_text(value))
            if case is None:
                continue
            if fid in new_fields:
                self.handlers.setdefault(case.id, []).append(target.id)
            if not case.voided and day < case.date:
                out.append(("journal-order", f"sau khi sửa, {target.id} có ngày {day:%d/%m/%Y}, trước ngày "
                                             f"{case.date:%d/%m/%Y} của {case.id} mà trường «{fid}» trỏ tới.", hint))
        if "date" not in changes:
            return
        if self.unindexed is not None:  # the activities read from the cache: index them once
            for act in self.unindexed.values():
                for fid in self.entry_fields.get(act.kind, ()):
                    named = _text(act.fields.get(fid))
                    if named is not None:
                        self.handlers.setdefault(named, []).append(act.id)
            self.unindexed = None
        for hid in self.handlers.get(target.id, ()):
            handling = acts.get(hid)
            if handling is None or handling.voided or handling.date >= day:
                continue
            if any(_text(handling.fields.get(f)) == target.id for f in self.entry_fields.get(handling.kind, ())):
                out.append(("journal-order", f"sau khi sửa, {target.id} có ngày {day:%d/%m/%Y}, sau ngày "
                                             f"{handling.date:%d/%m/%Y} của {handling.id} là bản ghi xử lý trỏ tới nó.",
                            hint))
                return

    def _entries(self, d: dict, day: date, fields: dict, acts: dict[str, Activity], out: list) -> None:
        """A record that refers to an earlier one (a handling to its case) is not dated before it."""
        kind = d.get("kind")
        for fid in self.entry_fields.get(kind, ()):
            target = acts.get(_text(fields.get(fid)))
            if target is None:
                continue
            self.handlers.setdefault(target.id, []).append(str(d.get("id")))
            if day < target.date:
                out.append(("journal-order", f"ngày {day:%d/%m/%Y} trước ngày {target.date:%d/%m/%Y} của "
                                             f"{target.id} mà trường «{fid}» trỏ tới.",
                            "Kiểm tra lại ngày của hai hoạt động (kehoach amend … --date …)."))

    def _plan_year(self, d: dict, day: date, out: list) -> None:
        """A record outside the plan year is kept but counted in no indicator of this plan: say so."""
        why = self._outside.get(day, "")
        if why == "":  # worded once per day: a journal may hold thousands of records of the days before the plan
            why = self._outside[day] = outside_plan_year(self.year, day)
        if why and not d.get("carried_from") and not any(p[0] == "journal-date" for p in out):
            out.append(("journal-outside-year", why + " Hoạt động này không được tính vào chỉ tiêu của kế hoạch.",
                        None, "warning"))

    def _date(self, value, forced: bool, out: list, carried: bool = False) -> date | None:
        """The record's day (None when it is not a date), after checking it lies in the plan's dates."""
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            out.append(("journal-value", f"ngày «{value}» không hợp lệ (YYYY-MM-DD).", None))
            return None
        if carried and day <= self.hi_date:
            return day  # a case carried over from last year (`kehoach init`) keeps its date of receipt
        if not forced and not self.lo_date <= day <= self.hi_date:
            out.append(("journal-date", f"ngày {day:%d/%m/%Y} nằm ngoài thời gian của kế hoạch "
                                        f"({self.lo_date:%d/%m/%Y} – {self.hi_date:%d/%m/%Y}).", None))
        return day


