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
                  "report --format md", "report --format docx"):
        assert f"| {label} |" in text
    assert "(exit" not in text  # every command succeeded
