"""DOCX report through docxtpl (Jinja tags inside a Word file). docxtpl loads only here."""

from __future__ import annotations

import io
from pathlib import Path

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import read_capped, relpath

BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "report.docx"
CHART_WIDTH_MM = 160


def render_docx(context: dict, template: Path | None = None, chart_png: Path | None = None) -> bytes:
    """The report as DOCX bytes. A user's template renders in Jinja2's sandbox, undefined variables are errors."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import StrictUndefined, TemplateError

    from .markdown import template_error
    from .sandbox import BudgetEnvironment, TemplateBudgetError

    path = template or BUILTIN
    name = relpath(path) if template else "report.docx"
    source = io.BytesIO(read_capped(path, "mẫu báo cáo")) if template else str(path)  # no device, no pipe
    try:
        tpl = DocxTemplate(source)
        tpl.get_docx()  # opens the zip: a file that is not a .docx fails here
    except Exception as exc:  # docx/zip errors come in many types
        raise KehoachError([Diagnostic(code="template-not-docx", file=name,
                                       message=f"mẫu không phải tệp Word .docx đọc được ({type(exc).__name__}).")]) from None
    ctx = dict(context)
    ctx["chart_image"] = InlineImage(tpl, str(chart_png), width=Mm(CHART_WIDTH_MM)) if chart_png else None
    env = BudgetEnvironment(undefined=StrictUndefined, autoescape=True)
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except RecursionError:
        raise template_error(TemplateBudgetError("mẫu lồng nhau quá sâu"), name) from None
    except TemplateError as exc:  # no line: a Word file's lines mean nothing to its author
        raise template_error(exc, name) from None
    highlight_placeholders(tpl.docx)
    _properties(tpl.docx, context)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def _properties(document, context: dict) -> None:
    """The file's properties (File › Info in Word) describe this report, not the template it was made from (whose
    description, title and 2013 creation date they kept)."""
    from datetime import datetime

    doc, plan = context.get("doc") or {}, context.get("plan") or {}
    props = document.core_properties
    props.title = " ".join(f"{doc.get('type', '')} {doc.get('summary', '')}".split()).capitalize() or props.title
    props.subject = plan.get("short_title") or ""
    props.author = doc.get("issuer_short") or ""
    props.description = props.comments = props.keywords = ""
    props.language = "vi-VN"
    try:
        day = datetime.fromisoformat(doc["date"])  # the report's date: the same bytes for the same report
        props.created = props.modified = day
    except (KeyError, TypeError, ValueError):
        pass


PLACEHOLDER_MARK = "[Cần bổ sung"


def highlight_placeholders(document) -> int:
    """Mark every run holding a «[Cần bổ sung: …]» placeholder in yellow, so that none is signed unnoticed."""
    from docx.enum.text import WD_COLOR_INDEX

    marked = 0
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            if PLACEHOLDER_MARK in run.text:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                marked += 1
    return marked


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
