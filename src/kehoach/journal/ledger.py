"""Plan + journal → the corrected activities, with every journal problem as a located diagnostic.

Each record is checked against the plan (kind, date, unit, fields and their types, references)
in file order, then applied; a record that does not fit is reported with its line and left out.

The one exception to the plan's dates: an add record with `carried_from` (written by `kehoach init`) is a case
still open at the end of last year, carried into this year's journal with its own id, date and fields. Its date
may be before the plan year; it is an open case of this year (`Activity.carried`), not an activity of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach.base.errors import Diagnostic
from kehoach.base.files import relpath
from kehoach.plan.shapes import Plan

from .store import Activity, Record, apply_record, is_record_id, journal_path, parse_records, read_journal_bytes
from .digest import Digest
from .tally import Tally
from .values import compile_checker

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


@dataclass
class Ledger:
    path: Path
    activities: dict[str, Activity] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: int = 0

    _tally: Tally | None = field(default=None, repr=False)
    _digest: Digest | None = field(default=None, repr=False)
    _cached_as: dict | None = field(default=None, repr=False)  # the key its caches were written under, if they were

    def current(self) -> list[Activity]:
        """Activities in their corrected state, voided ones left out, in journal order."""
        return [a for a in self.activities.values() if not a.voided]

    def problems(self) -> tuple[list[Diagnostic], int, str | None]:
        """What a command shows at once of the journal's problems: the first three errors (else the first three
        warnings), the number of errors, the file of the first problem."""
        errors = [d for d in self.diagnostics if d.severity == "error"]
        return errors[:3] or self.diagnostics[:3], len(errors), self.diagnostics[0].file if self.diagnostics else None

    def digest(self, plan: Plan) -> Digest:
        """What a report says of the activities (see digest.py); computed when first asked for (a report), and then
        cached beside the other caches of the journal, if they were written."""
        if self._digest is None:
            self._digest = Digest.of(plan, self.current())
            if self._cached_as is not None:
                from .cache import write_digest

                write_digest(self.path, self._cached_as, self._digest)
        return self._digest

    def tally(self, plan: Plan) -> Tally:
        """What the plan's measures count of the activities (see tally.py): from the cache when it holds it."""
        if self._tally is None:
            self._tally = Tally.of(plan, self.activities.values())
        return self._tally


class CachedLedger(Ledger):
    """A ledger read from the tally's cache: its activities are read (from their cache, else from the journal)
    only when something asks for them — `status` and `todo` never do."""

    def __init__(self, path: Path, load, problems: tuple, records: int, tally: Tally, key: dict) -> None:
        self.path, self.records, self._tally, self._problems = path, records, tally, problems
        self._load, self._full, self._cached_as, self._digest = load, None, key, None

    def digest(self, plan: Plan) -> Digest:
        if self._digest is None:
            from .cache import read_digest

            self._digest = read_digest(self.path, self._cached_as)
            if self._digest is None:  # not asked for yet, or spoilt: from the activities, then cached
                whole = self._whole()
                whole._cached_as = self._cached_as
                self._digest = whole.digest(plan)
        return self._digest

    def problems(self) -> tuple[list[Diagnostic], int, str | None]:
        return self._problems

    def _whole(self) -> Ledger:
        if self._full is None:
            self._full = self._load()
        return self._full

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self._whole().diagnostics

    @property
    def activities(self) -> dict[str, Activity]:
        return self._whole().activities


def _text(value) -> str | None:
    """The value when it is text, else None (a hand-edited record may hold a list where an id should be)."""
    return value if type(value) is str else None


class RecordChecker:
    """Checks journal records against one plan; every lookup it needs is prepared once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        lo, hi = plan_date_range(plan)
        self.lo, self.hi = lo.isoformat(), hi.isoformat()
        self.lo_date, self.hi_date = lo, hi
        from kehoach.plan.calendar import plan_year
        from kehoach.plan.shapes import EntryField, Timeliness

        self.year = plan_year(plan)
        self.year_start, self.year_end = self.year.start, self.year.end
        self._outside: dict[date, str | None] = {}
        self.units = frozenset(u.id for u in plan.units)
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
            self.kinds[kid] = (kind, checkers, required)

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
            _, checkers, required = entry
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
            if day is not None and self.entry_fields.get(d.get("kind")):
                self._entries(d, day, fields, acts, out)
            return out
        if op in ("amend", "void"):
            return out + self._correction(d, op, acts)
        return out + [("journal-record", f"thao tác «{op}» không hợp lệ (add, amend, void).", None)]

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


def load_ledger(plan: Plan, plan_path: Path, use_cache: bool = False) -> Ledger:
    """The journal checked against the plan and corrected. With use_cache, a large journal's earlier
    result is reused when it provably describes the same bytes (see cache.py): its tally when it describes the
    whole journal (the journal is then only hashed, not held; its activities are read when asked for)."""
    path = journal_path(plan_path, plan)
    name = relpath(path)
    fingerprint = None
    if use_cache:
        from .cache import plan_fingerprint, read_tally

        fingerprint = plan_fingerprint(plan_path)
        tallied = read_tally(path, fingerprint) if path.is_file() else None
        if tallied is not None:
            tally, problems, records, key = tallied
            return CachedLedger(path, lambda: _load(plan, path, name, fingerprint, tally_cached=True), problems,
                                records, tally, key)
    return _load(plan, path, name, fingerprint)


def _load(plan: Plan, path: Path, name: str, fingerprint: str | None, tally_cached: bool = False) -> Ledger:
    raw = read_journal_bytes(path)
    if fingerprint is not None and raw:
        from .cache import read_cache

        cached = read_cache(path, fingerprint, raw)
        if cached is not None:
            acts, diags, records, lines, size = cached
            ledger = Ledger(path, acts, diags, records)
            if size < len(raw):
                tail = parse_records(raw, name, start=size, first_line=lines + 1)
                ledger.records += len(tail.records)
                ledger.diagnostics.extend(tail.diagnostics)
                known = len(ledger.activities)
                apply_records(plan, ledger, tail.records, name)
                if all(rec.data.get("op") == "add" for rec in tail.records):
                    _tally_on_top(plan, ledger, fingerprint, memoryview(raw)[:size], known)
                _save(plan, path, fingerprint, raw, ledger)
            elif not tally_cached:
                _save(plan, path, fingerprint, raw, ledger)  # the tally's cache was missing or spoilt
            ledger.diagnostics.sort(key=lambda d: (d.line or 0, d.code))
            return ledger
    read = parse_records(raw, name)
    ledger = Ledger(path, records=len(read.records), diagnostics=list(read.diagnostics))
    apply_records(plan, ledger, read.records, name)
    ledger.diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    if fingerprint is not None and raw:
        _save(plan, path, fingerprint, raw, ledger)
    return ledger


def _tally_on_top(plan: Plan, ledger: Ledger, fingerprint: str, before: memoryview, known: int) -> None:
    """Only new activities were appended (`add` records): the tally of the journal before them, if cached, takes
    them on, instead of tallying every activity again."""
    from .cache import read_tally
    from .tally import projection

    cached = read_tally(ledger.path, fingerprint, before)
    if cached is not None:
        tally = cached[0]
        tally.add(projection(plan), list(ledger.activities.values())[known:])
        ledger._tally = tally


def _save(plan: Plan, path: Path, fingerprint: str, raw: bytes, ledger: Ledger) -> None:
    if not raw.endswith(b"\n"):
        return  # never cache a journal whose last line is torn
    from .cache import write_cache

    ledger._cached_as = write_cache(path, fingerprint, raw, ledger.activities, ledger.diagnostics, ledger.records,
                                    raw.count(b"\n"), ledger.tally(plan), ledger.problems())


def apply_records(plan: Plan, ledger: Ledger, records: list[Record], name: str,
                  checker: RecordChecker | None = None) -> None:
    """Check each record against the plan and the activities so far, then apply it (file order)."""
    checker = checker or RecordChecker(plan)
    acts = ledger.activities
    if acts and not checker.handlers:
        checker.unindexed = acts  # records read on top of the cache: which records name which, found if asked
    for rec in records:
        problems = checker.check(rec, acts)
        if all(len(p) > 3 and p[3] == "warning" for p in problems):
            why = apply_record(acts, rec)
            if why:
                problems = [("journal-ref", why, None)]
        for code, message, hint, *severity in problems:
            ledger.diagnostics.append(Diagnostic(code=code, message=f"bản ghi {rec.id or '?'}: {message}",
                                                 file=name, line=rec.line, col=1, hint=hint,
                                                 severity=severity[0] if severity else "error"))
    if checker.closing and records:
        ledger.diagnostics[:] = [d for d in ledger.diagnostics if d.code != "journal-closed-twice"]
        ledger.diagnostics += closed_twice(checker.closing, acts, name)


def closed_twice(closing: set, acts: dict[str, Activity], name: str) -> list[Diagnostic]:
    """Cases handled more than once, as the journal stands after every correction: the handling that counts is
    the earliest not dated before its receipt (as the indicators count it); each other one is said to count for
    nothing more — and one voided, or pointed elsewhere since, no longer is."""
    handlings: dict[str, list[Activity]] = {}
    for a in acts.values():
        if a.voided:
            continue
        for kind, fid in closing:
            case = acts.get(_text(a.fields.get(fid))) if a.kind == kind else None
            if case is not None and not case.voided and a.date >= case.date:
                handlings.setdefault(case.id, []).append(a)
    out = []
    for case_id, found in handlings.items():
        if len(found) < 2:
            continue
        first, *others = sorted(found, key=lambda a: (a.date, a.line))
        out += [Diagnostic(code="journal-closed-twice", file=name, line=a.line, col=1, severity="warning",
                           message=f"bản ghi {a.id}: vụ việc {case_id} đã được xử lý ở {first.id}; "
                                   f"lần xử lý này không được tính thêm.",
                           hint="Nếu ghi trùng, huỷ bản ghi này: kehoach void … --reason \"ghi trùng\".")
                for a in others]
    return out
