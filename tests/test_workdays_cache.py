"""The year's public holidays kept in the cache folder: the same days as the `holidays` package says, an edited
file ignored, nothing written when the caches are off."""

from __future__ import annotations

from datetime import date

import holidays

import kehoach.base.workdays as workdays


def _fresh(monkeypatch, folder):
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(folder))
    workdays._holidays.cache_clear()


def test_cached_holidays_are_the_packages(tmp_path, monkeypatch):
    truth = frozenset(holidays.country_holidays("VN", years=[2024]).keys())
    _fresh(monkeypatch, tmp_path)
    assert workdays._holidays(2024) == truth  # computed, then kept
    (kept,) = tmp_path.glob("holidays-*")
    _fresh(monkeypatch, tmp_path)
    assert workdays._holidays(2024) == truth  # read back
    assert date(2024, 9, 2) in truth and not workdays.is_working_day(date(2024, 9, 2))
    # an edited file (30/4 removed) does not match its checksum: the package is asked again
    edited = kept.read_bytes().replace(b"2024-04-30 ", b"")
    assert edited != kept.read_bytes()
    kept.write_bytes(edited)
    _fresh(monkeypatch, tmp_path)
    assert workdays._holidays(2024) == truth


def test_nothing_is_kept_when_the_caches_are_off(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_CACHE", "off")
    _fresh(monkeypatch, tmp_path)
    assert date(2024, 4, 30) in workdays._holidays(2024)
    assert not list(tmp_path.glob("holidays-*"))
    workdays._holidays.cache_clear()
