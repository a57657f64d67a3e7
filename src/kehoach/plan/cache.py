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

import hashlib
from pathlib import Path

from kehoach.base.files import cache_dir, caches_on, code_fingerprint, sealed, unsealed

MIN_PLAN_BYTES = 0  # every plan: even a commune's is worth a fifth of a second on every command
FORMAT = 3
CODE = ("plan/model.py", "plan/shapes.py", "plan/measures.py", "plan/wording.py", "plan/common.py",
        "plan/sources.py", "plan/loader.py", "plan/rules.py", "plan/filters.py", "plan/cache.py", "base/text.py")


def plan_cache_file(plan_bytes: bytes) -> Path:
    h = hashlib.sha256(f"{code_fingerprint(*CODE)}\0{FORMAT}\0plan\0".encode())
    h.update(plan_bytes)
    return cache_dir() / f"plan-{h.hexdigest()[:32]}.json"


def read_plan_cache(plan_bytes: bytes):
    """The validated plan for exactly these bytes (plain objects, see plan/shapes.py), if a previous command
    cached it; else None."""
    if not caches_on():
        return None
    try:
        import orjson

        from .shapes import Plan, rebuild

        body = unsealed(plan_cache_file(plan_bytes).read_bytes())
        plan = None if body is None else rebuild(orjson.loads(body))
        return plan if isinstance(plan, Plan) else None
    except Exception:  # missing, unreadable or from another version: validate the YAML instead
        return None


def write_plan_cache(plan_bytes: bytes, plan) -> None:
    """Keep the validated plan (only a plan without errors) so that the next command skips the YAML."""
    if len(plan_bytes) < MIN_PLAN_BYTES or not caches_on():
        return
    from kehoach.base.files import atomic_write

    try:
        import orjson

        from .shapes import tree

        body = orjson.dumps(tree(plan))
        cache_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(plan_cache_file(plan_bytes), sealed(body))
    except Exception:
        pass


def load_plan(path: Path, use_cache: bool = True):
    """Load and check a plan file; raise KehoachError with all diagnostics if it is not valid.

    A plan already found valid is read back from the cache, keyed by its exact bytes (plain objects, no pydantic);
    otherwise it is validated (plan/loader.py) and, when it has no error, cached for the next command."""
    raw = None
    if use_cache and caches_on():
        try:
            raw = path.read_bytes() if path.is_file() else None
        except OSError:
            raw = None
        if raw is not None:
            cached = read_plan_cache(raw)
            if cached is not None:
                return cached
    from kehoach.base.errors import KehoachError

    from .loader import load_plan_with_diagnostics

    plan, diagnostics = load_plan_with_diagnostics(path)
    if plan is None or any(d.severity == "error" for d in diagnostics):
        raise KehoachError(diagnostics)
    if raw is not None:
        write_plan_cache(raw, plan)
    return plan
