"""Help screens are drawn by typer once, then printed from the cache: the same bytes, without typer or rich;
another width or colour setting is another screen; a damaged cache file is ignored."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = ("import sys; from kehoach.cli.main import run; code = run(sys.argv[1:]); sys.stdout.flush(); "
         "print('\\nMODULES', code, *sorted(m for m in ('typer', 'rich') if m in sys.modules))")


def _help(tmp_path, *args, **env_extra):
    env = {**os.environ, "KEHOACH_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "90", **env_extra}
    env.pop("FORCE_COLOR", None)
    r = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                       encoding="utf-8", cwd=tmp_path)
    screen, modules = r.stdout.rsplit("\nMODULES", 1)
    return screen, modules.split()


@pytest.mark.parametrize("args", [("--help",), ("status", "--help"), ("log", "-h"), ("report", "--help")])
def test_the_second_screen_is_the_first_without_typer(tmp_path, args):
    first, used_first = _help(tmp_path, *args)
    second, used_second = _help(tmp_path, *args)
    assert used_first == ["0", "rich", "typer"] and used_second == ["0"]
    assert second == first and "Usage: kehoach" in first


def test_another_width_is_another_screen(tmp_path):
    wide, _ = _help(tmp_path, "--help", COLUMNS="120")
    narrow, used = _help(tmp_path, "--help", COLUMNS="60")
    assert used == ["0", "rich", "typer"]  # drawn, not taken from the 120-column screen
    assert max(map(len, narrow.splitlines())) <= 60 < max(map(len, wide.splitlines()))


def test_a_damaged_screen_is_drawn_again(tmp_path):
    first, _ = _help(tmp_path, "--help")
    for f in (tmp_path / "cache").glob("help-*.txt"):
        f.write_bytes(f.read_bytes().replace("kehoach".encode(), b"KEHOACH"))
    again, used = _help(tmp_path, "--help")
    assert again == first and used == ["0", "rich", "typer"]


def test_a_failed_help_is_not_kept(tmp_path):
    _help(tmp_path, "khong-co-lenh", "--help")
    assert not list((tmp_path / "cache").glob("help-*.txt"))
