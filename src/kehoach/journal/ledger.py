"""Plan + journal → the corrected activities, with every journal problem as a located diagnostic.

Each record is checked against the plan (kind, date, unit, fields and their types, references)
in file order, then applied; a record that does not fit is reported with its line and left out.

The one exception to the plan's dates: an add record with `carried_from` (written by `kehoach init`) is a case
still open at the end of last year, carried into this year's journal with its own id, date and fields. Its date
may be before the plan year; it is an open case of this year (`Activity.carried`), not an activity of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from kehoach.base.errors import Diagnostic, quick_diagnostic
from kehoach.base.files import UTF16_BOMS, binary_check, relpath
from kehoach.plan.shapes import Plan

from .checker import RecordChecker, _text, outside_plan_year, plan_date_range  # noqa: F401 (the last two: for callers)
from .digest import Digest
from .store import (
    Activity,
    apply_record,
    iter_records,
    journal_path,
    parse_records,
    read_journal_bytes,
)
from .tally import Tally


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


def load_ledger(plan: Plan, plan_path: Path, use_cache: bool = False, tally_only: bool = False) -> Ledger:
    """The journal checked against the plan and corrected. With use_cache, a large journal's earlier
    result is reused when it provably describes the same bytes (see cache.py): its tally when it describes the
    whole journal (the journal is then only hashed, not held; its activities are read when asked for).

    `tally_only`: the caller reads only the tally and the problems (`status`, `todo`). When the tally's cache does
    not describe the journal, the journal is read as it goes (settle.py): each activity tallied and let go as soon
    as nothing later can change it, and only the tally's cache written."""
    path = journal_path(plan_path, plan)
    name = relpath(path)
    fingerprint = None
    if use_cache:
        from .cache import plan_fingerprint, read_tally

        fingerprint = plan_fingerprint(plan_path, plan)
        tallied = read_tally(path, fingerprint) if path.is_file() else None
        if tallied is not None:
            tally, problems, records, key = tallied
            return CachedLedger(path, lambda: _load(plan, path, name, fingerprint, tally_cached=True),
                                _named(problems, name), records, tally, key)
        if tally_only:
            from . import settle

            settled = settle.on_top(plan, path, name, fingerprint) or settle.settle(plan, path, name, fingerprint)
            if settled is not None:
                return settled
    return _load(plan, path, name, fingerprint)


def _named(problems: tuple, name: str) -> tuple:
    """Problems read from a cache, naming the journal as `name` does: the same journal (its cache is keyed by its
    full path), named from the folder where the command runs now, maybe not the one where they were cached."""
    shown, errors, file = problems
    return _renamed(shown, name), errors, name if file is not None else None


def _renamed(diagnostics: list[Diagnostic], name: str) -> list[Diagnostic]:
    """Diagnostics of the journal read from a cache, naming it as `name` does (see _named)."""
    return [d if d.file == name else replace(d, file=name) for d in diagnostics]


def _load(plan: Plan, path: Path, name: str, fingerprint: str | None, tally_cached: bool = False) -> Ledger:
    raw = read_journal_bytes(path)
    if fingerprint is not None and raw and not raw.startswith(UTF16_BOMS):  # UTF-16 text is decoded whole
        from .cache import read_cache

        binary_check(raw, name, "tệp nhật ký")  # the cache covers the start: appended bytes may have made it binary
        cached = read_cache(path, fingerprint, raw)
        if cached is not None:
            acts, diags, records, lines, size = cached
            ledger = Ledger(path, acts, _renamed(diags, name), records)
            if size < len(raw):
                tail = parse_records(raw, name, start=size, first_line=lines + 1)
                ledger.records += len(tail.records)
                ledger.diagnostics.extend(tail.diagnostics)
                known = len(ledger.activities)
                apply_records(plan, ledger, tail.records, name, history=False)
                if all(rec.data.get("op") == "add" for rec in tail.records):
                    _tally_on_top(plan, ledger, fingerprint, memoryview(raw)[:size], known)
                _save(plan, path, fingerprint, raw, ledger)
            elif not tally_cached:
                _save(plan, path, fingerprint, raw, ledger)  # the tally's cache was missing or spoilt
            ledger.diagnostics.sort(key=lambda d: (d.line or 0, d.code))
            return ledger
    ledger = Ledger(path)
    # one record at a time; for the caches (`status`, `todo`, reports), without the records that made each activity
    ledger.records = apply_records(plan, ledger, iter_records(raw, name, ledger.diagnostics), name,
                                   history=fingerprint is None)
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


def apply_records(plan: Plan, ledger: Ledger, records, name: str, checker: RecordChecker | None = None,
                  history: bool = True, settle=None) -> int:
    """Check each record against the plan and the activities so far, then apply it (file order); how many
    records there were. `records` may be consumed as it comes (a reader's generator). Without `history`, an
    activity does not keep the records that made it (as when read from the cache: `status` never shows them), and
    each record is let go once applied. `settle(id, kind, day, unit, fields, line)`, if given, is asked of each
    plain add as it is applied: True when it has tallied it, and the activity is not built (settle.py)."""
    checker = checker or RecordChecker(plan)
    acts = ledger.activities
    if acts and not checker.handlers:
        checker.unindexed = acts  # records read on top of the cache: which records name which, found if asked
    diagnostics = ledger.diagnostics
    fast, check = checker.fast_add, checker.check
    authors: dict[str, str] = {}  # each author's name once, not once per activity
    count = 0
    for rec in records:
        count += 1
        d = rec.data
        got = fast(d, acts)
        if got is not None:  # a plain add, checked without the general path: applied here as apply_record would
            day, problems, kind, unit = got
            if not problems or all(len(p) > 3 and p[3] == "warning" for p in problems):
                rid, fields = d["id"], d.get("fields") or {}
                if settle is not None and settle(rid, kind, day, unit, fields, rec.line):
                    acts[rid] = None  # tallied and let go
                else:
                    by = d.get("by") or ""
                    acts[rid] = Activity(rid, kind, day, unit, fields, d.get("note") or "", authors.setdefault(by, by),
                                         d.get("at") or "", rec.line, history=[rec] if history else [])
            if not problems:
                continue
        else:
            problems = check(rec, acts)
            if all(len(p) > 3 and p[3] == "warning" for p in problems):
                why = apply_record(acts, rec)
                if why:
                    problems = [("journal-ref", why, None)]
                elif not history:
                    target = acts.get(d.get("id") if d.get("op") == "add" else d.get("target"))
                    if target is not None:
                        target.history = []
        for code, message, hint, *severity in problems:
            diagnostics.append(quick_diagnostic(code, f"bản ghi {rec.id or '?'}: {message}", name, rec.line, 1, hint,
                                                severity[0] if severity else "error"))
    if checker.closing and count:
        diagnostics[:] = [d for d in diagnostics if d.code != "journal-closed-twice"]
        diagnostics += closed_twice(checker.closing, acts, name)
    return count


def closed_twice(closing: set, acts: dict[str, Activity], name: str) -> list[Diagnostic]:
    """Cases handled more than once, as the journal stands after every correction: the handling that counts is
    the earliest not dated before its receipt (as the indicators count it); each other one is said to count for
    nothing more — and one voided, or pointed elsewhere since, no longer is."""
    handlings: dict[str, list[Activity]] = {}
    for a in acts.values():
        if a is None or a.voided:  # None: tallied and let go (settle.py), neither a case nor a handling
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
