"""Run each kehoach command as a whole process on synthetic journals and print median wall time and peak RSS,
each beside the floor measured in the same run (`floor.py`: a plain Python process that reads the journal with
orjson line by line and buckets it by month and kind).

    python benchmarks/run.py                       # N = 1,000, 10,000, 100,000, 1,000,000; writes RESULTS.md
    python benchmarks/run.py --sizes 1000 --runs 3 --out /tmp/results.md
    python benchmarks/run.py --data /tmp/kehoach-bench   # generate the journals there once, reuse them later

Each command runs `--runs` times after one warm-up run (which also fills the journal cache of `status`, `report`
and `activities`); the cold first run of `status` is reported on its own (the median of `--runs` cold runs, the
cache emptied before each). Peak RSS is the child's ru_maxrss (which counts the runner's own few megabytes too:
the runner is kept small for that reason). At 1,000,000 entries only the commands of a province's day run.
No timing is asserted anywhere: this script prints figures and compares them with the targets.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = "floor (orjson, by month and kind)"
COLD = "status (cold: no cache yet)"
COLD_JOURNAL = "status (journal's caches gone, plan's kept)"
PLAN_ALONE = "status (cold, empty journal: the plan alone)"
AFTER_LOG = "status (just after a log)"
# (label, arguments); the commands of a province's day run at every size, the others up to 100,000 entries
COMMANDS = [
    ("kehoach --help", ["--help"]),
    ("check", ["check"]),
    ("status", ["status", "--period", "nam"]),
    ("status --json", ["status", "--period", "nam", "--json"]),
    ("log (one append)", ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin benchmark", "--date", "1/5/2023",
                          "--allow-duplicate"]),
    ("activities --json", ["activities", "--json"]),
    ("report --format md", ["report", "--period", "nam", "--format", "md", "--no-chart", "--force", "-o", "{out}/bc"]),
    ("report --format docx", ["report", "--period", "nam", "--format", "docx", "--force", "-o", "{out}/bc"]),
]
if (ROOT / "src" / "kehoach" / "cli" / "todo.py").exists():
    COMMANDS.insert(5, ("todo", ["todo"]))
PROVINCE_DAY = {"kehoach --help", "status", "status --json", "log (one append)", "report --format md"}
BIG = 1_000_000

# targets: label → [(N, max × floor, max seconds, max MB)]; None where the target says nothing
TARGETS = {
    "kehoach --help": [(n, None, 0.1, None) for n in (1000, 10000, 100000, BIG)],
    "check": [(1000, 3.0, None, None)],
    "status": [(1000, 3.0, None, None), (100000, 1.5, None, 100), (BIG, None, 1.5, 400)],
    "log (one append)": [(1000, 3.0, None, None)],
    "todo": [(1000, 3.0, None, None)],
    "report --format md": [(100000, 1.5, None, 100)],
    COLD: [(100000, 3.0, None, 100), (BIG, None, 6.0, None)],
    COLD_JOURNAL: [(100000, 3.0, None, 100), (BIG, None, 6.0, None)],
}


def kehoach_cmd() -> list[str]:
    exe = shutil.which("kehoach", path=str(Path(sys.executable).parent)) or shutil.which("kehoach")
    return [exe] if exe else [sys.executable, "-m", "kehoach"]


def run_once(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, proc.returncode


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def median_run(cmd: list[str], cwd: Path, env: dict, runs: int, before=None) -> tuple[float, float, int]:
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(run_once(cmd, cwd, env))
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            max(s[2] for s in samples))


def prepare(n: int, workdir: Path, data: Path | None) -> Path:
    """A fresh folder with the plan and journal of n entries (generated once into `data` when given)."""
    folder = workdir / f"n{n}"
    if folder.exists():
        shutil.rmtree(folder)
    source = (data / f"n{n}") if data else folder
    journal = source / "plans" / "2023.journal.jsonl"
    t0 = time.perf_counter()
    if not journal.exists():
        # generated in a child process: this runner must stay small, because a child's peak RSS as the kernel
        # reports it (ru_maxrss) includes the memory of the process that started it, up to its exec
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), str(n), str(source)],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"N = {n:,}: generated in {time.perf_counter() - t0:.1f} s", flush=True)
    if source != folder:
        shutil.copytree(source / "plans", folder / "plans")
    print(f"N = {n:,}: {journal.stat().st_size / 1e6:.1f} MB journal", flush=True)
    return folder


def bench(sizes: list[int], runs: int, workdir: Path, data: Path | None = None) -> dict:
    base = kehoach_cmd()
    results: dict = {}
    for n in sizes:
        folder = prepare(n, workdir, data)
        plan = folder / "plans" / "2023.yaml"
        journal = plan.with_name("2023.journal.jsonl")
        cache = folder / "cache"
        env = {**os.environ, "KEHOACH_CACHE_DIR": str(cache), "NO_COLOR": "1", "COLUMNS": "100",
               "KEHOACH_USER": "bench"}
        env.pop("KEHOACH_PLAN", None)
        # as on an officer's machine: Python keeps the compiled form of each module (pip compiles the libraries when
        # it installs them; kehoach's own modules are compiled by their first run). A shell that sets
        # PYTHONDONTWRITEBYTECODE would otherwise have every command compile kehoach from source, every time.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = folder / "out"
        out.mkdir()
        floor = [sys.executable, str(Path(__file__).with_name("floor.py")), str(journal)]
        run_once(floor, folder, env)  # warm-up: the journal in the page cache, as for every command
        results[(n, FLOOR)] = median_run(floor, folder, env, runs)
        print(f"  {FLOOR:<36} {results[(n, FLOOR)][0]:7.3f} s {results[(n, FLOOR)][1]:8.1f} MB", flush=True)
        cold = base + ["status", "--period", "nam"]
        results[(n, COLD)] = median_run(cold, folder, env, min(runs, 3),
                                        before=lambda: shutil.rmtree(cache, ignore_errors=True))
        print(f"  {COLD:<36} {results[(n, COLD)][0]:7.3f} s {results[(n, COLD)][1]:8.1f} MB", flush=True)
        # as after a hand edit or a repair of the journal: its caches describe other bytes; the plan's still hold
        results[(n, COLD_JOURNAL)] = median_run(cold, folder, env, min(runs, 3),
                                                before=lambda: [p.unlink() for p in cache.glob("journal-*")])
        print(f"  {COLD_JOURNAL:<36} {results[(n, COLD_JOURNAL)][0]:7.3f} s "
              f"{results[(n, COLD_JOURNAL)][1]:8.1f} MB", flush=True)
        # the cold path's fixed part: the same plan validated with an empty journal, nothing cached
        empty, empty_cache = folder / "empty", folder / "cache-empty"
        (empty / "plans").mkdir(parents=True)
        shutil.copy2(plan, empty / "plans" / plan.name)
        (empty / "plans" / journal.name).write_bytes(b"")
        results[(n, PLAN_ALONE)] = median_run(cold, empty, {**env, "KEHOACH_CACHE_DIR": str(empty_cache)},
                                              min(runs, 3), before=lambda: shutil.rmtree(empty_cache, ignore_errors=True))
        print(f"  {PLAN_ALONE:<36} {results[(n, PLAN_ALONE)][0]:7.3f} s "
              f"{results[(n, PLAN_ALONE)][1]:8.1f} MB", flush=True)
        for label, args in COMMANDS:
            if n >= BIG and label not in PROVINCE_DAY:
                continue
            cmd = base + [a.replace("{out}", str(out)) for a in args]
            run_once(cmd, folder, env)  # warm-up
            results[(n, label)] = wall, rss, code = median_run(cmd, folder, env, runs)
            print(f"  {label:<36} {wall:7.3f} s {rss:8.1f} MB  exit {code}", flush=True)
        run_once(base + ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=x", "--date", "2/5/2023"], folder, env)
        results[(n, AFTER_LOG)] = run_once(base + ["status", "--period", "nam"], folder, env)
        if data:
            shutil.rmtree(folder, ignore_errors=True)  # the copy; the generated journal stays in `data`
    return results


def _target_text(label: str, results: dict, sizes: list[int]) -> str:
    parts = []
    for n, ratio, secs, mb in TARGETS.get(label, []):
        if n not in sizes or (n, label) not in results:
            continue
        wall, rss, _ = results[(n, label)]
        floor = results[(n, FLOOR)][0]
        bits, ok = [], True
        if ratio is not None:
            bits.append(f"≤ {ratio:g}×")
            ok &= wall <= ratio * floor
        if secs is not None:
            bits.append(f"≤ {secs:g} s")
            ok &= wall <= secs
        if mb is not None:
            bits.append(f"≤ {mb} MB")
            ok &= rss <= mb
        parts.append(f"{_size(n)}: {' · '.join(bits)} {'✓' if ok else '✗'}")
    return "; ".join(parts) or "—"


def _size(n: int) -> str:
    return f"{n // 1000:,}k".replace(",", ".") if n < BIG else f"{n // BIG}M"


def table(results: dict, sizes: list[int]) -> str:
    labels = [FLOOR, COLD, COLD_JOURNAL, PLAN_ALONE] + [c[0] for c in COMMANDS] + [AFTER_LOG]
    head = "| command | " + " | ".join(f"N = {n:,}".replace(",", ".") for n in sizes) + " | targets |"
    lines = [head, "|---|" + "---|" * len(sizes) + "---|"]
    for label in labels:
        cells = []
        for n in sizes:
            if (n, label) not in results:
                cells.append("—")
                continue
            wall, rss, code = results[(n, label)]
            flag = "" if code == 0 else f" (exit {code})"
            ratio = "" if label == FLOOR else f" · **{wall / results[(n, FLOOR)][0]:.1f}×**"
            cells.append(f"{wall:.2f} s · {rss:.0f} MB{ratio}{flag}")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {_target_text(label, results, sizes)} |")
    if 10000 in sizes and 100000 in sizes:
        lines.append("")
        lines.append("Growth from 10,000 to 100,000 entries (must stay ≤ 12×):")
        lines.append("")
        for label in labels:
            if (10000, label) in results and (100000, label) in results:
                a, b = results[(10000, label)], results[(100000, label)]
                lines.append(f"- {label}: wall ×{b[0] / a[0]:.1f}, RSS ×{b[1] / a[1]:.1f}")
    lines += budget(results, sizes)
    return "\n".join(lines)


def budget(results: dict, sizes: list[int]) -> list[str]:
    """What the cold targets leave for reading the journal, once the plan is validated: the time per record the
    journal may take under each target, beside what the floor itself takes and what the cold `status` takes."""
    out = []
    for n, ratio, secs, _ in TARGETS[COLD]:
        if n not in sizes or not all((n, k) in results for k in (FLOOR, COLD, PLAN_ALONE)):
            continue
        floor, cold, plan = results[(n, FLOOR)][0], results[(n, COLD)][0], results[(n, PLAN_ALONE)][0]
        limit = ratio * floor if ratio is not None else secs
        left = limit - plan
        size = f"{n:,}".replace(",", ".")
        out.append(f"- {size} entries: target {limit:.2f} s − the plan alone {plan:.2f} s = {left:.2f} s for the "
                   f"journal, {left / n * 1e6:.1f} µs a record; the floor takes {floor / n * 1e6:.1f} µs a record "
                   f"(parsing and counting only, start-up included), the cold `status` "
                   f"{(cold - plan) / n * 1e6:.1f} µs (parsing, checking against the plan, tallying, caching).")
    if out:
        out = ["", "What the cold targets leave for the journal once the plan is validated:", ""] + out
    return out


NOTES = """Notes:
- *floor* (`benchmarks/floor.py`) is a plain Python process that reads the journal with orjson line by line and
  buckets it by month and kind: the least any tool can do to say where a plan stands. Each figure in bold is the
  command's time as a multiple of the floor's, measured in the same run.
- *status (cold)* is the first `status` with nothing cached (the cache folder emptied before each run): it
  validates the plan (pydantic, YAML), reads and checks every record and writes the journal's tally. It reads the
  journal 4 MB at a time and lets each activity go once tallied, unless a later record may change it (a correction
  names it) or it is a case, a handling or an assessment (`journal/settle.py`); the common record, a plain add,
  is checked by a shorter way (`RecordChecker.fast_add`). *status (journal's caches gone, plan's kept)* is the same
  after a hand edit or a repair of the journal: the plan comes from its cache. *status (cold, empty journal: the
  plan alone)* validates the same plan beside an empty journal, nothing cached: the part of every cold `status`
  that does not depend on the journal (start-up, PyYAML, building pydantic's models, validating).
- Every later `status` and `todo` reads the journal's tally (counts per kind, day, unit and filter values; cases
  and assessments record by record: `journal/tally.py`) after hashing the journal; a Markdown report also reads its
  digest (`journal/digest.py`), made from the activities the first time a report asks. After a `log` of plain adds,
  the cached tally takes the new lines on, the rest of the journal only hashed (*status just after a log*).
  Every journal is cached, a commune's too, and every plan (read back without pydantic).
- The everyday commands (`status`, `todo`, `check`, `log`, `report`) start without typer (`cli/fast.py`); help screens are
  printed from the cache once typer has drawn them (*kehoach --help*: the warm-up run draws it).
- `log` appends under a lock. When the journal is exactly as the previous `log` left it (same device, inode, size,
  modification and change times) it reads none of it; otherwise it checks the lines added since its last check
  (the rest known by their SHA-256). It looks for a likely duplicate or a case closed twice by a byte search of the
  journal, skipped with `--allow-duplicate` for a kind that closes no case, as here. Below 2 MB of journal it then
  says how the indicators it serves stand.
- At 1,000,000 entries only the commands of a province's day run (`check`, `todo`, `activities` and the DOCX
  report are left out to keep the run short).
- Peak RSS includes the few megabytes of the runner itself (see `run_once`).
- Commands run with Python's bytecode cache on, as installed on an officer's machine (`PYTHONDONTWRITEBYTECODE` is
  removed from their environment): the warm-up run compiles kehoach's modules once. With it set, every command
  compiles about fifty modules from source first — some 50 ms more at every size.
- Timings on this shared 2-core machine vary by about ±15% between runs of the script (more when other work runs).
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    ap.add_argument("--keep", help="folder for the work files (default: a temporary one)")
    ap.add_argument("--data", help="folder where generated journals are kept and reused (never in the repository)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = bench(sizes, args.runs, work, Path(args.data) if args.data else None)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = table(results, sizes)
    report = (f"# Benchmark results\n\nMachine: {machine()}.\n\n"
              f"Medians of {args.runs} runs of each command as a whole process (after one warm-up run), "
              f"on a synthetic plan and journal from `benchmarks/generate.py`; peak RSS of the process; in bold, "
              f"the time as a multiple of the floor measured in the same run. "
              f"Generated by `python benchmarks/run.py` on {time.strftime('%Y-%m-%d')}.\n\n{text}\n\n{NOTES}")
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    rollup = old[old.index("\n## Roll-up"):] if "\n## Roll-up" in old else ""  # written by rollup.py: kept
    out.write_text(report + rollup, encoding="utf-8")
    print()
    print(text)
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
