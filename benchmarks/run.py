"""Run each kehoach command as a whole process on synthetic journals and print median wall time and peak RSS.

    python benchmarks/run.py                       # N = 1,000, 10,000, 100,000; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 1000 --runs 3 --out /tmp/results.md

Each command runs `--runs` times after one warm-up run (which also fills the journal cache of `status`, `report`
and `activities`); the cold first run of `status` is reported on its own. Peak RSS is the child's ru_maxrss
(which counts the runner's own few megabytes too: the runner is kept small for that reason).
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

# (label, arguments, target wall seconds at 100k, target peak RSS MB at 100k)
COMMANDS = [
    ("kehoach --help", ["--help"], 0.15, 40),
    ("check", ["check"], 2.0, 300),
    ("status", ["status", "--period", "nam"], 1.0, 250),
    ("status --json", ["status", "--period", "nam", "--json"], 1.0, 250),
    ("log (one append)", ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin benchmark", "--date", "1/5/2023",
                          "--allow-duplicate"], 0.3, 60),
    ("activities --json", ["activities", "--json"], None, None),
    ("report --format md", ["report", "--period", "nam", "--format", "md", "--no-chart", "--force", "-o", "{out}/bc"],
     1.5, 300),
    ("report --format docx", ["report", "--period", "nam", "--format", "docx", "--force", "-o", "{out}/bc"], 3.0, 350),
]


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


def bench(sizes: list[int], runs: int, workdir: Path) -> dict:
    base = kehoach_cmd()
    results: dict = {}
    for n in sizes:
        folder = workdir / f"n{n}"
        if folder.exists():
            shutil.rmtree(folder)
        t0 = time.perf_counter()
        # generated in a child process: this runner must stay small, because a child's peak RSS as the kernel
        # reports it (ru_maxrss) includes the memory of the process that started it, up to its exec
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), str(n), str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
        plan = folder / "plans" / "2023.yaml"
        print(f"N = {n:,}: generated in {time.perf_counter() - t0:.1f} s "
              f"({(plan.parent / '2023.journal.jsonl').stat().st_size / 1e6:.1f} MB journal)", flush=True)
        env = {**os.environ, "KEHOACH_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1", "COLUMNS": "100",
               "KEHOACH_USER": "bench"}
        env.pop("KEHOACH_PLAN", None)
        out = folder / "out"
        out.mkdir()
        cold = run_once(base + ["status", "--period", "nam"], folder, env)
        results[(n, "status (cold: no cache yet)")] = (cold[0], cold[1], cold[2])
        for label, args, _, _ in COMMANDS:
            cmd = base + [a.replace("{out}", str(out)) for a in args]
            run_once(cmd, folder, env)  # warm-up
            samples = [run_once(cmd, folder, env) for _ in range(runs)]
            wall = statistics.median(s[0] for s in samples)
            rss = statistics.median(s[1] for s in samples)
            codes = {s[2] for s in samples}
            results[(n, label)] = (wall, rss, max(codes))
            print(f"  {label:<28} {wall:7.3f} s {rss:8.1f} MB  exit {max(codes)}", flush=True)
        after_log = run_once(base + ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=x", "--date", "2/5/2023"], folder, env)
        again = run_once(base + ["status", "--period", "nam"], folder, env)
        results[(n, "status (just after a log)")] = (again[0], again[1], again[2])
        del after_log
    return results


def table(results: dict, sizes: list[int]) -> str:
    labels = ["status (cold: no cache yet)"] + [c[0] for c in COMMANDS] + ["status (just after a log)"]
    targets = {c[0]: (c[2], c[3]) for c in COMMANDS}
    head = "| command | " + " | ".join(f"N = {n:,}".replace(",", ".") for n in sizes) + " | target at 100k |"
    lines = [head, "|---|" + "---|" * len(sizes) + "---|"]
    for label in labels:
        cells = []
        for n in sizes:
            wall, rss, code = results[(n, label)]
            flag = "" if code == 0 else f" (exit {code})"
            cells.append(f"{wall:.2f} s · {rss:.0f} MB{flag}")
        t = targets.get(label)
        target = f"≤ {t[0]} s · ≤ {t[1]} MB" if t and t[0] else "—"
        if t and t[0] and 100000 in sizes:
            wall, rss, _ = results[(100000, label)]
            target += " ✓" if wall <= t[0] and rss <= t[1] else " ✗"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    if 10000 in sizes and 100000 in sizes:
        lines.append("")
        lines.append("Growth from 10,000 to 100,000 entries (must stay ≤ 12×):")
        lines.append("")
        for label in labels:
            a, b = results[(10000, label)], results[(100000, label)]
            lines.append(f"- {label}: wall ×{b[0] / a[0]:.1f}, RSS ×{b[1] / a[1]:.1f}")
    return "\n".join(lines)


NOTES = """Notes:
- *status (cold)* is the first `status` after the journal was written by another tool: it reads and checks every
  record and fills the cache (`cache.py`). Every later command reads the cache; after a `log`, only the new line is
  read on top of it (*status just after a log*).
- `log` never reads the whole journal. Below 2 MB of journal (about 8,000 records: a commune's years) it then
  re-reads it to say how the indicators it serves stand, which is why it costs more at N = 1,000 than at 100,000.
- Peak RSS includes the few megabytes of the runner itself (see `run_once`).
- Timings on this shared 2-core machine vary by about ±15% between runs of the script.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    ap.add_argument("--keep", help="folder for the generated data (default: a temporary one)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = bench(sizes, args.runs, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = table(results, sizes)
    report = (f"# Benchmark results\n\nMachine: {machine()}.\n\n"
              f"Medians of {args.runs} runs of each command as a whole process (after one warm-up run), "
              f"on a synthetic plan and journal from `benchmarks/generate.py`; peak RSS of the process. "
              f"Generated by `python benchmarks/run.py` on {time.strftime('%Y-%m-%d')}.\n\n{text}\n\n{NOTES}")
    Path(args.out).write_text(report, encoding="utf-8")
    print()
    print(text)
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
