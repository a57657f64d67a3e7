"""The command line as a whole: help, version, usage errors, plan discovery, internal errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import MINI, ROOT


def _commands():
    from kehoach.cli.app import app

    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_every_command_has_vietnamese_help_and_is_documented(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        result = cli(name, "--help")
        assert result.code == 0, name
        assert "Usage" in result.stdout or "kehoach" in result.stdout
        lines = [l for l in result.stdout.splitlines() if l.strip()]
        assert len(lines) > 2, name
        assert f"kehoach {name}" in readme, f"README has no example of `kehoach {name}`"


def test_version(cli):
    from kehoach import __version__

    result = cli("--version")
    assert result.code == 0 and result.stdout.strip() == f"kehoach {__version__}"


def test_unknown_command_and_option_are_usage_errors(cli):
    result = cli("chek")
    assert result.code == 2
    assert "không có lệnh «chek»" in result.stderr
    assert "check" in result.stderr  # the close command is suggested
    result = cli("check", "--plna", "x")
    assert result.code == 2
    assert "không có tuỳ chọn «--plna»" in result.stderr and "--plan" in result.stderr


def test_plan_from_env_then_newest_in_plans_folder(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert result.code == 1
    assert "không tìm thấy tệp kế hoạch" in result.stderr
    (tmp_path / "plans").mkdir()
    shutil.copy(MINI, tmp_path / "plans" / "2023.yaml")
    shutil.copy(MINI, tmp_path / "plans" / "2024.yaml")
    shutil.copy(MINI, tmp_path / "plans" / "9.yaml")
    result = cli("check")
    assert result.code == 0 and "plans/2024.yaml" in result.stdout  # natural order: 9 < 2023 < 2024
    result = cli("check", env={"KEHOACH_PLAN": str(tmp_path / "plans" / "2023.yaml")})
    assert "2023.yaml" in result.stdout
    result = cli("check", "--plan", "plans/9.yaml", env={"KEHOACH_PLAN": "plans/2023.yaml"})
    assert "plans/9.yaml" in result.stdout


def test_missing_plan_and_directory(cli, tmp_path):
    result = cli("check", "--plan", str(tmp_path / "khong-co.yaml"))
    assert result.code == 1 and "không tìm thấy tệp kế hoạch" in result.stderr
    result = cli("check", "--plan", str(tmp_path))
    assert result.code == 1 and "là một thư mục" in result.stderr


def test_internal_error_is_one_line_without_traceback(cli, monkeypatch):
    import kehoach.plan.loader

    def boom(*a, **k):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(kehoach.plan.loader, "load_plan_with_diagnostics", boom)
    result = cli("check", "--plan", str(MINI))
    assert result.code == 70
    assert "lỗi nội bộ" in result.stderr and "Traceback" not in result.stderr
    result = cli("--debug", "check", "--plan", str(MINI))
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_python_dash_m_and_console_script_work_from_another_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KEHOACH_PLAN"}
    out = subprocess.run([sys.executable, "-m", "kehoach", "check", "--plan", str(MINI)],
                         cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "Kế hoạch hợp lệ" in out.stdout
