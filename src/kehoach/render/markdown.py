"""Markdown report through Jinja2; a user's own template runs in Jinja2's sandbox."""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, KehoachError
from ..sources import read_text, relpath

BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "report.md.j2"


def _env(sandboxed: bool):
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    if sandboxed:
        return SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False,
                                    trim_blocks=True, lstrip_blocks=True)
    from jinja2 import Environment

    return Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False,
                       trim_blocks=True, lstrip_blocks=True)


def render_markdown(context: dict, template: Path | None = None) -> str:
    """Render the built-in template, or a user's (sandboxed, undefined variables are errors)."""
    path = template or BUILTIN
    source = read_text(path, "mẫu báo cáo") if template else BUILTIN.read_text(encoding="utf-8")
    return render_string(source, context, relpath(path) if template else "report.md.j2", sandboxed=template is not None)


def render_string(source: str, context: dict, name: str, sandboxed: bool = True) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    env = _env(sandboxed)
    try:
        tmpl = env.from_string(source)
    except TemplateSyntaxError as exc:
        raise KehoachError([Diagnostic(code="template-syntax", file=name, line=exc.lineno,
                                       message=f"mẫu báo cáo có lỗi cú pháp Jinja: {jinja_message(exc)}")]) from None
    try:
        text = tmpl.render(**context)
    except UndefinedError as exc:
        raise KehoachError([Diagnostic(code="template-undefined", file=name, line=_template_line(exc),
                                       message=f"mẫu dùng biến không có: {jinja_message(exc)}",
                                       hint="Xem các biến có trong docs/report-context.md "
                                            "(ví dụ doc.summary, period.title, indicators).")]) from None
    except SecurityError as exc:
        raise KehoachError([Diagnostic(code="template-unsafe", file=name, line=_template_line(exc),
                                       message=f"mẫu làm việc không được phép: {jinja_message(exc)}")]) from None
    except TemplateError as exc:
        raise KehoachError([Diagnostic(code="template-error", file=name, line=_template_line(exc),
                                       message=f"lỗi khi dùng mẫu: {exc}.")]) from None
    return text


def jinja_message(exc: BaseException) -> str:
    """Jinja's English error in Vietnamese, for the common cases; the original otherwise."""
    import re

    text = str(getattr(exc, "message", None) or exc)
    m = re.match(r"'(.+)' has no attribute '(.+)'", text)
    if m:
        return f"«{m.group(2)}» (không có trong {m.group(1).replace('dict object', 'mục này')})."
    m = re.match(r"'(.+)' is undefined", text)
    if m:
        return f"«{m.group(1)}»."
    m = re.match(r"No filter named '(.+)'", text)
    if m:
        return f"không có bộ lọc «{m.group(1)}»."
    if text.startswith("Unexpected end of template"):
        return "mẫu kết thúc khi một khối {% … %} chưa được đóng (thiếu {% endfor %} hoặc {% endif %}?)."
    m = re.match(r"access to attribute '(.+)' of '(.+)' object is unsafe", text)
    if m:
        return f"truy cập thuộc tính «{m.group(1)}» bị cấm trong mẫu."
    m = re.match(r"unexpected '(.+)'", text)
    if m:
        return f"ký tự «{m.group(1)}» không đúng chỗ."
    return f"{text}."


def _template_line(exc: BaseException) -> int | None:
    """The template line of an error raised while rendering, from the traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
