"""`kehoach todo`: what is left, unit by unit — worked from the sample journal and the rules, not from the output."""

from __future__ import annotations

import json




def test_cases_come_first_overdue_before_due_with_days_counted(cli, sample):
    # on 10/12/2023: the tin báo of 01/11 (20 days, due 21/11) is 19 days overdue; the tố giác of 05/12 has 15 left
    r = cli("todo", "--period", "h2", "--as-of", "10/12/2023", "--unit", "cong an xa")
    assert r.code == 0, r.output
    lines = [line for line in r.stdout.splitlines() if line.startswith("- ")]
    assert lines[0] == "- Xử lý ngay tin báo tiếp nhận ngày 01/11/2023 (HD0031): đã quá hạn 19 ngày."
    assert lines[1] == "- Xử lý tố giác tiếp nhận ngày 05/12/2023 (HD0032): còn 15 ngày, hạn 25/12/2023."
    assert "## Công an xã" in r.stdout and "## Công chức văn hoá xã hội" not in r.stdout
    # the annual report: cut-off 14/12/2023, + 3 days = Sunday 17/12 → Monday 18/12
    assert "hạn gửi 18/12/2023 tới UBND huyện Cao Lộc" in r.stdout


def test_gaps_are_listed_for_every_unit_that_owns_the_indicator(cli, sample):
    r = cli("todo", "--period", "q3", "--as-of", "31/12/2023")
    assert r.code == 0, r.output
    # 1.1.a belongs to Văn hoá - Xã hội and Tư pháp: both see what can still be done on 14/9 — Thôn 3, never reached,
    # and Thôn 5, with nothing yet in quý III (1/7–30/9); quý II, already missed by Thôn 5 and 6, is not a task
    sections = r.stdout.split("## ")
    for unit in ("Công chức văn hoá xã hội", "Công chức Tư pháp"):
        section = next(s for s in sections if s.startswith(unit))
        assert "chưa tuyên truyền: Thôn 3." in section
        assert "trong quý III năm 2023, đến hết ngày 30/09/2023, chưa có hoạt động: Thôn 5." in section
    # August is past and cannot be made up; September is running with no post yet
    assert "tháng 8 năm 2023" not in r.stdout
    assert "trong tháng 9 năm 2023, đến hết ngày 30/09/2023, chưa có hoạt động." in r.stdout


def test_json_shape(cli, sample):
    r = cli("todo", "--period", "h2", "--as-of", "10/12/2023", "--json")
    data = json.loads(r.stdout)
    assert data["next_report"]["due"] == "2023-12-18" and data["plan_year"]["start"] == "2023-03-01"
    police = next(u for u in data["units"] if u["id"] == "ca")
    assert [i["days_left"] for i in police["items"] if i["kind"] == "case"] == [-19, 15]
    assert all(set(i) >= {"kind", "text", "indicator", "status", "names"} for u in data["units"] for i in u["items"])


def test_on_the_plans_first_day_everything_is_still_to_do(cli, sample):
    """Nothing done is not «no data»: on 01/03/2023, with an empty journal, every village is still to reach."""
    (sample / "plans" / "2023.journal.jsonl").write_text("", encoding="utf-8")
    r = cli("todo", "--period", "h1", "--as-of", "1/3/2023")
    assert r.code == 0, r.output
    assert "chưa tuyên truyền: Thôn 1, Thôn 2, Thôn 3, Thôn 4, Thôn 5, Thôn 6, Thôn 7." in r.stdout
    assert "Báo cáo kỳ tới: 6 tháng đầu năm 2023 (chốt số liệu 14/06/2023), hạn gửi 19/06/2023" in r.stdout
