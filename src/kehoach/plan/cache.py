"""A cache of a large plan's validated form (registries of hundreds of villages), keyed by the SHA-256 of
its bytes, so that the next command reads it instead of parsing the YAML again. Never the source of truth:
a cache that cannot be read or parsed is ignored. A commune's plan (about 40 kB) is not cached."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach import __version__
from kehoach.base.files import cache_dir

MIN_PLAN_BYTES = 64 * 1024  # a commune's plan (about 40 kB) parses in a few milliseconds: no cache
FORMAT = 1


def plan_cache_file(plan_bytes: bytes) -> Path:
    h = hashlib.sha256(f"{__version__}\0{FORMAT}\0plan\0".encode())
    h.update(plan_bytes)
    return cache_dir() / f"plan-{h.hexdigest()[:32]}.json"


def read_plan_cache(plan_bytes: bytes):
    """The validated plan for exactly these bytes, if a previous command cached it; else None."""
    try:
        from .model import Plan

        return Plan.model_validate_json(plan_cache_file(plan_bytes).read_bytes())
    except Exception:  # missing, unreadable or from another version: validate the YAML instead
        return None


def write_plan_cache(plan_bytes: bytes, plan) -> None:
    """Keep the validated plan (only a plan without errors) so that the next command skips the YAML."""
    if len(plan_bytes) < MIN_PLAN_BYTES:
        return
    from kehoach.base.files import atomic_write

    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(plan_cache_file(plan_bytes), plan.model_dump_json(by_alias=False))
    except Exception:
        pass
