"""Plan + journal → the corrected activities, with every journal problem as a located diagnostic.

Each record is checked against the plan (kind, date, unit, fields and their types, references)
in file order, then applied; a record that does not fit is reported with its line and left out.

The one exception to the plan's dates: an add record with `carried_from` (written by `kehoach init`) is a case
still open at the end of last year, carried into this year's journal with its own id, date and fields. Its date
may be before the plan year; it is an open case of this year (`Activity.carried`), not an activity of it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kehoach.base.errors import Diagnostic, quick_diagnostic
from kehoach.base.files import BINARY_PROBE, UTF16_BOMS, binary_check, relpath
from kehoach.plan.shapes import Plan

from .checker import RecordChecker, _text, outside_plan_year, plan_date_range  # noqa: F401 (the last two: for callers)
from .digest import Digest
from .store import (BOM_UTF8, MAX_ID, Activity, apply_record, is_record_id, iter_records, journal_path, parse_records,
                    read_journal_bytes, read_journal_pieces)
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
    not describe the journal, the journal is read as it goes (`_settle`): each activity tallied and let go as soon
    as nothing later can change it, and only the tally's cache written."""
    path = journal_path(plan_path, plan)
    name = relpath(path)
    fingerprint = None
    if use_cache:
        from .cache import plan_fingerprint, read_tally

        fingerprint = plan_fingerprint(plan_path)
        tallied = read_tally(path, fingerprint) if path.is_file() else None
        if tallied is not None:
            tally, problems, records, key = tallied
            return CachedLedger(path, lambda: _load(plan, path, name, fingerprint, tally_cached=True),
                                _named(problems, name), records, tally, key)
        if tally_only:
            settled = _settle_on_top(plan, path, name, fingerprint) or _settle(plan, path, name, fingerprint)
            if settled is not None:
                return settled
    return _load(plan, path, name, fingerprint)


def _named(problems: tuple, name: str) -> tuple:
    """Problems read from a cache, naming the journal as `name` does: the same journal (its cache is keyed by its
    full path), named from the folder where the command runs now, maybe not the one where they were cached."""
    shown, errors, file = problems
    return ([d if d.file == name else replace(d, file=name) for d in shown], errors,
            name if file is not None else None)


def _text_start(path: Path, name: str) -> bool:
    """Does the journal start as UTF-8 text? Reading on top of a cache, or piece by piece, is for such a journal only:
    the whole read decodes UTF-16 as a whole (False), and refuses a binary file by its first bytes, wherever a
    piece or an append begins (the whole read's error). False also when it cannot be read (the whole read says why)."""
    try:
        with open(path, "rb") as fh:
            start = fh.read(len(BOM_UTF8) + BINARY_PROBE)
    except OSError:
        return False
    if start.startswith(UTF16_BOMS):
        return False
    binary_check(start[len(BOM_UTF8):] if start.startswith(BOM_UTF8) else start, name, "tệp nhật ký")
    return True


class Unsettled(Exception):
    """A record asked for an activity already tallied and let go (see `_settle`): read the journal whole."""


class _Settled(dict):
    """Activities by id, where one tallied and let go is None: asking for it (`get`, `[]`) means it was not let go
    safely, and raises Unsettled; `in` still finds it (a duplicate id is still one)."""

    def get(self, key, default=None):
        got = dict.get(self, key, default)
        if got is None and key in self:
            raise Unsettled(key)
        return got

    def __getitem__(self, key):
        got = dict.__getitem__(self, key)
        if got is None:
            raise Unsettled(key)
        return got


_TARGET = re.compile(rb'"target"\s*:\s*"([^"\\]*)"')


def _settle(plan: Plan, path: Path, name: str, fingerprint: str) -> Ledger | None:
    """The journal's tally, problems and count of records, read one record at a time: an activity that no later
    record can change — no correction names it (a byte search for «"target"» finds those), and it is neither a case,
    a handling nor an assessment (which the checks and the tally read whole) — is tallied as soon as it is applied,
    then let go; the others are kept and tallied at the end, the buckets then put in the order of their first
    activity (as `Tally.of` gives them). A journal holds a few hundred bytes per activity at most in memory.

    None when the journal is empty, or when a record asked for an activity let go (a correction the byte search
    missed, a handling naming an activity of another kind): the caller then reads it whole, the usual way."""
    from .cache import last_id, write_tally
    from .tally import Adder, projection

    if not _text_start(path, name):
        return None  # UTF-16 text is not cut at its lines' ends by bytes: read whole
    named: set[str] = set()
    for piece in read_journal_pieces(path):  # first: the ids named by corrections
        named.update(m.decode("utf-8", "replace") for m in _TARGET.findall(piece))
    proj = projection(plan)
    whole = _read_whole(plan, proj)
    tally = Tally()
    adder = Adder(tally, proj, lines=True)
    add = adder.add

    add_values = adder.add_values

    def settle(rid: str, kind: str, day, unit, fields: dict, line: int) -> bool:
        if kind in whole or rid in named:
            return False
        add_values(kind, day, unit, fields, line)
        return True

    ledger = Ledger(path, _Settled())
    read = [hashlib.sha256(), 0, 0, b""]  # what was read: its hash, size, lines, last piece

    def records():  # then: the records, a piece at a time
        for piece in read_journal_pieces(path):
            read[0].update(piece)
            yield from iter_records(piece, name, ledger.diagnostics, first_line=read[2] + 1)
            read[1] += len(piece)
            read[2] += piece.count(b"\n")
            read[3] = piece

    try:
        ledger.records = apply_records(plan, ledger, records(), name, history=False, settle=settle)
    except Unsettled:
        return None
    if not read[1]:
        return None
    for a in ledger.activities.values():
        if a is not None:
            add(a)
    adder.finish()
    ledger.diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    problems = ledger.problems()
    key = write_tally(path, fingerprint, (read[1], read[0].hexdigest(), read[2]), tally, problems, ledger.records,
                      last_id(ledger.activities)) if read[3].endswith(b"\n") else None  # never cache a torn journal
    return CachedLedger(path, lambda: _load(plan, path, name, fingerprint, tally_cached=True), problems,
                        ledger.records, tally, key)


def _read_whole(plan: Plan, proj) -> set[str]:
    """The kinds whose activities the checks and the tally read whole: cases, handlings, assessments."""
    from kehoach.plan.shapes import EntryField

    whole = set(proj.records) | {k for spec in proj.handlings for k in spec[:2]}
    for kid, kind in plan.activity_kinds.items():
        for spec in kind.fields.values():
            if isinstance(spec, EntryField):
                whole |= {kid, spec.kind}
    return whole


def _settle_on_top(plan: Plan, path: Path, name: str, fingerprint: str) -> Ledger | None:
    """After `kehoach log`: the tally's cache describes the journal's first bytes, and what follows is plain adds
    (each of a kind read by buckets, its id's number greater than any before — no duplicate —, taken by
    `RecordChecker.fast_add`): the cached tally takes them on, and their problems are added to those shown, without
    reading the journal again (its first bytes are only hashed). None in any other case: `_settle` then reads it."""
    from .cache import read_tally_before, write_tally
    from .tally import Adder, projection

    cached = read_tally_before(path, fingerprint) if _text_start(path, name) else None
    if cached is None:
        return None
    tally, problems, records, lines, greatest, size, hasher = cached
    shown, errors, file = _named(problems, name)
    try:
        with open(path, "rb") as fh:
            fh.seek(size)
            tail = fh.read()
    except OSError:
        return None
    said: list[Diagnostic] = []
    recs = list(iter_records(tail, name, said, first_line=lines + 1))
    if said or not recs or not tail.endswith(b"\n"):
        return None  # a line that is no record, a torn end: read the journal whole
    proj = projection(plan)
    whole, checker, acts = _read_whole(plan, proj), RecordChecker(plan), {}
    for rec in recs:
        d = rec.data
        rid = d.get("id")
        if not is_record_id(rid) or len(rid) > MAX_ID or int(rid[2:]) <= greatest \
                or type(d.get("kind")) is not str or d["kind"] in whole:
            return None
        got = checker.fast_add(d, acts)
        if got is None:
            return None
        day, problems, kind, unit = got
        said += [quick_diagnostic(code, f"bản ghi {rid}: {message}", name, rec.line, 1, hint,
                                  severity[0] if severity else "error") for code, message, hint, *severity in problems]
        if all(len(p) > 3 and p[3] == "warning" for p in problems):
            acts[rid] = Activity(rid, kind, day, unit, d.get("fields") or {}, d.get("note") or "", d.get("by") or "",
                                 d.get("at") or "", rec.line)
        greatest = max(greatest, int(rid[2:]))
    adder = Adder(tally, proj)
    for a in acts.values():
        adder.add(a)
    adder.finish()
    said.sort(key=lambda d: (d.line or 0, d.code))
    new_errors = [d for d in said if d.severity == "error"]
    if errors:
        shown = (shown + new_errors)[:3]
    else:
        shown = new_errors[:3] or (shown + said)[:3]
    problems = shown, errors + len(new_errors), file or (said[0].file if said else None)
    records += len(recs)
    hasher.update(tail)
    key = write_tally(path, fingerprint, (size + len(tail), hasher.hexdigest(), lines + tail.count(b"\n")), tally,
                      problems, records, greatest)
    return CachedLedger(path, lambda: _load(plan, path, name, fingerprint, tally_cached=True), problems, records,
                        tally, key)


def _load(plan: Plan, path: Path, name: str, fingerprint: str | None, tally_cached: bool = False) -> Ledger:
    raw = read_journal_bytes(path)
    if fingerprint is not None and raw and not raw.startswith(UTF16_BOMS):  # UTF-16 text is decoded whole
        from .cache import read_cache

        binary_check(raw[len(BOM_UTF8):] if raw.startswith(BOM_UTF8) else raw, name, "tệp nhật ký")  # appended bytes
        cached = read_cache(path, fingerprint, raw)
        if cached is not None:
            acts, diags, records, lines, size = cached
            # named from the folder where the command runs now (see _named)
            ledger = Ledger(path, acts, [d if d.file == name else replace(d, file=name) for d in diags], records)
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
    plain add as it is applied: True when it has tallied it, and the activity is not built (see `_settle`)."""
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
        if a is None or a.voided:  # None: tallied and let go (`_settle`), neither a case nor a handling
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
