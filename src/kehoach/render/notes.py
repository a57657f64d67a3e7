"""The officer's own words for sections II–IV of a report: a small YAML or Markdown file.

YAML:
    uu_diem: |            # II.1 Ưu điểm
      Cấp ủy, chính quyền quan tâm chỉ đạo…
    ton_tai: …            # II.2 Tồn tại, hạn chế
    nguyen_nhan: …        # II.3 Nguyên nhân
    phuong_huong: …       # III, after the tasks generated from the gaps
    de_xuat: …            # IV. Đề xuất, kiến nghị
    ket_qua:              # optional: a paragraph per area of section I
      "1": Đã phối hợp với Đoàn Thanh niên…

Markdown: the same sections as headings («## Ưu điểm», «## Tồn tại, hạn chế», «## Nguyên nhân»,
«## Phương hướng», «## Đề xuất, kiến nghị», «## Kết quả 1»), each followed by its paragraphs.
Each value is a list of paragraphs (blank lines separate them).
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.base.errors import KehoachError
from kehoach.base.files import read_text, relpath
from kehoach.base.text import fold

SECTIONS = {
    "uu_diem": ("uu diem",),
    "ton_tai": ("ton tai", "ton tai han che", "han che"),
    "nguyen_nhan": ("nguyen nhan",),
    "phuong_huong": ("phuong huong", "phuong huong nhiem vu", "nhiem vu ky toi", "phuong huong nhiem vu ky toi"),
    "de_xuat": ("de xuat", "kien nghi", "de xuat kien nghi"),
    "kinh_phi": ("kinh phi", "kinh phi thuc hien"),
}


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def load_notes(path: Path | None) -> dict:
    """{"uu_diem": [paragraphs], …, "ket_qua": {area_id: [paragraphs]}}; empty lists when absent."""
    notes: dict = {key: [] for key in SECTIONS}
    notes["ket_qua"] = {}
    if path is None:
        return notes
    text = read_text(path, "tệp ghi chú báo cáo")
    name = relpath(path)
    if path.suffix.lower() in (".md", ".markdown", ".txt"):
        return _from_markdown(text, name, notes)
    from kehoach.plan.sources import parse_yaml  # YAML is read only when a notes file is given

    doc = parse_yaml(text, name)
    if not isinstance(doc.data, dict):
        raise KehoachError([doc.diag((), "notes-not-mapping", "tệp ghi chú phải là bảng khoá: giá trị (uu_diem:, ton_tai:, …).")])
    problems = []
    for key, value in doc.data.items():
        if key == "ket_qua":
            if not isinstance(value, dict):
                problems.append(doc.diag((key,), "type", "«ket_qua» phải là bảng {số lĩnh vực: đoạn văn}."))
                continue
            for area, para in value.items():
                if not isinstance(para, str):
                    problems.append(doc.diag((key, area), "type", f"ket_qua.{area}: cần một đoạn văn."))
                else:
                    notes["ket_qua"][str(area)] = _paragraphs(para)
        elif key in SECTIONS:
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                notes[key] = [" ".join(v.split()) for v in value if v.strip()]
            elif isinstance(value, str):
                notes[key] = _paragraphs(value)
            else:
                problems.append(doc.diag((key,), "type", f"«{key}»: cần đoạn văn hoặc danh sách đoạn văn."))
        else:
            import difflib

            close = difflib.get_close_matches(key, [*SECTIONS, "ket_qua"], n=1)
            problems.append(doc.diag((key,), "unknown-key", f"khoá «{key}» không dùng trong tệp ghi chú.",
                                     f"Có phải ý bạn là «{close[0]}»?" if close else
                                     "Các khoá: " + ", ".join([*SECTIONS, "ket_qua"]) + ".", key=True))
    if problems:
        raise KehoachError(problems)
    return notes


def _from_markdown(text: str, name: str, notes: dict) -> dict:
    from kehoach.base.errors import Diagnostic

    current: str | None = None
    buf: dict[str, list[str]] = {}
    problems = []
    for no, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^#{1,6}\s+(.*)$", line)
        if m:
            head = fold(re.sub(r"^[IVX0-9.]+\s*", "", m.group(1))).replace(",", "").strip()
            area = re.match(r"ket qua\s+(\S+)$", head)
            current = None
            if area:
                current = "ket_qua:" + area.group(1)
            else:
                for key, names in SECTIONS.items():
                    if head in names:
                        current = key
            if current is None:
                problems.append(Diagnostic(code="unknown-heading", file=name, line=no, col=1,
                                           message=f"mục «{m.group(1).strip()}» không có trong tệp ghi chú.",
                                           hint="Các mục: Ưu điểm; Tồn tại, hạn chế; Nguyên nhân; Phương hướng; "
                                                "Đề xuất, kiến nghị; Kết quả <số lĩnh vực>."))
            else:
                buf.setdefault(current, [])
            continue
        if current is not None:
            buf[current].append(line)
    if problems:
        raise KehoachError(problems)
    for key, lines in buf.items():
        paras = _paragraphs("\n".join(lines))
        if key.startswith("ket_qua:"):
            notes["ket_qua"][key.split(":", 1)[1].rstrip(".")] = paras
        else:
            notes[key] = paras
    return notes
