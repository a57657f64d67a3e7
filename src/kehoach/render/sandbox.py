"""The Jinja2 sandbox every user template runs in, with a budget.

A user's template (Markdown or the Jinja tags inside a DOCX) may not run for ever nor fill the disk:
- every loop step, call and piece of output counts against a time budget (MAX_SECONDS) and a step
  budget (MAX_STEPS); the output may not exceed MAX_OUTPUT characters; `*` and `**` may not build
  a string, list or number beyond that size;
- `include`, `import` and `extends` are refused before rendering (a report template is one file);
- a macro that calls itself without end is a clear error, not a crash.
"""

from __future__ import annotations

import time

from jinja2 import nodes
from jinja2.environment import Template
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

MAX_SECONDS = 20.0
MAX_STEPS = 5_000_000
MAX_OUTPUT = 20 * 1024 * 1024  # characters of one rendered template (a report is tens of kB)
_LOOP = "__kehoach_loop__"
_REFUSED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends"}


class TemplateBudgetError(TemplateError):
    """A template that ran too long, produced too much or nested too deep."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.lineno = lineno


class TemplateRefused(TemplateError):
    """A tag that a report template may not use (include, import, extends)."""

    def __init__(self, tag: str, lineno: int) -> None:
        super().__init__(tag)
        self.tag, self.lineno = tag, lineno


class BudgetTemplate(Template):
    def render(self, *args, **kwargs) -> str:  # docxtpl calls render(): stream it against the budget
        return "".join(self.generate(*args, **kwargs))

    def generate(self, *args, **kwargs):
        env = self.environment
        env.start()
        size = 0
        try:
            for piece in super().generate(*args, **kwargs):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TemplateBudgetError(f"mẫu sinh ra quá nhiều nội dung (quá {MAX_OUTPUT // 1024 // 1024} "
                                              "triệu ký tự)")
                env.tick()
                yield piece
        except RecursionError:
            raise TemplateBudgetError("mẫu gọi lồng nhau quá sâu (một macro gọi lại chính nó?)") from None


class BudgetEnvironment(SandboxedEnvironment):
    """Jinja2's sandbox with a time, step and size budget; see the module's docstring."""

    template_class = BudgetTemplate
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.globals[_LOOP] = self._loop
        self.deadline = 0.0
        self.steps = 0

    def start(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.steps = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS or time.monotonic() > self.deadline:
            raise TemplateBudgetError(f"mẫu chạy quá lâu (quá {int(MAX_SECONDS)} giây hoặc "
                                      f"{MAX_STEPS:,} bước; vòng lặp quá lớn?)".replace(",", "."))

    def _loop(self, iterable):
        for item in iterable:
            self.tick()
            yield item

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator: str, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64 and \
                isinstance(left, (int, float)) and abs(left) > 1:
            raise TemplateBudgetError("mẫu tính luỹ thừa quá lớn")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT:
                    raise TemplateBudgetError("mẫu tạo chuỗi hoặc danh sách quá lớn")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):
        tree = self.parse(source) if isinstance(source, str) else source
        for node in tree.find_all(tuple(_REFUSED)):
            raise TemplateRefused(_REFUSED[type(node)], node.lineno)
        for loop in tree.find_all(nodes.For):  # every loop step counts against the budget
            loop.iter = nodes.Call(nodes.Name(_LOOP, "load", lineno=loop.lineno), [loop.iter], [], None, None,
                                   lineno=loop.lineno)
        return super().from_string(tree, globals, template_class)


def refused_message(exc: TemplateRefused) -> str:
    return (f"mẫu báo cáo không được dùng {{% {exc.tag} %}}: mẫu phải là một tệp duy nhất "
            "(chép phần cần dùng vào thẳng mẫu).")
