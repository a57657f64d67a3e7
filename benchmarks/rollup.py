"""Benchmark of `kehoach rollup`: N communes of R records each, rolled up from nothing, then again after one
commune changed, as whole processes; wall time and peak RSS (of the command and its worker processes).

    python benchmarks/rollup.py --communes 330,1000 --records 500          # appends to benchmarks/RESULTS.md
    python benchmarks/rollup.py --communes 20 --records 200 --out /tmp/r.md

Each commune is the shape of benchmarks/generate.py (the sample plan, registries scaled to R, dates over the year,
about 1% corrections) under its own name, with its own seed. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import kehoach_cmd, machine  # noqa: E402

TARGETS = {"cold": 60.0, "one changed": 5.0, "rss": 500.0}  # at 3,300 communes × 500 records


def make_communes(n: int, records: int, root: Path, distinct: int = 50) -> list[Path]:
    """n commune folders under root, each the generated plan under its own name with one of `distinct` journals
    (seeds 1…distinct, reused in turn): generating every journal would take longer than the roll-up itself."""
    pool = root / ".pool"
    journals = []
    for seed in range(1, min(n, distinct) + 1):
        generate(records, pool / str(seed), seed=seed)
        journals.append(pool / str(seed) / "plans" / "2023.journal.jsonl")
    plan_text = (pool / "1" / "plans" / "2023.yaml").read_text(encoding="utf-8")
    folders = []
    for i in range(1, n + 1):
        folder = root / f"xa-{i:05d}"
        (folder / "plans").mkdir(parents=True)
        (folder / "plans" / "2023.yaml").write_text(
            plan_text.replace("Hồng Phong", f"Số {i}").replace("HỒNG PHONG", f"SỐ {i}"), encoding="utf-8")
        shutil.copy(journals[(i - 1) % len(journals)], folder / "plans" / "2023.journal.jsonl")
        folders.append(folder)
    shutil.rmtree(pool, ignore_errors=True)
    return folders


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB of the process or its largest child, exit code)."""
    import resource

    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return wall, rss, proc.returncode


def bench(sizes: list[int], records: int, work: Path) -> list[tuple]:
    rows = []
    for n in sizes:
        root = work / f"n{n}"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--make", str(n), "--records", str(records), "--keep", str(root)],
                       check=True)
        size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 1e6
        print(f"{n:,} communes × {records} records: generated in {time.perf_counter() - t0:.0f} s ({size:.0f} MB)",
              flush=True)
        env = {**os.environ, "KEHOACH_CACHE_DIR": str(root / ".cache"), "NO_COLOR": "1"}
        cmd = kehoach_cmd() + ["rollup", *[str(p) for p in sorted(root.glob("xa-*"))], "--period", "nam",
                               "--json"]
        # each measurement in a fresh runner process, so that RUSAGE_CHILDREN is that command's alone
        for label, prepare in (("cold (no cache)", "clear"), ("one commune changed", "touch"),
                               ("nothing changed", None)):
            if prepare == "clear":
                shutil.rmtree(root / ".cache", ignore_errors=True)
            elif prepare == "touch":
                journal = root / "xa-00001" / "plans" / "2023.journal.jsonl"
                with journal.open("a", encoding="utf-8") as fh:
                    fh.write('{"op": "void", "id": "HDX001", "target": "HD0002", "reason": "Ghi trùng", '
                             '"by": "bench", "at": "2023-12-01T08:00:00+07:00"}\n')
            out = subprocess.run([sys.executable, __file__, "--time", "--keep", str(root), "--", *cmd], env=env,
                                 capture_output=True, text=True, check=True).stdout.split()
            wall, rss, code = float(out[0]), float(out[1]), int(out[2])
            rows.append((n, records, label, wall, rss, code))
            print(f"  {label:<22} {wall:7.2f} s {rss:7.0f} MB  exit {code}", flush=True)
    return rows


def table(rows: list[tuple]) -> str:
    lines = ["| communes × records | run | wall | peak RSS |", "|---|---|---|---|"]
    for n, r, label, wall, rss, code in rows:
        flag = "" if code == 0 else f" (exit {code})"
        lines.append(f"| {n:,} × {r} | {label} | {wall:.1f} s{flag} | {rss:.0f} MB |".replace(",", "."))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", default="330,1000")
    ap.add_argument("--records", type=int, default=500)
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    ap.add_argument("--keep", help="folder for the generated communes (default: a temporary one)")
    ap.add_argument("--make", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--time", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("cmd", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make:
        make_communes(args.make, args.records, Path(args.keep))
        return
    if args.time:
        wall, rss, code = timed(args.cmd, dict(os.environ), Path(args.keep))
        print(wall, rss, code)
        return
    sizes = [int(s) for s in args.communes.split(",")]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kehoach-rollup-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = bench(sizes, args.records, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = (f"\n## Roll-up (`kehoach rollup … --period nam --json`)\n\nMachine: {machine()}. "
            f"Generated by `python benchmarks/rollup.py` on {time.strftime('%Y-%m-%d')}; one run each.\n\n"
            f"{table(rows)}\n")
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark results\n"
    head = old.split("\n## Roll-up", 1)[0].rstrip("\n") + "\n"
    out.write_text(head + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
