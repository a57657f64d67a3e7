"""The communes of a roll-up: each PATH read as a commune's folder, a plan file or an export, never a crash.

A commune's folder or plan is computed exactly as its own `status --json` would (the same loader, ledger and
engine), then reduced to its export. The export of a commune is cached outside the project
(cache_dir()/rollup/), keyed by kehoach's version, the period and cut-off asked, and the SHA-256 of the plan's
bytes; the entry also records the SHA-256 of the journal bytes it was computed from and is used only when the
journal still has exactly those bytes. Communes left to compute are computed in parallel processes.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kehoach import __version__
from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import cache_dir, relpath
from kehoach.engine.rollup import Commune

CACHE_FORMAT = 1
PARALLEL_FROM = 16  # fewer communes than this are computed in this process
PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Ask:
    """What every commune is computed for: the period as typed and the as-of date."""

    period: str | None
    as_of: str | None
    today: date


def _natural_key(path: Path) -> list:
    import re

    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", path.name)]


def expand(paths: list[Path]) -> list[tuple[Path, str]]:
    """Every input as (path, kind): kind is "plan", "export" or "none" (nothing found there)."""
    out: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            plans = sorted([*p.glob("plans/*.yaml"), *p.glob("plans/*.yml")], key=_natural_key)
            if plans:  # the folder of a commune: its latest plan, as the CLI picks it
                out.append((plans[-1], "plan"))
                continue
            exports = sorted(p.glob("*.json"), key=_natural_key)
            out.extend((e, "export") for e in exports)  # a folder of exports the communes sent
            if not exports:
                out.append((p, "none"))
        elif p.suffix.lower() in PLAN_SUFFIXES:
            out.append((p, "plan"))
        else:
            out.append((p, "export"))
    return out


def _empty(path: Path, message: str) -> Commune:
    name = relpath(path)
    return Commune(name, name, empty=True,
                   problems=[Diagnostic(code="rollup-nothing", file=name, message=message, severity="warning")])


def _cache_key(plan_bytes: bytes, ask: Ask) -> Path:
    h = hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0{ask.period}\0{ask.as_of}\0{ask.today}\0".encode())
    h.update(plan_bytes)
    return cache_dir() / "rollup" / f"{h.hexdigest()[:40]}.json"


def _read_cached(plan_path: Path, ask: Ask) -> tuple[bytes, Commune | None]:
    import orjson

    plan_bytes = plan_path.read_bytes()
    try:
        entry = orjson.loads(_cache_key(plan_bytes, ask).read_bytes())
        journal = plan_path.parent / entry["journal"]
        raw = journal.read_bytes() if journal.is_file() else b""
        if hashlib.sha256(raw).hexdigest() != entry["journal_sha256"]:
            return plan_bytes, None
        name = relpath(plan_path)
        return plan_bytes, Commune(entry["export"]["plan"]["issuer_short"], name, entry["export"],
                                   warnings=[Diagnostic(**d) for d in entry["warnings"]], from_cache=True)
    except Exception:  # no entry, or an unreadable or foreign one: compute
        return plan_bytes, None


def compute(plan_path: Path, ask: Ask) -> Commune:
    """One commune from its plan and journal, as its own `status --json` computes it (cached when whole)."""
    from kehoach.engine.export import build_export
    from kehoach.engine.status import build_status
    from kehoach.journal.ledger import load_ledger
    from kehoach.journal.store import journal_path
    from kehoach.plan.loader import load_plan

    name = relpath(plan_path)
    try:
        plan_bytes = plan_path.read_bytes()
        plan = load_plan(plan_path, use_cache=False)
        jpath = journal_path(plan_path, plan)
        before = jpath.read_bytes() if jpath.is_file() else b""
        ledger = load_ledger(plan, plan_path, use_cache=False)
        status = build_status(plan, ledger, ask.period, ask.as_of, today=ask.today)
    except KehoachError as exc:
        errors = [d for d in exc.diagnostics if d.severity == "error"] or exc.diagnostics
        return Commune(name, name, problems=errors)
    except OSError as exc:
        return Commune(name, name, problems=[Diagnostic(code="file-unreadable", file=name,
                                                        message=f"không đọc được: {exc.strerror or exc}.")])
    export = build_export(status)
    warnings = []
    errors = [d for d in ledger.diagnostics if d.severity == "error"]
    if errors:
        first = errors[0]
        warnings.append(Diagnostic(code="journal-problems", file=first.file, line=first.line, severity="warning",
                                   message=f"nhật ký có {len(errors)} bản ghi lỗi, đã bỏ qua khi tính "
                                           f"(như «kehoach status» của xã): {first.message}"))
    commune = Commune(export["plan"]["issuer_short"], name, export, warnings=warnings)
    after = jpath.read_bytes() if jpath.is_file() else b""
    if after == before:  # never cache figures of a journal that changed while it was read
        _write_cache(plan_bytes, ask, os.path.relpath(jpath, plan_path.parent), before, commune)
    return commune


def _write_cache(plan_bytes: bytes, ask: Ask, journal: str, raw: bytes, commune: Commune) -> None:
    import orjson

    entry = {"journal": journal, "journal_sha256": hashlib.sha256(raw).hexdigest(), "export": commune.export,
             "warnings": [d.to_dict() for d in commune.warnings]}
    try:  # a temporary file and a rename, without fsync: an entry lost in a crash is only computed again
        path = _cache_key(plan_bytes, ask)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps(entry))
        os.replace(tmp, path)
    except Exception:  # a read-only home, a full disk: roll up without the cache
        pass


def read_export(path: Path) -> Commune:
    """An export a commune sent: read and checked, or why it cannot be used (with its line)."""
    import orjson

    from kehoach.engine.export import check_export

    name = relpath(path)
    if not path.exists():
        return _empty(path, "không có tệp này (xã chưa gửi số liệu?).")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Commune(name, name, problems=[Diagnostic(code="file-unreadable", file=name,
                                                        message=f"không đọc được: {exc.strerror or exc}.")])
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return Commune(name, name, problems=[Diagnostic(
            code="export-not-json", file=name, line=exc.lineno, col=exc.colno,
            message="tệp xuất không phải JSON đọc được (tệp bị cắt cụt hoặc đã bị sửa tay?).",
            hint="Xã xuất lại bằng «kehoach export --period … -o TỆP.json».")])
    problems = check_export(data, raw, name)
    if problems:
        return Commune(name, name, problems=problems)
    return Commune(data["plan"]["issuer_short"], name, data)


def _compute_star(args: tuple[str, Ask]) -> Commune:
    return compute(Path(args[0]), args[1])


def gather(paths: list[Path], ask: Ask, workers: int | None = None) -> list[Commune]:
    """Every commune of the roll-up, in the order given; cached exports reused, the rest computed in parallel."""
    slots: list[Commune | None] = []
    todo: list[tuple[int, Path]] = []
    for path, kind in expand(paths):
        if kind == "none":
            slots.append(_empty(path, "không có kế hoạch (plans/*.yaml) hay tệp xuất (*.json) nào ở đây."))
        elif kind == "export":
            slots.append(read_export(path))
        elif not path.is_file():
            slots.append(_empty(path, "không có tệp kế hoạch này."))
        else:
            try:
                _, hit = _read_cached(path, ask)
            except OSError:
                hit = None
            slots.append(hit)
            if hit is None:
                todo.append((len(slots) - 1, path))
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if len(todo) < PARALLEL_FROM or workers <= 1:
        for i, path in todo:
            slots[i] = compute(path, ask)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = pool.map(_compute_star, [(str(p), ask) for _, p in todo], chunksize=32)
            for (i, _), commune in zip(todo, done):
                slots[i] = commune
    return [c for c in slots if c is not None]
