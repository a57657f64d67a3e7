"""A cache of a large plan's validated form (registries of hundreds of villages), keyed by the SHA-256 of
its bytes and of the code that validates it, so that the next command reads it instead of parsing the YAML
again. Never the source of truth: a cache that cannot be read or parsed, or whose body does not match its
checksum, is ignored. A commune's plan (about 40 kB) is not cached."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.base.files import cache_dir, code_fingerprint, sealed, unsealed

MIN_PLAN_BYTES = 64 * 1024  # a commune's plan (about 40 kB) parses in a few milliseconds: no cache
FORMAT = 2
CODE = ("plan/model.py", "plan/sources.py", "plan/loader.py", "plan/rules.py", "plan/cache.py", "base/text.py")


def plan_cache_file(plan_bytes: bytes) -> Path:
    h = hashlib.sha256(f"{code_fingerprint(*CODE)}\0{FORMAT}\0plan\0".encode())
    h.update(plan_bytes)
    return cache_dir() / f"plan-{h.hexdigest()[:32]}.json"


def read_plan_cache(plan_bytes: bytes):
    """The validated plan for exactly these bytes, if a previous command cached it; else None."""
    try:
        from .model import Plan

        body = unsealed(plan_cache_file(plan_bytes).read_bytes())
        return None if body is None else Plan.model_validate_json(body)
    except Exception:  # missing, unreadable or from another version: validate the YAML instead
        return None


def write_plan_cache(plan_bytes: bytes, plan) -> None:
    """Keep the validated plan (only a plan without errors) so that the next command skips the YAML."""
    if len(plan_bytes) < MIN_PLAN_BYTES:
        return
    from kehoach.base.files import atomic_write

    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(plan_cache_file(plan_bytes), sealed(plan.model_dump_json(by_alias=False).encode("utf-8")))
    except Exception:
        pass
