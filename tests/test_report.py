"""`kehoach report`: golden Markdown, the DOCX layout (Nghị định 30/2020), templates, notes, safety."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import PLAN_2023, ROOT, check_golden

GOLDEN = ROOT / "tests" / "golden"
NOTES = ROOT / "tests" / "data" / "notes"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN_2023, tmp_path / "plans" / "2023.yaml")
    shutil.copy(ROOT / "plans" / "2023.journal.jsonl", tmp_path / "plans" / "2023.journal.jsonl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("period,date", [("h1", "16/6/2023"), ("nam", "18/12/2023")])
def test_golden_markdown(cli, workdir, update_golden, period, date):
    r = cli("report", "--period", period, "--format", "md", "--date", date)
    assert r.code == 0, r.output
    out = workdir / f"bao-cao-2023-{period}.md"
    assert out.exists() and (workdir / f"bao-cao-2023-{period}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = out.read_text(encoding="utf-8")
    assert "![Biểu đồ 1. Kết quả lũy kế các chỉ tiêu" in text and f"(bao-cao-2023-{period}.png)" in text
    check_golden(GOLDEN / f"report-2023-{period}.md", text, update_golden)


def test_golden_markdown_with_notes(cli, workdir, update_golden):
    r = cli("report", "--period", "h1", "-f", "md", "--date", "16/6/2023", "--notes", NOTES / "notes-h1.yaml",
            "--no-chart", "--number", "25/BC-UBND", "-o", "bc")
    assert r.code == 0, r.output
    text = (workdir / "bc.md").read_text(encoding="utf-8")
    assert "[Cần bổ sung" not in text and "Còn" not in r.stdout
    assert "Số: 25/BC-UBND" in text and not (workdir / "bc.png").exists()
    assert "Phối hợp với Đoàn Thanh niên" in text
    check_golden(GOLDEN / "report-2023-h1-notes.md", text, update_golden)
    r = cli("report", "--period", "h1", "-f", "md", "--notes", NOTES / "notes-h1.md", "--no-chart", "-o", "bc2")
    text = (workdir / "bc2.md").read_text(encoding="utf-8")
    assert "Công an xã tăng cường tuần tra" in text and "Đề nghị UBND huyện hỗ trợ tài liệu." in text
    assert "mục «nguyen_nhan»" in text  # a section the notes leave out keeps its placeholder


def test_missing_notes_leave_visible_placeholders(cli, workdir):
    r = cli("report", "--period", "h1", "-f", "md", "--no-chart")
    text = (workdir / "bao-cao-2023-h1.md").read_text(encoding="utf-8")
    for key in ("uu_diem", "ton_tai", "nguyen_nhan", "phuong_huong", "de_xuat"):
        assert f"mục «{key}»" in text
    assert "Còn 6 chỗ «[Cần bổ sung: …]» cho cán bộ viết thêm (mục uu_diem, ton_tai, nguyen_nhan, phuong_huong, " \
           "de_xuat, kinh_phi); ghi các nhận xét vào tệp" in r.stdout  # each named: the officer knows what to write


@pytest.mark.parametrize("period,title,slug", [
    ("h2", "Kết quả thực hiện Kế hoạch phòng, chống mại dâm 6 tháng cuối năm 2023", "h2"),
    ("nam", "Kết quả thực hiện Kế hoạch phòng, chống mại dâm năm 2023", "nam"),
    ("q3", "Kết quả thực hiện Kế hoạch phòng, chống mại dâm quý III năm 2023", "q3"),
    ("m5", "Kết quả thực hiện Kế hoạch phòng, chống mại dâm tháng 5 năm 2023", "m05"),
    ("2023-05", "Kết quả thực hiện Kế hoạch phòng, chống mại dâm tháng 5 năm 2023", "m05"),
])
def test_every_period_is_titled(cli, workdir, period, title, slug):
    r = cli("report", "--period", period, "-f", "md", "--no-chart")
    assert r.code == 0, r.output
    text = (workdir / f"bao-cao-2023-{slug}.md").read_text(encoding="utf-8")
    assert f"**{title}**" in text


def test_never_overwrites_without_force_nor_plan_or_journal(cli, workdir):
    assert cli("report", "--period", "h1", "-f", "md", "--no-chart").code == 0
    first = (workdir / "bao-cao-2023-h1.md").read_bytes()
    r = cli("report", "--period", "h1", "-f", "md", "--no-chart", "--date", "1/7/2023")
    assert r.code == 1 and "tệp đã có" in r.stderr and "--force" in r.stderr
    assert (workdir / "bao-cao-2023-h1.md").read_bytes() == first
    assert cli("report", "--period", "h1", "-f", "md", "--no-chart", "--date", "1/7/2023", "--force").code == 0
    assert (workdir / "bao-cao-2023-h1.md").read_bytes() != first
    plan = workdir / "plans" / "2023.yaml"
    text = plan.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 1\njournal: nhat-ky.md")
    plan.write_text(text, encoding="utf-8")
    (workdir / "plans" / "nhat-ky.md").write_text("", encoding="utf-8")
    r = cli("report", "--period", "h1", "-f", "md", "--no-chart", "-o", "plans/nhat-ky", "--force")
    assert r.code == 1 and "không ghi đè lên tệp kế hoạch hoặc nhật ký" in r.stderr
    assert (workdir / "plans" / "nhat-ky.md").read_text() == ""
    assert not list(workdir.glob("**/.*.tmp"))  # atomic writes leave no temporary files


def test_user_template_typo_names_template_and_line(cli, workdir):
    tpl = workdir / "mau.md.j2"
    tpl.write_text("# {{ doc.summary }}\n\nKỳ: {{ period.titel }}\n", encoding="utf-8")
    r = cli("report", "--period", "h1", "-f", "md", "--template", tpl, "--no-chart")
    assert r.code == 1
    assert "mau.md.j2:3: lỗi [template-undefined]" in r.stderr and "titel" in r.stderr
    assert not (workdir / "bao-cao-2023-h1.md").exists()
    tpl.write_text("{% for x in indicators %}{{ x.__class__.__mro__ }}{% endfor %}", encoding="utf-8")
    r = cli("report", "--period", "h1", "-f", "md", "--template", tpl, "--no-chart")
    assert r.code == 1 and "template-" in r.stderr  # the sandbox refuses
    tpl.write_text("{% for x in indicators %}\n{{ x.id }}\n", encoding="utf-8")
    r = cli("report", "--period", "h1", "-f", "md", "--template", tpl, "--no-chart")
    assert r.code == 1 and "template-syntax" in r.stderr
    tpl.write_text("{{ doc.summary }} — {{ indicators | length }} chỉ tiêu\n", encoding="utf-8")
    r = cli("report", "--period", "h1", "-f", "md", "--template", tpl, "--no-chart")
    assert r.code == 0
    assert (workdir / "bao-cao-2023-h1.md").read_text(encoding="utf-8") == \
        "Kết quả thực hiện Kế hoạch phòng, chống mại dâm 6 tháng đầu năm 2023 — 10 chỉ tiêu\n"


def test_bad_notes_are_located(cli, workdir):
    notes = workdir / "ghi-chu.yaml"
    notes.write_text("uu_diem: tốt\nton_tia: x\n", encoding="utf-8")
    r = cli("report", "--period", "h1", "-f", "md", "--notes", notes, "--no-chart")
    assert r.code == 1 and "ghi-chu.yaml:2:1: lỗi [unknown-key]" in r.stderr and "ton_tai" in r.stderr


# ---------------------------------------------------------------- DOCX layout

@pytest.fixture
def docx_report(cli, workdir):
    r = cli("report", "--period", "h1", "-f", "docx", "--date", "5/1/2024", "--number", "07/BC-UBND")
    assert r.code == 0, r.output
    path = workdir / "bao-cao-2023-h1.docx"
    assert not (workdir / "bao-cao-2023-h1.png").exists()  # docx only: the chart is embedded, not left beside
    return path


def test_docx_page_and_fonts(docx_report):
    from docx import Document
    from docx.shared import Mm

    doc = Document(str(docx_report))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert 20 <= round(sec.top_margin.mm) <= 25 and 20 <= round(sec.bottom_margin.mm) <= 25
    assert 30 <= round(sec.left_margin.mm) <= 35 and 15 <= round(sec.right_margin.mm) <= 20
    assert sec.different_first_page_header_footer  # no page number on page 1
    header_xml = sec.header._element.xml
    assert 'w:instr="PAGE"' in header_xml
    assert sec.header.paragraphs[0].alignment == 1  # centred
    fonts = {s.font.name for s in doc.styles if s.type == 1 and s.name.startswith("KH")} | {doc.styles["Normal"].font.name}
    assert fonts == {"Times New Roman"}
    body = doc.styles["KH Nội dung"]
    assert body.paragraph_format.alignment == 3  # justified
    assert 1.0 <= body.paragraph_format.first_line_indent.cm <= 1.27
    assert body.paragraph_format.space_after.pt >= 6
    assert body.font.size.pt in (13, 14)
    del Mm


def _cell_texts(cell):
    return [p.text for p in cell.paragraphs if p.text.strip()]


def test_docx_header_title_and_signer(docx_report):
    from docx import Document

    doc = Document(str(docx_report))
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert _cell_texts(left) == ["UBND HUYỆN CAO LỘC", "ỦY BAN NHÂN DÂN XÃ HỒNG PHONG", "Số: 07/BC-UBND"]
    assert _cell_texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                  "Hồng Phong, ngày 05 tháng 01 năm 2024"]
    assert "w:val=\"nil\"" in header._tbl.xml  # borderless
    issuer = [p for p in left.paragraphs if p.text.startswith("ỦY BAN")][0]
    assert issuer.runs[0].bold
    date_p = [p for p in right.paragraphs if p.text.startswith("Hồng Phong")][0]
    assert date_p.style.font.italic
    motto = [p for p in right.paragraphs if p.text.startswith("Độc lập")][0]
    assert motto.style.font.bold and motto.style.font.size.pt in (13, 14)
    lines = [p for c in (left, right) for p in c.paragraphs if "w:pBdr" in p._p.xml]
    assert len(lines) == 2  # the short line under the issuer, the line under the motto
    texts = [p.text for p in doc.paragraphs]
    assert "Kính gửi: UBND huyện Cao Lộc" in texts
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "Kết quả thực hiện Kế hoạch phòng, chống mại dâm 6 tháng đầu năm 2023"
    assert doc.paragraphs[i].style.font.bold and doc.paragraphs[i].alignment in (None, 1) \
        and doc.paragraphs[i].style.paragraph_format.alignment == 1
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
                    "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in texts
    assert not any("{%" in t or "{{" in t for t in texts)  # every tag rendered
    footer = doc.tables[1]
    left, right = footer.rows[0].cells
    assert _cell_texts(left)[0] == "Nơi nhận:" and _cell_texts(left)[-1] == "- Lưu: VT, VHXH."  # the drafting unit from the plan
    assert all(t.startswith("- ") and t.endswith(";") for t in _cell_texts(left)[1:-1])
    assert _cell_texts(right) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Mẫn"]
    assert left.paragraphs[0].style.font.bold and left.paragraphs[0].style.font.italic


def test_docx_indicator_table_and_chart(docx_report):
    from docx import Document

    doc = Document(str(docx_report))
    annex = doc.tables[2]
    rows = [[c.text for c in r.cells] for r in annex.rows]
    assert rows[0] == ["Mã", "Chỉ tiêu", "Chỉ tiêu giao", "Lũy kế từ đầu năm", "Trong kỳ", "Đánh giá"]
    assert [r[0] for r in rows[1:]] == ["1.1.a", "1.1.b", "1.1.c", "2.1.a", "3.1.a", "3.1.b-1", "3.1.b-2", "4.1.a",
                                        "4.1.b", "5.1.a"]
    # h1 to 14/06: no calendar quarter of the plan year has ended yet; Thôn 3 and Thôn 6 not reached; the period
    # begins before the plan year (01/03/2023), so «trong kỳ» is the year to date
    assert rows[1][2:] == ["≥ 100%", "5/7 thôn · 71,4%", "5/7 thôn · 71,4%", "chậm tiến độ"]
    assert len(doc.inline_shapes) == 1  # the chart
    with zipfile.ZipFile(docx_report) as z:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())


def test_no_chart_option(cli, workdir):
    from docx import Document

    assert cli("report", "--period", "h1", "-f", "docx", "--no-chart").code == 0
    assert len(Document(str(workdir / "bao-cao-2023-h1.docx")).inline_shapes) == 0


def test_libreoffice_converts_the_docx(docx_report, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed on this machine")
    out = tmp_path / "pdf"
    proc = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx_report)],
                          capture_output=True, text=True, timeout=180)
    pdf = out / "bao-cao-2023-h1.pdf"
    assert proc.returncode == 0 and pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-", proc.stderr


def test_user_docx_template_with_typo(cli, workdir):
    from docx import Document

    d = Document()
    d.add_paragraph("{{ doc.sumary }}")
    tpl = workdir / "mau.docx"
    d.save(str(tpl))
    r = cli("report", "--period", "h1", "-f", "docx", "--template", tpl)
    assert r.code == 1 and "mau.docx" in r.stderr and "sumary" in r.stderr
    (workdir / "khong-phai.docx").write_text("không phải docx")
    r = cli("report", "--period", "h1", "-f", "docx", "--template", workdir / "khong-phai.docx")
    assert r.code == 1 and "template-not-docx" in r.stderr


def test_status_and_log_do_not_load_report_libraries(tmp_path):
    shutil.copy(PLAN_2023, tmp_path / "2023.yaml")
    for args in (["status", "--period", "h1"], ["log", "dang_tin", "kenh=bang tin xa", "tieu_de=x", "--date", "1/5/2023"],
                 ["check"], ["activities", "--json"]):
        code = (
            "import sys\n"
            "from kehoach.cli.app import run\n"
            f"rc = run({args + ['--plan', str(tmp_path / '2023.yaml')]!r})\n"
            "heavy = [m for m in ('jinja2', 'docxtpl', 'docx', 'matplotlib') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy), rc)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip().splitlines()[-1] == "HEAVY= 0", (args, out.stdout[-200:])


@pytest.mark.parametrize("script,name", [("build_docx_template.py", "report.docx"),
                                         ("build_rollup_docx_template.py", "rollup.docx")])
def test_committed_docx_template_is_what_the_script_builds(tmp_path, script, name):
    out = tmp_path / name
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / script), str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    committed = ROOT / "src" / "kehoach" / "templates" / name
    with zipfile.ZipFile(out) as fresh, zipfile.ZipFile(committed) as kept:
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"):
            if part in fresh.namelist() or part in kept.namelist():
                assert fresh.read(part) == kept.read(part), \
                    f"{part} differs: run `python scripts/{script}` and commit the template"


def test_docx_properties_describe_the_report_not_its_template(docx_report):
    """File › Info in Word: the report's title, subject and issuer, dated the day of the report (--date 5/1/2024),
    not the template's description or the 2013 creation date of the empty document it was built from."""
    from datetime import datetime

    from docx import Document

    props = Document(str(docx_report)).core_properties
    assert props.title == "Báo cáo kết quả thực hiện kế hoạch phòng, chống mại dâm 6 tháng đầu năm 2023"
    assert props.subject == "Kế hoạch phòng, chống mại dâm"
    assert props.author == "UBND xã Hồng Phong"
    assert props.comments == "" and "Mẫu" not in (props.comments or "")
    assert props.created.date() == datetime(2024, 1, 5).date() and props.language == "vi-VN"
