"""The benchmark script must not rot: run it on a small N (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_generator_writes_a_valid_plan_and_journal(tmp_path, cli):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    plan = generate(600, tmp_path)
    lines = (tmp_path / "plans" / "2023.journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 600
    r = cli("check", "--plan", plan)
    assert r.code == 0, r.stderr[-2000:]
    data = json.loads(cli("status", "--plan", plan, "--period", "nam", "--json").stdout)
    assert all(i["value"] is not None for i in data["indicators"])


def test_benchmark_script_runs_on_a_small_journal(tmp_path):
    out = tmp_path / "results.md"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "300", "--runs", "1",
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "Machine:" in text and "cores" in text
    for label in ("kehoach --help", "check", "status", "status --json", "log (one append)", "activities --json",
                  "report --format md", "report --format docx", "status (cold: no cache yet)",
                  "status (cold, empty journal: the plan alone)"):
        assert f"| {label} |" in text
    assert "(exit" not in text  # every command succeeded


def test_cold_budget_is_the_target_less_the_plan_alone():
    """Under the cold targets (100,000 entries ≤ 3× the floor, 1,000,000 ≤ 6 s), what is left for the journal
    once the plan is validated, per record."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.pop(0)
    results = {(100_000, run.FLOOR): (0.2, 14, 0), (100_000, run.COLD): (1.5, 100, 0),
               (100_000, run.PLAN_ALONE): (0.3, 50, 0), (1_000_000, run.FLOOR): (1.8, 14, 0),
               (1_000_000, run.COLD): (13.0, 500, 0), (1_000_000, run.PLAN_ALONE): (0.5, 50, 0)}
    lines = run.budget(results, [100_000, 1_000_000])
    text = "\n".join(lines)
    # 3 × 0.2 − 0.3 = 0.30 s for 100,000 records: 3.0 µs each; the cold status took (1.5 − 0.3) / 100,000 = 12 µs
    assert "- 100.000 entries: target 0.60 s − the plan alone 0.30 s = 0.30 s for the journal, 3.0 µs a record" in text
    assert "the floor takes 2.0 µs a record" in text and "the cold `status` 12.0 µs" in text
    # 6 − 0.5 = 5.5 s for 1,000,000 records: 5.5 µs each; the cold status took 12.5 µs
    assert "- 1.000.000 entries: target 6.00 s − the plan alone 0.50 s = 5.50 s for the journal, 5.5 µs a record" in text
    assert "the cold `status` 12.5 µs" in text
    assert run.budget(results, [1000]) == []


def test_rollup_benchmark_runs_on_a_few_small_communes(tmp_path):
    """The roll-up benchmark (generator and runner) on 20 communes of 120 records; no timing is asserted."""
    out = tmp_path / "results.md"
    out.write_text("# Benchmark results\n\nearlier figures\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "rollup.py"), "--communes", "20",
                           "--records", "120", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "earlier figures" in text and "## Roll-up" in text
    for label in ("cold (no cache)", "one commune changed", "nothing changed"):
        assert f"| 20 × 120 | {label} |" in text
    assert "(exit" not in text


def test_rollup_benchmark_communes_roll_up_like_their_own_status(tmp_path, cli):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from rollup import make_communes
    finally:
        sys.path.pop(0)
    folders = make_communes(17, 150, tmp_path, distinct=3)  # 17 ≥ PARALLEL_FROM: worker processes are used
    r = cli("rollup", *folders, "--period", "nam", "--json")
    assert r.code == 0, r.output
    data = json.loads(r.stdout)
    assert data["summary"]["valid"] == 17
    for folder in (folders[0], folders[16]):
        own = json.loads(cli("status", "--plan", folder / "plans" / "2023.yaml", "--period", "nam", "--json").stdout)
        mine = next(c for c in data["communes"] if c["source"].replace("\\", "/").endswith(
            f"{folder.name}/plans/2023.yaml"))
        for ind in own["indicators"]:
            assert mine["indicators"][ind["id"]]["value"] == ind["value"]
            assert mine["indicators"][ind["id"]]["status"] == ind["status"]
