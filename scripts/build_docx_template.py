"""Build src/kehoach/templates/report.docx: the DOCX report template (docxtpl: Jinja tags inside Word).

Run from the repository root after changing the layout: `python scripts/build_docx_template.py`.
The result can be opened and restyled in Word: every paragraph uses a named style (KH Nội dung,
KH Tiêu đề 1, KH Tiêu đề 2, …), so changing a style changes the whole report.

Layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 portrait; margins top 20, bottom 20, left 30, right 15 mm;
Times New Roman; page numbers centred at the top from page 2; two-column borderless header; body justified,
first-line indent 1.27 cm, 6 pt after each paragraph, line spacing 1.15.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "kehoach" / "templates" / "report.docx"
FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15
# The header is wider than the text block, reaching 8 mm into the left margin (as official templates do), so that
# «ỦY BAN NHÂN DÂN XÃ …» and «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» each fit on one line at 12 pt.
HEADER_OUTDENT_MM = 8
LEFT_COL_MM, RIGHT_COL_MM = 82, TEXT_WIDTH_MM + HEADER_OUTDENT_MM - 82


def set_font(style_or_run, size: float | None = None, bold=None, italic=None) -> None:
    font = style_or_run.font
    font.name = FONT
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    font.color.rgb = None
    _order_rpr(rpr)


BUILTIN_SIZES = {"Heading 1": (14, True, False), "Heading 2": (14, True, False), "Heading 3": (14, True, True),
                 "Heading 4": (14, False, True), "Title": (14, True, False), "Subtitle": (14, False, True),
                 "Caption": (13, False, True), "Quote": (14, False, True), "Intense Quote": (14, True, True)}


def word_safe_styles(doc) -> None:
    """Every style Word offers (Normal, Heading 1–9, Title, Caption, lists, tables …) in Times New Roman, black:
    no theme font (Calibri/Cambria) and no theme colour, so a clerk who applies «Heading 1» stays in layout."""
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _force_font(rpr)
    for st in doc.styles:
        if st.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            continue
        _force_font(st.element.get_or_add_rPr())
        if st.name in BUILTIN_SIZES:
            size, bold, italic = BUILTIN_SIZES[st.name]
            st.font.size, st.font.bold, st.font.italic = Pt(size), bold, italic
        if st.type == WD_STYLE_TYPE.PARAGRAPH and st.name.startswith(("Heading", "Title", "Subtitle")):
            pf = st.paragraph_format
            pf.space_before, pf.space_after = Pt(6), Pt(6)
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if st.name.startswith(("Title", "Subtitle")) else \
                WD_ALIGN_PARAGRAPH.JUSTIFY
            ppr = st.element.get_or_add_pPr()
            for bdr in ppr.findall(qn("w:pBdr")):  # Title's blue bottom border
                ppr.remove(bdr)


def _force_font(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    color = rpr.find(qn("w:color"))
    if color is None:
        color = OxmlElement("w:color")
        rpr.append(color)
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        if color.get(qn(attr)) is not None:
            del color.attrib[qn(attr)]
    color.set(qn("w:val"), "000000")
    _order_rpr(rpr)


RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
             "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
             "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
             "em", "lang", "eastAsianLayout", "specVanish", "oMath"]


def _order_rpr(rpr) -> None:
    rank = {qn(f"w:{n}"): i for i, n in enumerate(RPR_ORDER)}
    children = list(rpr)
    for child in children:
        rpr.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        rpr.append(child)


def para_style(doc, name: str, size: float, align, bold=False, italic=False, indent_cm: float = 0.0,
               after_pt: float = 6, spacing: float = 1.15, upper=False):
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    set_font(st, size, bold, italic)
    if upper:
        st.font.all_caps = False  # text is written upper case itself; all_caps would hide diacritics issues
    pf = st.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Cm(indent_cm) if indent_cm else None
    pf.space_before = Pt(0)
    pf.space_after = Pt(after_pt)
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = spacing
    pf.widow_control = True
    return st


def bottom_line(paragraph, line_mm: float, box_mm: float) -> None:
    """A solid line of `line_mm`, centred in a box `box_mm` wide: a bottom border with side indents."""
    pf = paragraph.paragraph_format
    side = max(0.0, (box_mm - line_mm) / 2)
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.first_line_indent = Mm(0)
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    ppr.append(bdr)


def line_paragraph(container, style, line_mm: float, box_mm: float):
    p = container.add_paragraph(style=style)
    p.paragraph_format.space_after = Pt(6)
    bottom_line(p, line_mm, box_mm)
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "4")
    rpr.append(sz)
    p._p.get_or_add_pPr().append(rpr)
    return p


def add(container, text: str, style, size=None, bold=None, italic=None):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if size is not None or bold is not None or italic is not None:
            set_font(run, size, bold, italic)
    return p


def tag(container, text: str, style="KH Nội dung"):
    """A paragraph holding only a docxtpl paragraph tag ({%p …%}), removed when rendered."""
    return add(container, text, style)


def loop(container, items: str, text: str, style="KH Nội dung", var: str = "para") -> None:
    """A paragraph repeated for each item: {%p for var in items %} / text / {%p endfor %}."""
    tag(container, f"{{%p for {var} in {items} %}}", style)
    add(container, text, style)
    tag(container, "{%p endfor %}", style)


def page_number_header(section) -> None:
    section.different_first_page_header_footer = True  # no number on page 1
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    rpr.append(fonts)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "28")  # 14 pt
    rpr.append(sz)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    run.append(t)
    fld.append(run)
    p._p.append(fld)


def no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def set_widths(table, widths_mm, cell_margin_mm: float | None = None) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid, table width, cell widths)."""
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/>
    tbl = table._tbl
    tblpr = tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths_mm) / 25.4 * 1440)))
    if cell_margin_mm is not None:
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(int(cell_margin_mm / 25.4 * 1440)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tblpr.append(mar)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w / 25.4 * 1440)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]


def order_tblpr(table) -> None:
    """Put the table properties in the order the schema requires (Word rejects, LibreOffice ignores, others)."""
    tblpr = table._tbl.tblPr
    children = list(tblpr)
    rank = {qn(f"w:{n}"): i for i, n in enumerate(TBLPR_ORDER)}
    for child in children:
        tblpr.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        tblpr.append(child)


PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]


def order_ppr(element) -> None:
    """Paragraph properties in schema order (Word refuses a pBdr after spacing/ind)."""
    rank = {qn(f"w:{n}"): i for i, n in enumerate(PPR_ORDER)}
    for ppr in element.iter(qn("w:pPr")):
        children = list(ppr)
        for child in children:
            ppr.remove(child)
        for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
            ppr.append(child)


def first_paragraph(cell, style):
    p = cell.paragraphs[0]
    p.style = style
    return p


def new_document() -> Document:
    """An empty A4 document in the Nghị định 30 layout: margins, page numbers from page 2, Word's built-in styles
    made safe, and every «KH …» style. Shared by the commune report and the province's roll-up."""
    doc = Document()
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    word_safe_styles(doc)

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance = Mm(10)
    page_number_header(sec)

    C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
    para_style(doc, "KH Đầu văn bản", 12, C, after_pt=0, spacing=1.0)
    para_style(doc, "KH Số", 13, C, after_pt=0, spacing=1.0)
    para_style(doc, "KH Quốc hiệu", 12, C, bold=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Tiêu ngữ", 14, C, bold=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Địa danh", 14, C, italic=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Kính gửi", 14, C, after_pt=6, spacing=1.0)
    para_style(doc, "KH Tên loại", 14, C, bold=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Trích yếu", 14, C, bold=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Nội dung", 14, J, indent_cm=1.27)
    para_style(doc, "KH Tiêu đề 1", 14, J, bold=True, indent_cm=1.27)
    para_style(doc, "KH Tiêu đề 2", 14, J, bold=True, indent_cm=1.27)
    para_style(doc, "KH Hình", 14, C, after_pt=0, spacing=1.0).paragraph_format.keep_with_next = True
    para_style(doc, "KH Chú thích", 13, C, italic=True, after_pt=6, spacing=1.0)
    para_style(doc, "KH Bảng", 12, L, after_pt=0, spacing=1.0)
    para_style(doc, "KH Bảng đầu", 12, C, bold=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Nơi nhận", 12, L, bold=True, italic=True, after_pt=0, spacing=1.0)
    para_style(doc, "KH Nơi nhận dòng", 11, L, after_pt=0, spacing=1.0)
    para_style(doc, "KH Chữ ký", 14, C, bold=True, after_pt=0, spacing=1.0)
    return doc


def header(doc, parent_body: bool = True) -> None:
    """The two borderless header columns: [parent body,] issuer with its line, number | national title, motto
    with its line, place and date."""
    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    set_widths(t, [LEFT_COL_MM, RIGHT_COL_MM], cell_margin_mm=0)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(-HEADER_OUTDENT_MM / 25.4 * 1440)))
    ind.set(qn("w:type"), "dxa")
    t._tbl.tblPr.append(ind)
    left, right = t.rows[0].cells
    if parent_body:
        # a parent body only where there is one (a province's UBND or a ministry has none above it in the header)
        first_paragraph(left, "KH Đầu văn bản").add_run("{%p if doc.parent_body %}")
        add(left, "{{ doc.parent_body }}", "KH Đầu văn bản")
        add(left, "{%p endif %}", "KH Đầu văn bản")
        add(left, "{{ doc.issuer }}", "KH Đầu văn bản", bold=True)
    else:
        first_paragraph(left, "KH Đầu văn bản").add_run("{{ doc.issuer }}").bold = True
    line_paragraph(left, "KH Đầu văn bản", 30, LEFT_COL_MM)  # 1/3–1/2 of the issuer's name
    add(left, "Số: {{ doc.number }}", "KH Số")
    first_paragraph(right, "KH Quốc hiệu").add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    add(right, "Độc lập - Tự do - Hạnh phúc", "KH Tiêu ngữ")
    line_paragraph(right, "KH Tiêu ngữ", 57, RIGHT_COL_MM)  # as long as the motto at 14 pt bold
    add(right, "{{ doc.date_line }}", "KH Địa danh")


def build() -> Document:
    doc = new_document()
    header(doc)

    add(doc, "", "KH Kính gửi")
    add(doc, "BÁO CÁO", "KH Tên loại")
    add(doc, "{{ doc.summary }}", "KH Trích yếu")
    line_paragraph(doc, "KH Trích yếu", 60, TEXT_WIDTH_MM)  # 1/3–1/2 of a one-line summary (about 150 mm)
    # a report sent upward names its recipient under the summary, before the body (as a tờ trình does)
    add(doc, "Kính gửi: {{ doc.recipient }}", "KH Kính gửi")

    B, H1, H2 = "KH Nội dung", "KH Tiêu đề 1", "KH Tiêu đề 2"
    add(doc, "{{ doc.opening }}", B)
    add(doc, "I. KẾT QUẢ THỰC HIỆN", H1)
    add(doc, "Kỳ báo cáo: {{ period.title }}, {{ period.span }}; "
             "số liệu tính đến ngày {{ as_of }}. Kết quả các chỉ tiêu tính lũy kế từ ngày {{ plan_year.start_vi }} "
             "(đầu năm kế hoạch) đến ngày {{ as_of }}, so với chỉ tiêu cả năm; {{ annex_ref }}. {{ summary_line }}", B)
    tag(doc, "{%p for area in areas %}")
    add(doc, "{{ area.heading }}", H2)
    loop(doc, "area.done", "- {{ line }}", var="line")
    loop(doc, "area.notes", "{{ para }}")
    loop(doc, "area.indicators", "- {{ ind.sentence }}", var="ind")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if other_done %}")
    add(doc, "{{ other_heading }}", H2)
    loop(doc, "other_done", "- {{ line }}", var="line")
    tag(doc, "{%p endif %}")
    add(doc, "{{ funding_heading }}", H2)
    loop(doc, "funding", "{{ para }}")

    add(doc, "II. ĐÁNH GIÁ CHUNG", H1)
    for title, key in (("1. Ưu điểm", "uu_diem"), ("2. Tồn tại, hạn chế", "ton_tai"), ("3. Nguyên nhân", "nguyen_nhan")):
        add(doc, title, H2)
        loop(doc, f"assessment.{key}", "{{ para }}")
    add(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", H1)
    loop(doc, "next_tasks", "- {{ line }}", var="line")
    loop(doc, "next_notes", "{{ para }}")
    add(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", H1)
    loop(doc, "proposals", "{{ para }}")
    add(doc, "{{ doc.closing }}", B)

    # -- footer: recipients and signer
    add(doc, "", B)
    f = doc.add_table(rows=1, cols=2)
    no_borders(f)
    set_widths(f, [80, TEXT_WIDTH_MM - 80])
    left, right = f.rows[0].cells
    first_paragraph(left, "KH Nơi nhận").add_run("Nơi nhận:")
    loop(left, "recipients", "- {{ r }}", "KH Nơi nhận dòng", var="r")
    first_paragraph(right, "KH Chữ ký").add_run("{{ signer.authority }}")
    add(right, "{{ signer.position }}", "KH Chữ ký")
    for _ in range(4):
        add(right, "", "KH Chữ ký")
    add(right, "{{ signer.name }}", "KH Chữ ký")

    # -- annex: every indicator
    # Nghị định 30: «Phụ lục» on its own line, then the annex's title, then what it is attached to
    title = add(doc, "Phụ lục", "KH Tên loại")
    title.paragraph_format.page_break_before = True
    add(doc, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {{ period.title_upper }}", "KH Tên loại")
    add(doc, "(Kèm theo Báo cáo số {{ doc.number }} ngày {{ doc.date_short }} của {{ doc.issuer_short }})", "KH Kính gửi",
        italic=True)
    add(doc, "", "KH Bảng")
    widths = [13, 44, 18, 32, 30, TEXT_WIDTH_MM - 13 - 44 - 18 - 32 - 30]
    a = doc.add_table(rows=4, cols=6)
    a.style = doc.styles["Table Grid"]
    a.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(a, widths)
    for cell, text in zip(a.rows[0].cells, ("Mã", "Chỉ tiêu", "Chỉ tiêu giao", "Lũy kế từ đầu năm", "Trong kỳ",
                                               "Đánh giá")):
        first_paragraph(cell, "KH Bảng đầu").add_run(text)
    trpr = a.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    trpr.append(repeat)
    first_paragraph(a.rows[1].cells[0], "KH Bảng").add_run("{%tr for ind in indicators %}")
    for cell, text in zip(a.rows[2].cells, ("{{ ind.id }}", "{{ ind.short }}", "{{ ind.target }}",
                                            "{{ ind.result }}", "{{ ind.in_period }}", "{{ ind.status_vi }}")):
        first_paragraph(cell, "KH Bảng").add_run(text)
    first_paragraph(a.rows[3].cells[0], "KH Bảng").add_run("{%tr endfor %}")
    # the chart under the table, on the annex's page, with the caption the body refers to
    tag(doc, "{%p if chart_image %}")
    add(doc, "{{ chart_image }}", "KH Hình").paragraph_format.space_before = Pt(6)
    add(doc, "{{ chart_caption }}", "KH Chú thích")
    tag(doc, "{%p endif %}")

    for table in doc.tables:
        order_tblpr(table)
    order_ppr(doc.element.body)
    for section in doc.sections:
        order_ppr(section.header._element)
    props = doc.core_properties
    props.title = "Báo cáo kết quả thực hiện kế hoạch"
    props.author = "kehoach"
    props.comments = "Mẫu báo cáo của kehoach (docxtpl). Tạo lại bằng scripts/build_docx_template.py."
    return doc


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    build().save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
