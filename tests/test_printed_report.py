"""The DOCX as the clerk sees it: converted to PDF by LibreOffice, turned into page images, looked at page by page.
Also the Word-safety of the styles a clerk may apply, and the highlighted placeholders.

The conversion needs LibreOffice Writer and pdftoppm (Debian: libreoffice-writer-nogui, poppler-utils; `.ci/run`
installs them); elsewhere those tests skip, saying why."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
needs_office = pytest.mark.skipif(not (SOFFICE and PDFTOPPM),
                                  reason="LibreOffice (soffice) and pdftoppm are not installed on this machine")


def _docx(cli, period: str):
    r = cli("report", "--period", period, "-f", "docx", "--date", "19/6/2023" if period == "h1" else "18/12/2023")
    assert r.code == 0, r.output
    return f"bao-cao-2023-{period}.docx"


def _pages(pdf, out) -> list:
    from PIL import Image

    subprocess.run([PDFTOPPM, "-png", "-r", "40", str(pdf), str(out / "trang")], check=True, timeout=120)
    return [Image.open(p).convert("L") for p in sorted(out.glob("trang-*.png"), key=lambda p: int(p.stem.split("-")[1]))]


def _fill(page) -> float:
    """How far down the page its content reaches (0–1)."""
    from PIL import Image

    box = Image.eval(page, lambda v: 255 if v < 200 else 0).getbbox()
    return 0.0 if box is None else box[3] / page.size[1]


def _page_text(pdf, n: int) -> str:
    pdftotext = shutil.which("pdftotext")
    return subprocess.run([pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                          timeout=60).stdout


@needs_office
@pytest.mark.parametrize("period", ["h1", "nam"])
def test_printed_pages_are_full_but_where_a_part_ends(cli, sample, period, tmp_path):
    """No page is more than half empty, except the last page of the letter (before the annex, which starts a page
    of its own as Nghị định 30 has it) and the last page of the annex."""
    name = _docx(cli, period)
    proc = subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), name],
                          capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "pdf" / name.replace(".docx", ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    out = tmp_path / "png"
    out.mkdir()
    pages = _pages(pdf, out)
    assert 4 <= len(pages) <= 9, len(pages)
    annex = next(n for n in range(1, len(pages) + 1)
                 if any(line.strip() == "Phụ lục" for line in _page_text(pdf, n).splitlines()))
    assert "Nơi nhận" in _page_text(pdf, annex - 1)  # the letter ends, signed, before the annex
    allowed = {annex - 1, len(pages)}
    half_empty = [n for n, page in enumerate(pages, 1) if _fill(page) < 0.5 and n not in allowed]
    assert not half_empty, [(n, round(_fill(pages[n - 1]), 2)) for n in half_empty]
    text = "".join(_page_text(pdf, n) for n in range(1, len(pages) + 1))
    # (justified text comes out of the PDF with spaces inside words: compare without white space)
    body = "".join("".join(_page_text(pdf, n) for n in range(1, annex)).split())
    assert "PhụlụckèmtheoBáocáonày(bảngvàBiểuđồ1)" in body  # the letter refers to its annex and chart
    assert "Biểuđồ1.Kếtquảlũykế" in "".join(text.split())  # the caption under the chart


def test_every_style_a_clerk_may_apply_is_times_new_roman_and_black(cli, sample):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(_docx(cli, "h1"))
    wrong = []
    for style in doc.styles:
        rpr = style.element.rPr
        if rpr is None:
            continue
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None and (fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:ascii")) not in (None, "Times New Roman")):
            wrong.append((style.name, "font"))
        color = rpr.find(qn("w:color"))
        if color is not None and (color.get(qn("w:themeColor")) or color.get(qn("w:val")) not in ("000000", "auto")):
            wrong.append((style.name, "colour"))
    assert not wrong, wrong
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        assert doc.styles[name].font.name == "Times New Roman"
    # as a clerk edits it: apply «Heading 1», add a paragraph; they stay in the layout's face and colour
    p = doc.add_paragraph("Mục bổ sung", style="Heading 1")
    q = doc.add_paragraph("Đoạn văn thêm.")
    for par in (p, q):
        assert par.style.font.name == "Times New Roman" or par.style.base_style.font.name == "Times New Roman"


def test_placeholders_are_highlighted_and_the_recipient_follows_the_summary(cli, sample):
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    doc = Document(_docx(cli, "h1"))
    marked = [run for par in doc.paragraphs for run in par.runs if "[Cần bổ sung" in run.text]
    assert len(marked) == 6 and all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in marked)  # ưu điểm, tồn tại, nguyên nhân, phương hướng, đề xuất, kinh phí
    texts = [par.text for par in doc.paragraphs if par.text.strip()]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1].startswith("Kết quả thực hiện") and texts[title + 2].startswith("Kính gửi:")
    annex = texts.index("Phụ lục")
    assert texts[annex + 1].startswith("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")


@needs_office
@pytest.mark.parametrize("name", ["ha-noi-2026", "binh-thuan-2017", "can-tho-bcd138-2021"])
def test_every_issuers_report_converts_cleanly(cli, tmp_path, monkeypatch, name):
    """A city's, a province's and a steering committee's report convert to PDF with their Vietnamese intact."""
    import yaml

    plans = ROOT / "tests" / "data" / "plans"
    spec = yaml.safe_load((plans / "expected.yaml").read_text(encoding="utf-8"))[name]
    monkeypatch.chdir(tmp_path)
    r = cli("report", "--plan", plans / f"{name}.yaml", "--period", spec["period"], "--as-of", spec["as_of"],
            "-f", "docx", "-o", "bc")
    assert r.code == 0, r.output
    proc = subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), "bc.docx"],
                          capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "bc.pdf"
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    text = "".join(_page_text(pdf, n) for n in range(1, 4))
    issuer = yaml.safe_load((plans / f"{name}.yaml").read_text(encoding="utf-8"))["meta"]["issuer"].upper()
    words = text.split()
    assert all(w in words for w in issuer.split())  # a long name wraps in its header column, as official ones do
    assert "BÁOCÁO" in "".join(text.split()) and "Phụlục" in "".join(text.split())
