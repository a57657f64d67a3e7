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


def test_a_command_whose_value_is_help_is_run_every_time(tmp_path):
    """«--note --help» is a note: the command runs (and is refused the second time as a likely duplicate), it is
    never taken for a help screen nor replayed from the cache."""
    import shutil

    from conftest import PLAN_2023

    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    args = ("log", "dang_tin", "kenh=bang tin xa", "tieu_de=Tin A", "--date", "12/4/2023", "--note", "--help")
    first, _ = _help(tmp_path, *args)
    second, used = _help(tmp_path, *args)
    journal = (tmp_path / "plans" / "2023.journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert "Đã ghi HD0001" in first and len(journal) == 1 and '"note": "--help"' in journal[0]
    assert used[0] == "1" and "Đã ghi" not in second  # refused: the same activity again, off a terminal
    assert not list((tmp_path / "cache").glob("help-*.txt"))


def test_settings_that_change_a_screen_are_part_of_its_key(tmp_path):
    plain, _ = _help(tmp_path, "status", "--help", TYPER_USE_RICH="0")
    rich, used = _help(tmp_path, "status", "--help")
    assert used == ["0", "rich", "typer"] and rich != plain


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal of a given width (Unix)")
def test_the_width_of_a_terminal_on_stdin_is_part_of_the_key(tmp_path):
    """`kehoach --help | more` on a terminal: the output is a pipe, and rich takes the width from the terminal on
    the input (or on the error stream). A screen drawn at one width is not printed at another."""
    import fcntl
    import pty
    import struct
    import termios

    def screen(width: int, cache: str = "on") -> str:
        master, slave = pty.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
            env.update(KEHOACH_CACHE_DIR=str(tmp_path / "cache"), KEHOACH_CACHE=cache)
            r = subprocess.run([sys.executable, "-c", PROBE, "status", "--help"], env=env, stdin=slave,
                               capture_output=True, text=True, encoding="utf-8", cwd=tmp_path)
        finally:
            os.close(master)
            os.close(slave)
        return r.stdout.rsplit("\nMODULES", 1)[0]

    narrow = screen(100)
    wide = screen(140)
    assert wide == screen(140, "off") != narrow
    assert max(map(len, wide.splitlines())) == 140
