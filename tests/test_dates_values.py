"""Typed input: dates, numbers, names without diacritics, choices, references."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import MINI
from kehoach.base.dates import DateInputError, parse_date
from kehoach.plan.loader import load_plan
from kehoach.base.text import fold, format_date_long, format_number, format_percent, percent_decimals
from kehoach.journal.values import Context, parse_input
from kehoach.plan.lookup import ValueProblem

TODAY = date(2024, 5, 20)


@pytest.mark.parametrize("text,expected", [
    ("2023-04-12", date(2023, 4, 12)), ("12/4/2023", date(2023, 4, 12)), ("12/04/2023", date(2023, 4, 12)),
    ("1.6.2023", date(2023, 6, 1)), ("hôm nay", TODAY), ("Hom nay", TODAY), ("today", TODAY),
    ("hôm qua", date(2024, 5, 19)), ("yesterday", date(2024, 5, 19)),
])
def test_dates(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31/2/2023", "2023-13-01", "ngày mai", "12/4", ""])
def test_bad_dates(text):
    with pytest.raises(DateInputError):
        parse_date(text, TODAY)


def test_fold():
    assert fold("Nà Cạo") == fold("na cao") == "na cao"
    assert fold("Đồng Đăng") == "dong dang"
    assert fold("  Khuôn_Pinh-1 ") == "khuon pinh 1"


def test_vietnamese_numbers_and_dates():
    assert format_number(1234) == "1.234"
    assert format_number(5300) == "5.300"
    assert format_number(71.42857) == "71,4"
    assert format_percent(71.42857) == "71,4%"
    assert format_percent(100.0) == "100%"
    assert format_date_long(date(2024, 1, 5)) == "ngày 05 tháng 01 năm 2024"
    assert format_date_long(date(2023, 6, 14)) == "ngày 14 tháng 6 năm 2023"
    assert format_date_long(date(2023, 2, 3)) == "ngày 03 tháng 02 năm 2023"


@pytest.mark.parametrize("value,expected", [
    (100 * 1999 / 2000, "99,95%"),   # not «100%»: 1.999 of 2.000 violations handled is not all of them
    (100 * 1999 / 2500, "79,96%"),   # not «80%»: short of «ít nhất 80%»
    (100 * 2001 / 2500, "80,04%"),   # not «80%»: «trên 80%» is met, and the figure must show it
    (100 * 1 / 2500, "0,04%"),       # not «0%»: something was done
    (100 * 39 / 49, "79,6%"),        # 79,59…: one decimal is enough, it does not land on a whole number
    (100 * 5 / 7, "71,4%"), (100 * 4 / 5, "80%"), (50.0, "50%"), (0.0, "0%"),
])
def test_a_rounded_percentage_never_lands_on_a_whole_number_the_figure_is_not(value, expected):
    """domain.md, «Exact comparisons»: compare exactly, round only to display. A whole percentage is what targets
    are written in (100%, 80%, trên 90%); a display rounded onto one that the exact figure is not would read as a
    threshold met, or missed, that is not. Such a figure keeps the decimals that tell it apart."""
    assert format_percent(value) == expected
    assert percent_decimals(value) == (len(expected) - expected.index(",") - 2 if "," in expected else 1)


@pytest.fixture(scope="module")
def plan():
    return load_plan(MINI)


def _spec(plan, kind, field):
    return plan.activity_kinds[kind].fields[field]


def test_reference_without_diacritics(plan):
    ctx = Context(plan, TODAY)
    spec = _spec(plan, "tuyen_truyen", "thon")
    assert parse_input(spec, "na cao", ctx) == ["na-cao"]
    assert parse_input(spec, "NÀ CẠO, khuon pinh", ctx) == ["na-cao", "khuon-pinh"]
    assert parse_input(spec, "na-cao,na cao", ctx) == ["na-cao"]  # no duplicates


def test_partial_name_is_a_suggestion_unless_confirmed(plan):
    """A partial name never silently becomes a member (issue 12): off a terminal it is refused with what it may
    mean; on a terminal the officer is asked, and only a «yes» records it."""
    spec = _spec(plan, "tuyen_truyen", "thon")
    with pytest.raises(ValueProblem) as exc:
        parse_input(spec, "khuôn", Context(plan, TODAY))
    assert exc.value.message == "không có thôn «khuôn»."
    assert exc.value.hint == "Có phải ý bạn là: Khuôn Pinh (khuon-pinh)? Gõ đủ tên hoặc mã."
    asked = []
    yes = Context(plan, TODAY, confirm=lambda typed, item, what: asked.append((typed, item.id, what)) or True)
    assert parse_input(spec, "khuôn", yes) == ["khuon-pinh"]
    assert asked == [("khuôn", "khuon-pinh", "thôn")]
    with pytest.raises(ValueProblem):
        parse_input(spec, "khuôn", Context(plan, TODAY, confirm=lambda *a: False))


def test_unknown_reference_suggests_closest(plan):
    spec = _spec(plan, "tuyen_truyen", "thon")
    with pytest.raises(ValueProblem) as exc:
        parse_input(spec, "na cau", Context(plan, TODAY))
    assert "không có thôn «na cau»" in exc.value.message
    assert "Nà Cạo (na-cao)" in exc.value.hint


def test_ambiguous_reference_lists_candidates(plan):
    from kehoach.plan.lookup import Named, match_named

    with pytest.raises(ValueProblem) as exc:  # a unique partial name is only a suggestion
        parse_input(_spec(plan, "kiem_tra", "co_so"), "b", Context(plan, TODAY))
    assert "Nhà nghỉ B (nha-nghi-b)" in exc.value.hint

    items = [Named("karaoke-a", "Karaoke A"), Named("karaoke-b", "Karaoke B")]
    with pytest.raises(ValueProblem) as exc:
        match_named(items, "karaoke", "cơ sở")
    assert "khớp với nhiều cơ sở" in exc.value.message
    assert "Karaoke A (karaoke-a)" in exc.value.message and "Karaoke B (karaoke-b)" in exc.value.message


def test_names_match_without_their_punctuation():
    """Typing without diacritics usually drops the commas too: «phong chong ma tuy» is the whole name
    «Phòng, chống ma túy», not a partial one; names that differ only by punctuation stay ambiguous."""
    from kehoach.plan.lookup import Named, choice_items, match_named

    items = choice_items(["Phòng, chống ma túy", "Phòng, chống mua bán người", "Tờ rơi - áp phích"])
    assert match_named(items, "phong chong ma tuy", "lựa chọn").id == "Phòng, chống ma túy"
    assert match_named(items, "to roi ap phich", "lựa chọn").id == "Tờ rơi - áp phích"
    assert match_named(items, "Phong chong mua ban nguoi.", "lựa chọn").id == "Phòng, chống mua bán người"
    with pytest.raises(ValueProblem):  # still a partial name
        match_named(items, "phong chong", "lựa chọn")
    with pytest.raises(ValueProblem) as exc:
        match_named([Named("a", "Karaoke A.B"), Named("b", "Karaoke A, B")], "karaoke a b", "cơ sở")
    assert "khớp với nhiều cơ sở" in exc.value.message


@pytest.mark.parametrize("text,value", [("45", 45), ("5.300", 5300), ("0", 0), (" 12 ", 12)])
def test_integers(plan, text, value):
    assert parse_input(_spec(plan, "tuyen_truyen", "so_nguoi"), text, Context(plan, TODAY)) == value


@pytest.mark.parametrize("text", ["-3", "4,5", "mười", "5.30"])
def test_bad_integers(plan, text):
    with pytest.raises(ValueProblem):
        parse_input(_spec(plan, "tuyen_truyen", "so_nguoi"), text, Context(plan, TODAY))


def test_choices_match_without_diacritics(plan):
    spec = _spec(plan, "tiep_nhan", "loai")
    assert parse_input(spec, "khieu nai", Context(plan, TODAY)) == "khiếu nại"
    with pytest.raises(ValueProblem) as exc:
        parse_input(spec, "to giac", Context(plan, TODAY))
    assert "tin báo" in (exc.value.hint or "")
