"""Excel outputs read back with openpyxl: numbers numeric, Vietnamese intact, formats, frozen header, print set-up;
and CSV for Vietnamese Excel (`;`)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import PLAN_2023

openpyxl = pytest.importorskip("openpyxl")

INT_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"


@pytest.fixture
def sample(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(PLAN_2023, plans / "2023.yaml")
    shutil.copy(PLAN_2023.with_name("2023.journal.jsonl"), plans / "2023.journal.jsonl")
    return plans / "2023.yaml"


def check_sheet(ws, header: str) -> int:
    """The form's layout; returns the header row."""
    assert ws["A2"].value  # the issuing body
    assert ws.freeze_panes == "A9"
    assert ws.print_title_rows == "$8:$8"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.cell(row=8, column=1).value == header
    assert all(ws.cell(row=r, column=c).font.name == "Times New Roman"
               for r in range(1, min(ws.max_row, 12) + 1) for c in range(1, ws.max_column + 1)
               if ws.cell(row=r, column=c).value is not None)
    assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, ws.max_column + 1))
    return 8


def test_report_xlsx(sample, cli, tmp_path):
    out = tmp_path / "bc"
    r = cli("report", "--plan", sample, "--period", "h1", "--as-of", "14/06/2023", "-f", "xlsx", "-o", out)
    assert r.code == 0, r.output
    assert not (tmp_path / "bc.png").exists()
    wb = openpyxl.load_workbook(tmp_path / "bc.xlsx")
    assert wb.sheetnames == ["Chỉ tiêu", "Hoạt động", "Đơn vị"]
    ws = wb["Chỉ tiêu"]
    check_sheet(ws, "Mã")
    assert ws["A2"].value == "ỦY BAN NHÂN DÂN XÃ HỒNG PHONG"
    assert "6 THÁNG ĐẦU NĂM 2023" in ws["A4"].value
    assert "14/06/2023" in ws["A6"].value
    # the period as the letter gives it: the plan counts from 01/03/2023, not from the period's 15/12/2022
    assert ws["A5"].value.startswith("Kỳ báo cáo: 6 tháng đầu năm 2023 (từ ngày 01/03/2023 (ngày kế hoạch có hiệu "
                                     "lực) đến hết ngày 14/06/2023)")
    rows = {ws.cell(row=r, column=1).value: [c for c in ws[r]] for r in range(9, ws.max_row + 1)}
    row = rows["1.1.a"]  # 5/7 villages, 71,4%, chậm tiến độ
    assert row[1].value == "Thôn được tuyên truyền, duy trì mỗi quý"
    assert (row[3].value, row[4].value) == (5, 7) and row[3].data_type == "n"
    assert row[3].number_format == INT_FORMAT
    assert row[5].value == pytest.approx(5 / 7) and row[5].number_format == "0.0%"
    assert row[10].value == "chậm tiến độ"
    acts = wb["Hoạt động"]
    check_sheet(acts, "Mã")
    first = acts.cell(row=9, column=2)
    assert isinstance(first.value, dt.datetime) and first.number_format == "dd/mm/yyyy"
    assert first.value.date() >= dt.date(2023, 3, 1)
    numeric = [c for r in acts.iter_rows(min_row=9) for c in r if isinstance(c.value, int)]
    assert numeric and all(c.number_format == INT_FORMAT for c in numeric)
    units = wb["Đơn vị"]
    check_sheet(units, "Đơn vị")
    assert isinstance(units.cell(row=9, column=2).value, int)


def test_activities_xlsx(sample, cli, tmp_path):
    out = tmp_path / "hd.xlsx"
    r = cli("activities", "--plan", sample, "--period", "nam", "--xlsx", out)
    assert r.code == 0, r.output
    ws = openpyxl.load_workbook(out)["Hoạt động"]
    check_sheet(ws, "Mã")
    heads = [c.value for c in ws[8]]
    assert "Số người tham dự" in heads
    col = heads.index("Số người tham dự")
    values = [r[col].value for r in ws.iter_rows(min_row=9) if r[col].value is not None]
    assert values and all(isinstance(v, int) for v in values)
    assert any("Thôn" in str(c.value) for r in ws.iter_rows(min_row=9) for c in r)
    assert cli("activities", "--plan", sample, "--xlsx", out).code == 1  # exists: --force
    assert cli("activities", "--plan", sample, "--xlsx", out, "--force").code == 0


def test_csv_with_semicolons_for_vietnamese_excel(sample, cli):
    comma = cli("activities", "--plan", sample, "--period", "h1", "--csv").stdout
    semi = cli("activities", "--plan", sample, "--period", "h1", "--sep", ";")
    assert semi.code == 0
    head = semi.stdout.lstrip("\ufeff").splitlines()[0]
    assert head.startswith("Mã;Ngày;Loại hoạt động;Đơn vị;Nội dung;")
    import csv
    import io

    a = list(csv.reader(io.StringIO(comma.lstrip("\ufeff"))))
    b = list(csv.reader(io.StringIO(semi.stdout.lstrip("\ufeff")), delimiter=";"))
    assert a == b
    assert cli("activities", "--plan", sample, "--sep", "|").code == 2


def test_csv_keeps_the_bom(sample):
    from kehoach.cli.app import run
    from typer.testing import CliRunner

    runner = CliRunner()
    with runner.isolation(env={"NO_COLOR": "1"}) as streams:
        run(["activities", "--plan", str(sample), "--sep", ";"])
        raw = streams[0].getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")


def test_rollup_xlsx(sample, cli, tmp_path):
    out = tmp_path / "th.xlsx"
    r = cli("rollup", sample, "--period", "h1", "--as-of", "14/06/2023", "-f", "xlsx", "-o", out)
    assert r.code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Theo xã", "Chưa tổng hợp được"]
    ws = wb["Tổng hợp"]
    check_sheet(ws, "Mã")
    row = next(r for r in ws.iter_rows(min_row=9) if r[0].value == "1.1.a")
    assert (row[3].value, row[4].value) == (1, 0)  # one commune counted, none met
    assert row[6].value == 5 and row[7].value == 7 and row[8].number_format == "0.0%"
    by = wb["Theo xã"]
    assert by.cell(row=9, column=1).value == "UBND xã Hồng Phong"


def test_report_does_not_load_openpyxl_unless_asked():
    import subprocess
    import sys

    code = ("import sys\nfrom kehoach.cli.app import run\n"
            "run(['status','--plan',sys.argv[1],'--period','h1','--json'])\n"
            "assert 'openpyxl' not in sys.modules\nprint('CHECKED')\n")
    proc = subprocess.run([sys.executable, "-c", code, str(PLAN_2023)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "CHECKED" in proc.stdout


def test_typed_text_is_never_a_formula_in_excel(sample, cli, tmp_path):
    r = cli("log", "dang_tin", "kenh=Bảng tin xã", "tieu_de=Tin mới", "--date", "2/5/2023", "--note", "=1+1",
            "--plan", sample)
    assert r.code == 0, r.output
    out = tmp_path / "hd.xlsx"
    assert cli("activities", "--plan", sample, "--xlsx", out).code == 0
    ws = openpyxl.load_workbook(out)["Hoạt động"]
    cells = [c for row in ws.iter_rows(min_row=9) for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_ratio_just_short_of_its_target_keeps_the_decimals_that_tell_it_apart_in_excel(sample, cli, tmp_path):
    """1.999 of 2.000 violations handled is 99,95%: with one decimal Excel would show «100,0%» beside «chưa đạt»
    (domain.md: compare exactly, round only to show — and never show a threshold reached that is not)."""
    r = cli("log", "--plan", sample, "kiem_tra", "co_so=karaoke a", "so_vi_pham=2000", "so_vu_xu_ly=1999",
            "--date", "10/5/2023")
    assert r.code == 0, r.output
    out = tmp_path / "bc"
    r = cli("report", "--plan", sample, "--period", "nam", "-f", "xlsx", "-o", out)
    assert r.code == 0, r.output
    ws = openpyxl.load_workbook(tmp_path / "bc.xlsx")["Chỉ tiêu"]
    rows = {ws.cell(row=r, column=1).value: [c for c in ws[r]] for r in range(9, ws.max_row + 1)}
    row = rows["3.1.b-1"]
    assert (row[3].value, row[4].value) == (1999, 2000)
    assert row[5].value == pytest.approx(0.9995) and row[5].number_format == "0.00%"
    assert row[10].value == "chưa đạt"
    assert rows["1.1.a"][5].number_format == "0.0%"  # a ratio that rounds to no whole percent keeps one decimal
