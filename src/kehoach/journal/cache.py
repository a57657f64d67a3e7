"""A cache of the checked, corrected journal, so that `status` and `report` stay fast on large journals.

Never the source of truth: it is only used when it provably describes the journal's bytes and the plan.
- Where: $KEHOACH_CACHE_DIR, else $XDG_CACHE_HOME/kehoach, else ~/.cache/kehoach — outside the project.
- Key: a SHA-256 of the code that computes it (the bytes of the modules that define the journal format, the
  ledger, the values, the plan model and every module of kehoach they import: new code means a new key, whatever
  its version string), the plan cache's key (the plan file's bytes and the code, Python, pydantic and PyYAML that
  validate it: the plan as validated), the journal's path, and the SHA-256 of the journal bytes it covers.
- Body: columns, not one JSON object per activity (decoding those, then rebuilding every activity from them, was
  most of the time of a warm `status` on a province's journal): a small JSON header (the key, the diagnostics,
  the tables of kinds and units, the length of each column), then each column in turn — ids, fields, notes,
  authors and times as JSON lists, kinds and units as indexes into their tables, dates as day numbers, lines,
  revisions and flags as arrays of machine integers (`array`; the header names the byte order and item size).
  Nothing is pickled: a column is data, never code.
- Seal: the file is a SHA-256 of its body, a newline, then the body; a body that does not match its checksum
  (a hand edit, a half-written file) is ignored and rebuilt, silently. An appended journal (the same first bytes, more after) is brought up to date by reading only the
  new records; any other change (a hand edit, a truncation, a repair, another plan) means a full read.
- Beside it, under the same key and seal: the journal's tally (tally.py; what `status` and `todo` read, without
  the activities and without holding the journal: it is hashed piece by piece), and its digest (digest.py; what a
  Markdown report reads), written when a report first asks for it. After an append of new activities only, the
  cached tally takes them on. `status` and `todo` write the tally's cache alone (`write_tally`: they read the
  journal without keeping its activities, see settle.py); it also holds the greatest id number applied,
  so that plain adds appended later are taken on without reading the journal again (`read_tally_before`).
- Every journal is cached, a commune's too: reading its cache instead of checking a thousand records again is
  a twentieth of `status`'s time at that size, and `log` reads the cache to say how the indicators stand.
- A cache that cannot be read, parsed or written is ignored; KEHOACH_CACHE=off switches every cache off.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from dataclasses import fields as dataclass_fields
from datetime import date
from operator import attrgetter
from pathlib import Path

from kehoach.base.errors import Diagnostic
from kehoach.base.files import cache_dir, caches_on, code_fingerprint, read_sealed_json, sealed, unsealed

from .store import MAX_ID, Activity
from .digest import Day, Digest
from .tally import Bucket, Tally

FORMAT = 7
# the modules whose code decides what the cache holds
CODE = ("journal/store.py", "journal/ledger.py", "journal/checker.py", "journal/settle.py", "journal/values.py",
        "journal/cache.py",
        "journal/tally.py", "journal/digest.py",
        "plan/model.py", "plan/shapes.py", "plan/measures.py",
        "plan/lookup.py", "plan/calendar.py", "base/dates.py", "base/text.py", "base/errors.py", "base/files.py",
        "base/periods.py", "base/period_words.py", "base/workdays.py")
_INT = "i"  # array type of the integer columns


def cache_file(journal: Path) -> Path:
    key = hashlib.sha1(str(journal.resolve()).encode("utf-8")).hexdigest()[:20]
    return cache_dir() / f"journal-{key}.cache"


def plan_fingerprint(plan_path: Path, plan=None) -> str:
    """The code of the journal's checks and the plan as validated (plan/cache.py's key: its bytes, and the code and
    libraries that validate them) — the bytes `plan` came from when it was loaded by plan/cache.py, not the file
    read again: it may have been saved since."""
    from kehoach.plan.cache import key_of

    return hashlib.sha256(f"{code_fingerprint(*CODE)}\0{FORMAT}\0{key_of(plan, plan_path)}".encode()).hexdigest()


def _table(values: list) -> tuple[list, bytes]:
    """A column of few distinct values: (the distinct values, each row's index into them as an int array)."""
    index: dict = {}
    rows = array(_INT, [index.setdefault(v, len(index)) for v in values])
    return list(index), rows.tobytes()


def encode(meta: dict, acts: list[Activity], diagnostics: list[Diagnostic]) -> bytes:
    """The cache body: the length of the JSON header, a newline, the header, then the columns (see the module's
    docstring)."""
    import orjson

    kinds, kind_rows = _table([a.kind for a in acts])
    units, unit_rows = _table([a.unit for a in acts])
    columns = [
        orjson.dumps([a.id for a in acts]),
        kind_rows,
        array(_INT, [a.date.toordinal() for a in acts]).tobytes(),
        unit_rows,
        orjson.dumps([a.fields for a in acts]),
        orjson.dumps([[a.note for a in acts], [a.by for a in acts], [a.at for a in acts]]),
        array(_INT, [a.line for a in acts]).tobytes(),
        array(_INT, [a.revisions for a in acts]).tobytes(),
        bytes(a.voided | a.forced << 1 | a.carried << 2 for a in acts),
    ]
    header = {**meta, "count": len(acts), "kinds": kinds, "units": units, "columns": [len(c) for c in columns],
              "diagnostics": [_DIAGNOSTIC_ROW(d) for d in diagnostics], "byteorder": sys.byteorder,
              "itemsize": array(_INT).itemsize}
    head = orjson.dumps(header)
    return b"%d\n" % len(head) + head + b"".join(columns)


def decode(body: bytes, check) -> tuple[dict, dict[str, Activity]] | None:
    """(header, activities in journal order) from a cache body; None when `check(header)` refuses the header."""
    import orjson

    body = memoryview(body)  # columns are read in place, not copied
    first = bytes(body[:24])
    cut = first.index(b"\n")
    end = cut + 1 + int(first[:cut])
    header = orjson.loads(body[cut + 1:end])
    if header.get("byteorder") != sys.byteorder or header.get("itemsize") != array(_INT).itemsize \
            or not check(header):
        return None
    parts, at = [], end
    for length in header["columns"]:
        parts.append(body[at:at + length])
        at += length
    if at != len(body):
        return None

    def ints(b) -> array:
        column = array(_INT)
        column.frombytes(b)
        return column

    ids_b, kind_b, day_b, unit_b, fields_b, texts_b, line_b, rev_b, flags = parts
    ids = orjson.loads(ids_b)
    notes, bys, ats = orjson.loads(texts_b)
    fields = orjson.loads(fields_b)
    kinds, units = header["kinds"], header["units"]
    columns = [ids, list(map(kinds.__getitem__, ints(kind_b))), list(map(date.fromordinal, ints(day_b))),
               list(map(units.__getitem__, ints(unit_b))), fields, notes, bys, ats, ints(line_b),
               [bool(f & 1) for f in flags], [[] for _ in ids], [bool(f & 2) for f in flags], ints(rev_b),
               [bool(f & 4) for f in flags]]
    if any(len(c) != header["count"] for c in columns):
        return None
    return header, dict(zip(ids, map(Activity, *columns)))


_DIAGNOSTIC_FIELDS = [f.name for f in dataclass_fields(Diagnostic)]
_DIAGNOSTIC_ROW = attrgetter(*_DIAGNOSTIC_FIELDS)  # a row of values (`asdict` deep-copies: ten times slower)


def _diagnostic(row: list) -> Diagnostic:
    """A diagnostic as written by `encode` (its own fields, from a sealed file of this code): built without the
    frozen dataclass's field-by-field checks, which cost a tenth of a second per 100,000 warnings."""
    diag = object.__new__(Diagnostic)
    diag.__dict__.update(zip(_DIAGNOSTIC_FIELDS, row))
    return diag


def _same_source(journal: Path, plan_fp: str, raw: bytes):
    """Does a cache header describe this plan and a prefix of these journal bytes?"""
    def same(h: dict) -> bool:
        size = h.get("size")
        return (h.get("format") == FORMAT and h.get("plan") == plan_fp and h.get("journal") == str(journal.resolve())
                and type(size) is int and size <= len(raw)
                and hashlib.sha256(raw[:size]).hexdigest() == h.get("sha256"))
    return same


def read_cache(journal: Path, plan_fp: str, raw: bytes):
    """(activities, diagnostics, records, lines, covered_bytes) if the cache describes a prefix of
    `raw`; else None."""
    if not caches_on():
        return None
    try:
        body = unsealed(cache_file(journal).read_bytes())
        if body is None:
            return None  # edited or half-written: rebuilt from the journal
        decoded = decode(body, _same_source(journal, plan_fp, raw))
        if decoded is None:
            return None
        header, acts = decoded
        diags = [_diagnostic(d) for d in header["diagnostics"]]
        return acts, diags, header["records"], header["lines"], header["size"]
    except Exception:  # any unreadable, stale or foreign cache is simply not used
        return None


def _meta(journal: Path, plan_fp: str, size: int, sha256: str, records: int, lines: int) -> dict:
    """What a cache's header says of what it describes: the key (see _KEY), then the records and lines read."""
    return {"format": FORMAT, "plan": plan_fp, "journal": str(journal.resolve()), "size": size, "sha256": sha256,
            "records": records, "lines": lines}


def write_cache(journal: Path, plan_fp: str, raw: bytes, acts: dict[str, Activity], diagnostics: list[Diagnostic],
                records: int, lines: int, tally: Tally | None = None, problems: tuple | None = None) -> dict | None:
    """The cache of the activities, and beside it that of their tally (when given, with `Ledger.problems()`); the
    key they were written under (for the digest's cache, written when a report first asks for it), or None."""
    if not caches_on():
        return None
    from kehoach.base.files import atomic_write

    meta = _meta(journal, plan_fp, len(raw), hashlib.sha256(raw).hexdigest(), records, lines)
    try:
        body = encode(meta, list(acts.values()), diagnostics)
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file(journal), sealed(body))
        if tally is not None:
            atomic_write(tally_file(journal), sealed(encode_tally({**meta, "last_id": last_id(acts)}, tally,
                                                                  problems)))
    except Exception:  # a read-only home, a full disk, a value JSON cannot hold: work without the cache
        return None
    return {k: meta[k] for k in _KEY}


def last_id(ids: dict) -> int | None:
    """The greatest number of the ids of the activities applied (each a record id: «HD» and digits), or -1: an add
    appended later with a greater one is no duplicate (see settle.py `on_top`). None when an id is too long
    for its number to be kept (store.MAX_ID): appended adds are then never taken on top."""
    if any(len(i) > MAX_ID for i in ids):
        return None
    return max(map(int, (i[2:] for i in ids)), default=-1)


def write_tally(journal: Path, plan_fp: str, read: tuple[int, str, int], tally: Tally, problems: tuple,
                records: int, greatest: int | None) -> dict | None:
    """Only the tally's cache, for a journal read piece by piece without keeping its activities (settle.py): `read`
    is (its size, its SHA-256, its lines) as read. The key it was written under, or None. The activities' cache, if
    any, is left as it is: it describes other bytes."""
    if not caches_on():
        return None
    from kehoach.base.files import atomic_write

    size, sha256, lines = read
    meta = {**_meta(journal, plan_fp, size, sha256, records, lines), "last_id": greatest}
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(tally_file(journal), sealed(encode_tally(meta, tally, problems)))
    except Exception:  # as for the other caches: work without it
        return None
    return {k: meta[k] for k in _KEY}


def tally_file(journal: Path) -> Path:
    return cache_file(journal).with_suffix(".tally")


def encode_tally(meta: dict, tally: Tally, problems: tuple) -> bytes:
    """The tally's cache body: one JSON document (a few thousand buckets, the cases and assessments, the problems
    to show at once; every diagnostic is in the activities' cache: a province's journal may hold hundreds of
    thousands of warnings). A bucket's members are [values, counts] (a member may be a number: JSON keys are text
    only)."""
    import orjson

    kinds: dict = {}
    units: dict = {}
    buckets = [[kinds.setdefault(b.kind, len(kinds)), b.date.toordinal(), units.setdefault(b.unit, len(units)),
                b.fields, b.weight, b.sums, {f: [list(c), list(c.values())] for f, c in b.members.items()}]
               for b in tally.buckets]
    records = [[a.id, kinds.setdefault(a.kind, len(kinds)), a.date.toordinal(), units.setdefault(a.unit, len(units)),
                a.fields, a.note, a.line, a.revisions, a.carried] for a in tally.records]
    shown, errors, file = problems
    handled = [[*spec, list(first), [d.toordinal() for d in first.values()]] for spec, first in tally.handled.items()]
    return orjson.dumps({**meta, "kinds": list(kinds), "units": list(units), "buckets": buckets, "kept": records,
                         "handled": handled,
                         "problems": [[_DIAGNOSTIC_ROW(d) for d in shown], errors, file]})


def digest_file(journal: Path) -> Path:
    return cache_file(journal).with_suffix(".digest")


_KEY = ("format", "plan", "journal", "size", "sha256")  # what a digest's cache must share with the others


def write_digest(journal: Path, key: dict, digest: Digest) -> None:
    """The digest's cache: one JSON document; a day is [kind, day, weight, {field: [[value, first, count], …]},
    {field: sum}]. Written under the key of the journal's other caches (as write_cache returned it)."""
    if not caches_on():
        return
    try:
        import orjson

        from kehoach.base.files import atomic_write

        kinds: dict = {}
        days = [[kinds.setdefault(d.kind, len(kinds)), d.date.toordinal(), d.weight, d.values, d.sums]
                for d in digest.days]
        atomic_write(digest_file(journal), sealed(orjson.dumps({**key, "kinds": list(kinds), "days": days})))
    except Exception:  # as for the other caches: work without it
        pass


def read_digest(journal: Path, key: dict) -> Digest | None:
    """The digest's cache when it was written under this key (that of a tally's cache `read_tally` verified
    against the journal); else None."""
    try:
        h = read_sealed_json(digest_file(journal))
        if h is None or any(h.get(k) != key[k] for k in _KEY):
            return None
        kinds, day = h["kinds"], date.fromordinal
        return Digest([Day(kinds[k], day(d), weight, values, sums) for k, d, weight, values, sums in h["days"]])
    except Exception:  # any unreadable, stale or foreign cache is simply not used
        return None


def _file_hash(path: Path, size: int | None = None):
    """The SHA-256 of a file's first `size` bytes (all of them by default), read 1 MB at a time: the hasher, to
    take more bytes on."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        left = size
        while (left is None or left > 0) and (chunk := fh.read(1 << 20 if left is None else min(left, 1 << 20))):
            h.update(chunk)
            if left is not None:
                left -= len(chunk)
    return h


def _file_sha256(path: Path) -> str:
    return _file_hash(path).hexdigest()


def decode_tally(h: dict) -> Tally:
    """The tally of a decoded tally's cache body (see encode_tally)."""
    kinds, units, day = h["kinds"], h["units"], date.fromordinal
    return Tally(
        [Bucket(kinds[k], day(d), units[u], fields, weight, sums,
                {f: dict(zip(values, counts)) for f, (values, counts) in members.items()})
         for k, d, u, fields, weight, sums, members in h["buckets"]],
        [Activity(i, kinds[k], day(d), units[u], fields, note, line=line, revisions=revisions, carried=carried)
         for i, k, d, u, fields, note, line, revisions, carried in h["kept"]],
        {(received, handled, link): dict(zip(ids, map(day, days)))
         for received, handled, link, ids, days in h["handled"]})


def _problems(h: dict) -> tuple:
    shown, errors, file = h["problems"]
    return [_diagnostic(d) for d in shown], errors, file


def read_tally_before(journal: Path, plan_fp: str):
    """(tally, problems, records, lines, last_id, size, hasher) when the tally's cache describes the first `size`
    bytes of the journal as it is now, and more were appended since; else None. Those bytes are hashed piece by
    piece; `hasher` holds their hash, to take the rest on."""
    try:
        h = read_sealed_json(tally_file(journal))
        if h is None or not (h.get("format") == FORMAT and h.get("plan") == plan_fp
                             and h.get("journal") == str(journal.resolve()) and type(h.get("last_id")) is int):
            return None
        size = h["size"]
        if not 0 < size < journal.stat().st_size:
            return None
        hasher = _file_hash(journal, size)
        if hasher.hexdigest() != h["sha256"]:
            return None
        return decode_tally(h), _problems(h), h["records"], h["lines"], h["last_id"], size, hasher
    except Exception:  # any unreadable, stale or foreign cache is simply not used
        return None


def read_tally(journal: Path, plan_fp: str, described: memoryview | None = None):
    """(tally, problems, records, key) if the tally's cache describes the journal file as it is (hashed piece by
    piece, never held whole) — or, when given, exactly the bytes `described`; else None. `problems` as
    `Ledger.problems()` gives them; `key` is what the caches were written under (see write_cache)."""
    try:
        h = read_sealed_json(tally_file(journal))
        if h is None:
            return None
        size, sha256 = (journal.stat().st_size, _file_sha256) if described is None else \
            (len(described), lambda _: hashlib.sha256(described).hexdigest())
        if not (h.get("format") == FORMAT and h.get("plan") == plan_fp and h.get("journal") == str(journal.resolve())
                and h.get("size") == size and sha256(journal) == h.get("sha256")):
            return None  # an appended journal is brought up to date from the activities' cache
        return decode_tally(h), _problems(h), h["records"], {k: h[k] for k in _KEY}
    except Exception:  # any unreadable, stale or foreign cache is simply not used
        return None
