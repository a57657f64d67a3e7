"""A cache of a plan's validated form, keyed by the SHA-256 of its bytes and of the code that validates it, so
that the next command reads it instead of parsing the YAML and validating it again.

Validating a plan means importing pydantic and building its models, then parsing the YAML with positions:
about a fifth of a second, most of the start-up of `status` or `log` on a commune's plan. From the cache the
plan comes back as the plain objects of plan/shapes.py (`rebuild`), and pydantic is never imported.

Never the source of truth: a cache that cannot be read or parsed, or whose body does not match its checksum,
is ignored; any change to the plan's bytes, or new code, means another key. Only a plan without errors is
cached; KEHOACH_CACHE=off switches it off.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from kehoach.base.files import cache_dir, caches_on, code_fingerprint, read_sealed_json, sealed

FORMAT = 4
CODE = ("plan/model.py", "plan/shapes.py", "plan/measures.py", "plan/wording.py", "plan/common.py",
        "plan/sources.py", "plan/loader.py", "plan/rules.py", "plan/filters.py", "plan/coherence.py", "plan/cache.py",
        "base/text.py", "base/files.py", "base/errors.py")


@functools.lru_cache(maxsize=None)
def _libraries() -> str:
    """The Python and the libraries that parse and validate a plan (another version may judge it otherwise)."""
    import sys

    from kehoach.base.files import installed

    return sys.version + "\0" + installed("pydantic", "pydantic_core", "yaml")


def plan_key(plan_bytes: bytes) -> str:
    """What the validated form of these plan bytes depends on: the bytes, the code and the libraries that validate
    them (also part of the key of the journal's caches, which describe the plan as validated)."""
    h = hashlib.sha256(f"{code_fingerprint(*CODE)}\0{FORMAT}\0{_libraries()}\0plan\0".encode())
    h.update(plan_bytes)
    return h.hexdigest()


_SOURCES: dict[int, tuple[object, str]] = {}  # id(plan) → (the plan, plan_key of the bytes it was read from)


def _keyed(plan, raw: bytes | None):
    """Remember which bytes this plan object was read from (see `key_of`)."""
    if plan is not None and raw is not None:
        _SOURCES[id(plan)] = (plan, plan_key(raw))
    return plan


def key_of(plan, path: Path) -> str:
    """plan_key of the very bytes `plan` was validated or read back from in this process; else of the file as it
    is now. The journal's caches are keyed by it: a plan saved again while a command runs must not have a journal
    checked against the old version cached under the new version's key."""
    got = _SOURCES.get(id(plan))
    if got is not None and got[0] is plan:
        return got[1]
    return plan_key(path.read_bytes())


def plan_cache_file(plan_bytes: bytes) -> Path:
    return cache_dir() / f"plan-{plan_key(plan_bytes)[:32]}.json"


def read_plan_cache(plan_bytes: bytes, name: str | None = None):
    """The validated plan for exactly these bytes (plain objects, see plan/shapes.py), if a previous command
    cached it; else None. With `name` (the file as diagnostics name it), (plan, its warnings) — the warnings
    also depend on the file's name (a year in it), so they are used only under the name they were found for."""
    data = read_sealed_json(plan_cache_file(plan_bytes)) if caches_on() else None
    if not isinstance(data, dict) or (name is not None and data.get("name") != name):
        return None
    try:
        from .shapes import Plan, rebuild

        plan = rebuild(data["plan"])
        if not isinstance(plan, Plan):
            return None
        if name is None:
            return plan
        from kehoach.base.errors import Diagnostic

        return plan, [Diagnostic(**d) for d in data["diagnostics"]]
    except Exception:
        return None


def write_plan_cache(plan_bytes: bytes, plan, name: str = "", diagnostics: list | None = None) -> None:
    """Keep the validated plan (only a plan without errors) and its warnings, so that the next command skips
    the YAML."""
    if not caches_on():
        return
    from kehoach.base.files import atomic_write

    try:
        import orjson

        from .shapes import tree

        body = orjson.dumps({"plan": tree(plan), "name": name,
                             "diagnostics": [d.to_dict() for d in diagnostics or []]})
        cache_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(plan_cache_file(plan_bytes), sealed(body))
    except Exception:
        pass


def _plan_bytes(path: Path) -> bytes | None:
    """The plan's bytes, read once: the cache is keyed by them and, on a miss, exactly they are validated (the
    file may change meanwhile). None when caches are off or the file cannot be read (the loader says why)."""
    if not caches_on():
        return None
    from kehoach.base.errors import KehoachError
    from kehoach.base.files import read_capped

    try:
        return read_capped(path, "tệp kế hoạch")
    except KehoachError:
        return None


def load_plan(path: Path, use_cache: bool = True):
    """Load and check a plan file; raise KehoachError with all diagnostics if it is not valid.

    A plan already found valid is read back from the cache, keyed by its exact bytes (plain objects, no pydantic);
    otherwise it is validated (plan/loader.py) and, when it has no error, cached for the next command."""
    raw = _plan_bytes(path) if use_cache else None
    if raw is not None:
        cached = read_plan_cache(raw)
        if cached is not None:
            return _keyed(cached, raw)
    plan, diagnostics = _validate(path, raw)
    if plan is None or any(d.severity == "error" for d in diagnostics):
        from kehoach.base.errors import KehoachError

        raise KehoachError(diagnostics)
    return _keyed(plan, raw)


def plan_with_diagnostics(path: Path):
    """(plan or None, every diagnostic of the plan file), as `kehoach check` reports them: from the cache when
    these exact bytes, under this name, were found valid by this code; else validated (and then cached)."""
    from kehoach.base.files import relpath

    raw = _plan_bytes(path)
    if raw is not None:
        cached = read_plan_cache(raw, relpath(path))
        if cached is not None:
            return _keyed(cached[0], raw), cached[1]
    plan, diagnostics = _validate(path, raw)
    return _keyed(plan, raw), diagnostics


def _validate(path: Path, raw: bytes | None):
    from kehoach.base.files import relpath

    from .loader import load_plan_with_diagnostics

    plan, diagnostics = load_plan_with_diagnostics(path, raw)
    if raw is not None and plan is not None and not any(d.severity == "error" for d in diagnostics):
        write_plan_cache(raw, plan, relpath(path), diagnostics)
    return plan, diagnostics
