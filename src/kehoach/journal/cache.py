"""A cache of the checked, corrected journal, so that `status` and `report` stay fast on large journals.

Never the source of truth: it is only used when it provably describes the journal's bytes and the plan.
- Where: $KEHOACH_CACHE_DIR, else $XDG_CACHE_HOME/kehoach, else ~/.cache/kehoach — outside the project.
- Key: a SHA-256 of the code that computes it (the bytes of the modules that define the journal format, the
  ledger, the values and the plan model: new code means a new key, whatever its version string), the SHA-256
  of the plan file, the journal's path, and the SHA-256 of the journal bytes it covers.
- Body: the file is a SHA-256 of its body, a newline, then the body; a body that does not match its checksum
  (a hand edit, a half-written file) is ignored and rebuilt, silently. An appended journal (the same first bytes, more after) is brought up to date by reading only the
  new records; any other change (a hand edit, a truncation, a repair, another plan) means a full read.
- Only journals of at least MIN_RECORDS records are cached: a commune's journal is read in a blink anyway.
- A cache that cannot be read, parsed or written is ignored.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from kehoach.base.errors import Diagnostic
from kehoach.base.files import cache_dir, code_fingerprint, sealed, unsealed

from .store import Activity

MIN_RECORDS = 5000
FORMAT = 3
# the modules whose code decides what the cache holds
CODE = ("journal/store.py", "journal/ledger.py", "journal/values.py", "journal/cache.py", "plan/model.py",
        "plan/lookup.py", "plan/calendar.py", "base/dates.py", "base/text.py")


def cache_file(journal: Path) -> Path:
    key = hashlib.sha1(str(journal.resolve()).encode("utf-8")).hexdigest()[:20]
    return cache_dir() / f"journal-{key}.json"


def plan_fingerprint(plan_path: Path) -> str:
    h = hashlib.sha256(f"{code_fingerprint(*CODE)}\0{FORMAT}\0".encode())
    h.update(plan_path.read_bytes())
    return h.hexdigest()


def _dump(obj) -> bytes:
    import orjson

    return orjson.dumps(obj)


def _load(data: bytes):
    import orjson

    return orjson.loads(data)


def read_cache(journal: Path, plan_fp: str, raw: bytes):
    """(activities, diagnostics, records, lines, covered_bytes) if the cache describes a prefix of `raw`; else None."""
    try:
        body = unsealed(cache_file(journal).read_bytes())
        if body is None:
            return None  # edited or half-written: rebuilt from the journal
        data = _load(body)
        if data.get("format") != FORMAT or data.get("plan") != plan_fp or data.get("journal") != str(journal.resolve()):
            return None
        size = data["size"]
        if size > len(raw) or hashlib.sha256(raw[:size]).hexdigest() != data["sha256"]:
            return None
        acts: dict[str, Activity] = {}
        fromiso = date.fromisoformat
        for (ident, kind, day, unit, fields, note, by, at, line, voided, forced, revisions, carried) \
                in data["activities"]:
            acts[ident] = Activity(ident, kind, fromiso(day), unit, fields, note, by, at, line, voided, [],
                                   forced, revisions, carried)
        diags = [Diagnostic(**d) for d in data["diagnostics"]]
        return acts, diags, data["records"], data["lines"], size
    except Exception:  # any unreadable, stale or foreign cache is simply not used
        return None


def write_cache(journal: Path, plan_fp: str, raw: bytes, acts: dict[str, Activity], diagnostics: list[Diagnostic],
                records: int, lines: int) -> None:
    if records < MIN_RECORDS:
        return
    from kehoach.base.files import atomic_write

    data = {
        "format": FORMAT, "plan": plan_fp, "journal": str(journal.resolve()), "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(), "records": records, "lines": lines,
        "diagnostics": [d.to_dict() for d in diagnostics],
        "activities": [[a.id, a.kind, a.date.isoformat(), a.unit, a.fields, a.note, a.by, a.at, a.line, a.voided,
                        a.forced, a.revisions, a.carried] for a in acts.values()],
    }
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file(journal), sealed(_dump(data)))
    except Exception:  # a read-only home, a full disk: work without the cache
        pass
