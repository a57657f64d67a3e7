"""Markdown report through Jinja2; a user's own template runs in Jinja2's sandbox with a budget (sandbox.py)."""

from __future__ import annotations

from pathlib import Path

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.files import read_text, relpath

BUILTIN = Path(__file__).resolve().parent.parent / "templates" / "report.md.j2"


def _env(sandboxed: bool):
    from jinja2 import StrictUndefined

    if sandboxed:
        from .sandbox import BudgetEnvironment

        return BudgetEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False,
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
    from jinja2 import TemplateSyntaxError

    from .sandbox import TemplateBudgetError

    env = _env(sandboxed)
    try:
        return env.from_string(source).render(**context)
    except TemplateSyntaxError as exc:
        raise template_error(exc, name, exc.lineno) from None
    except RecursionError:
        raise template_error(TemplateBudgetError("mẫu lồng nhau quá sâu"), name) from None
    except Exception as exc:
        from jinja2 import TemplateError

        if isinstance(exc, TemplateError):
            raise template_error(exc, name, getattr(exc, "lineno", None) or _template_line(exc)) from None
        raise


def template_error(exc: BaseException, name: str, line: int | None = None) -> KehoachError:
    """A Jinja error (Markdown or DOCX template) as one located Vietnamese diagnostic."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    from .sandbox import TemplateBudgetError, TemplateRefused, refused_message

    hint = None
    if isinstance(exc, TemplateRefused):
        return KehoachError([Diagnostic(code="template-include", file=name, line=line or exc.lineno,
                                        message=refused_message(exc))])
    if isinstance(exc, TemplateBudgetError):
        return KehoachError([Diagnostic(code="template-budget", file=name, line=line, message=f"{exc}.",
                                        hint="Kiểm tra các vòng lặp và macro của mẫu; mẫu báo cáo chỉ cần lặp "
                                             "qua các chỉ tiêu, nhiệm vụ và đơn vị.")])
    if isinstance(exc, TemplateSyntaxError):
        code, lead = "template-syntax", "mẫu báo cáo có lỗi cú pháp Jinja"
    elif isinstance(exc, UndefinedError):
        code, lead = "template-undefined", "mẫu dùng biến không có"
        hint = "Xem các biến có trong docs/report-context.md (ví dụ doc.summary, period.title, indicators)."
    elif isinstance(exc, SecurityError):
        code, lead = "template-unsafe", "mẫu làm việc không được phép"
    else:
        code, lead = "template-error", "lỗi khi dùng mẫu"
    return KehoachError([Diagnostic(code=code, file=name, line=line, message=f"{lead}: {jinja_message(exc)}",
                                    hint=hint)])


_JINJA_MESSAGES = [  # (English pattern, Vietnamese wording)
    (r"'(.+)' has no attribute '(.+)'", lambda m: f"«{m[2]}» (không có trong {m[1].replace('dict object', 'mục này')})."),
    (r"'(.+)' is undefined", lambda m: f"«{m[1]}»."),
    (r"No filter named '(.+)'", lambda m: f"không có bộ lọc «{m[1]}»."),
    (r"Unexpected end of template", lambda m: "mẫu kết thúc khi một khối {% … %} chưa được đóng "
                                              "(thiếu {% endfor %} hoặc {% endif %}?)."),
    (r"access to attribute '(.+)' of '(.+)' object is unsafe", lambda m: f"truy cập thuộc tính «{m[1]}» bị cấm trong mẫu."),
    (r"unexpected '(.+)'", lambda m: f"ký tự «{m[1]}» không đúng chỗ."),
]


def jinja_message(exc: BaseException) -> str:
    """Jinja's English error in Vietnamese, for the common cases; the original otherwise."""
    import re

    text = str(getattr(exc, "message", None) or exc)
    for pattern, wording in _JINJA_MESSAGES:
        m = re.match(pattern, text)
        if m:
            return wording(m)
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
