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
    FONT, TEXT_WIDTH_MM, add, first_paragraph, header, line_paragraph, loop, new_document, order_ppr,
    order_tblpr, set_widths, tag)
from docx import Document  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402

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
    doc = new_document()
    header(doc, parent_body=False)

    add(doc, "", "KH Kính gửi")
    add(doc, "{{ doc.type }}", "KH Tên loại")
    add(doc, "{{ doc.summary }}", "KH Trích yếu")
    line_paragraph(doc, "KH Trích yếu", 60, TEXT_WIDTH_MM)  # as the commune report's
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
