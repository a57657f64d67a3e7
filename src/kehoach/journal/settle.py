"""The journal read for its tally alone (`status`, `todo`), when the tally's cache does not describe it.

`settle` reads the journal a piece at a time, checks each record as the whole read does (ledger.py
`apply_records`), and tallies each activity that no later record can change as soon as it is applied, then lets
it go; `on_top` takes plain adds appended since the tally was cached (`kehoach log`) on top of it. Both give
exactly what the whole read gives (tests/test_settled_read.py puts them to the catalogue, the samples, generated
journals and hand edits), or None: the whole read then runs.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kehoach.base.errors import Diagnostic, quick_diagnostic
from kehoach.base.files import BINARY_PROBE, UTF16_BOMS, binary_check
from kehoach.plan.shapes import Plan

from .checker import RecordChecker
from .ledger import CachedLedger, Ledger, _load, _named, apply_records
from .store import (
    BOM_UTF8,
    MAX_ID,
    Activity,
    is_record_id,
    iter_records,
    read_journal_pieces,
)
from .tally import Tally


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
    binary_check(start, name, "tệp nhật ký")
    return True


class Unsettled(Exception):
    """A record asked for an activity already tallied and let go (see `settle`): read the journal whole."""


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


def settle(plan: Plan, path: Path, name: str, fingerprint: str) -> Ledger | None:
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
    add, add_values = adder.add, adder.add_values

    def let_go(rid: str, kind: str, day, unit, fields: dict, line: int) -> bool:
        """Tally a plain add now, unless it must be kept (see above)."""
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
        ledger.records = apply_records(plan, ledger, records(), name, history=False, settle=let_go)
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


def on_top(plan: Plan, path: Path, name: str, fingerprint: str) -> Ledger | None:
    """After `kehoach log`: the tally's cache describes the journal's first bytes, and what follows is plain adds
    (each of a kind read by buckets, its id's number greater than any before — no duplicate —, taken by
    `RecordChecker.fast_add`): the cached tally takes them on, and their problems are added to those shown, without
    reading the journal again (its first bytes are only hashed). None in any other case: `settle` then reads it."""
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
