"""Build src/kehoach/templates/rollup.docx: the province's «Báo cáo tổng hợp» (docxtpl), in the same Nghị định 30
layout and named styles as the commune's report (scripts/build_docx_template.py, whose helpers it reuses).

Run from the repository root after changing the layout: `python scripts/build_rollup_docx_template.py`.
The variables are those of `rollup_context` in src/kehoach/render/rollup_report.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_docx_template import (  # noqa: E402
    FONT, HEADER_OUTDENT_MM, LEFT_COL_MM, RIGHT_COL_MM, TEXT_WIDTH_MM, add, first_paragraph, line_paragraph, loop,
    no_borders, order_ppr, order_tblpr, page_number_header, para_style, set_font, set_widths, tag)
from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "src" / "kehoach" / "templates" / "rollup.docx"


def loop_table(doc, headers: list[str], cells: list[str], widths: list[float], items: str, var: str):
    t = doc.add_table(rows=4, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(t, widths)
    for cell, text in zip(t.rows[0].cells, headers):
        first_paragraph(cell, "KH Bảng đầu").add_run(text)
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    first_paragraph(t.rows[1].cells[0], "KH Bảng").add_run(f"{{%tr for {var} in {items} %}}")
    for cell, text in zip(t.rows[2].cells, cells):
        first_paragraph(cell, "KH Bảng").add_run(text)
    first_paragraph(t.rows[3].cells[0], "KH Bảng").add_run("{%tr endfor %}")
    return t


def build() -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance = Mm(10)
    page_number_header(sec)
    C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
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
    para_style(doc, "KH Bảng", 12, WD_ALIGN_PARAGRAPH.LEFT, after_pt=0, spacing=1.0)
    para_style(doc, "KH Bảng đầu", 12, C, bold=True, after_pt=0, spacing=1.0)

    t = doc.add_table(rows=1, cols=2)
    no_borders(t)
    set_widths(t, [LEFT_COL_MM, RIGHT_COL_MM], cell_margin_mm=0)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(-HEADER_OUTDENT_MM / 25.4 * 1440)))
    ind.set(qn("w:type"), "dxa")
    t._tbl.tblPr.append(ind)
    left, right = t.rows[0].cells
    first_paragraph(left, "KH Đầu văn bản").add_run("{{ doc.issuer }}").bold = True
    line_paragraph(left, "KH Đầu văn bản", 30, LEFT_COL_MM)
    add(left, "Số: {{ doc.number }}", "KH Số")
    first_paragraph(right, "KH Quốc hiệu").add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    add(right, "Độc lập - Tự do - Hạnh phúc", "KH Tiêu ngữ")
    line_paragraph(right, "KH Tiêu ngữ", 57, RIGHT_COL_MM)
    add(right, "{{ doc.date_line }}", "KH Địa danh")

    add(doc, "", "KH Kính gửi")
    add(doc, "{{ doc.type }}", "KH Tên loại")
    add(doc, "{{ doc.summary }}", "KH Trích yếu")
    line_paragraph(doc, "KH Trích yếu", 40, TEXT_WIDTH_MM)
    B, H1 = "KH Nội dung", "KH Tiêu đề 1"
    add(doc, "{{ doc.opening }}", B)
    add(doc, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", H1)
    add(doc, "Kỳ báo cáo: {{ period.title }} (từ ngày {{ period.start_vi }} đến hết ngày {{ period.end_vi }}).", B)
    loop(doc, "indicators", "- {{ ind.sentence }}", var="ind")
    add(doc, "II. CÁC XÃ CHƯA GỬI HOẶC CÓ SỐ LIỆU KHÔNG HỢP LỆ", H1)
    loop(doc, "failed", "- {{ f.name }}: {{ f.state }} — {{ f.where }}: {{ f.message }}", var="f")
    tag(doc, "{%p if not failed %}")
    add(doc, "Tất cả các xã đã gửi số liệu hợp lệ.", B)
    tag(doc, "{%p endif %}")
    loop(doc, "warned", "- {{ w.name }} — {{ w.where }}: {{ w.message }}", var="w")
    add(doc, "III. KẾT QUẢ TỪNG XÃ", H1)
    loop_table(doc, ["Xã", "Chỉ tiêu đạt", "Chậm tiến độ hoặc chưa đạt", "Chưa có dữ liệu", "Số liệu đến ngày"],
               ["{{ c.name }}", "{{ c.met }}/{{ c.total }}", "{{ c.behind }}", "{{ c.no_data }}", "{{ c.as_of }}"],
               [55, 25, 30, 25, TEXT_WIDTH_MM - 135], "communes", "c")
    add(doc, "", B)
    add(doc, "{{ doc.closing }}", B)

    title = add(doc, "PHỤ LỤC: TỔNG HỢP CÁC CHỈ TIÊU", "KH Tên loại")
    title.paragraph_format.page_break_before = True
    add(doc, "", "KH Bảng")
    loop_table(doc, ["Mã", "Chỉ tiêu", "Chỉ tiêu giao", "Số xã đạt", "Tỷ lệ xã đạt", "Tổng lũy kế",
                     "Số xã chậm, chưa đạt"],
               ["{{ ind.id }}", "{{ ind.short }}", "{{ ind.target }}", "{{ ind.met }}/{{ ind.counted }}",
                "{{ ind.share }}", "{{ ind.totals }}", "{{ ind.behind }}"],
               [13, 45, 20, 18, 18, 32, TEXT_WIDTH_MM - 146], "indicators", "ind")
    for table in doc.tables:
        order_tblpr(table)
    order_ppr(doc.element.body)
    for section in doc.sections:
        order_ppr(section.header._element)
    props = doc.core_properties
    props.title = "Báo cáo tổng hợp kết quả thực hiện kế hoạch của các xã"
    props.author = "kehoach"
    props.comments = f"Mẫu báo cáo tổng hợp của kehoach (docxtpl, {FONT}). Tạo lại bằng scripts/build_rollup_docx_template.py."
    return doc


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    build().save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
