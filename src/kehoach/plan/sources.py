"""YAML text as data with a position index.

The YAML node tree is composed once (with libyaml when present); Python values
are built from it by hand so that every value keeps its line and column,
duplicate keys are caught, dates stay text until the model checks them, and
alias expansion is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kehoach.base.errors import Diagnostic, KehoachError
from kehoach.base.text import format_number

MAX_NODES = 200_000  # bound on values built, against alias bombs

Loc = tuple  # a path into the data: ("areas", 0, "indicators", 1, "id")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

@dataclass
class Document:
    """YAML data with, for every path, the position of its value and of its key."""

    file: str
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    flow: set[Loc] = field(default_factory=set)  # mappings written on one line, «{a: 1, b: 2}»

    def position(self, loc: Loc, key: bool = False) -> tuple[int | None, int | None]:
        """Position of the deepest known prefix of `loc` (skipping unknown steps)."""
        known: Loc = ()
        best = self.marks.get((), (None, None))
        for step in loc:
            candidate = known + (step,)
            if candidate in self.marks:
                known = candidate
                best = (self.key_marks.get(known) if key else None) or self.marks[known]
        return best

    def diag(self, loc: Loc, code: str, message: str, hint: str | None = None,
             key: bool = False, severity: str = "error") -> Diagnostic:
        line, col = self.position(loc, key=key)
        return Diagnostic(code=code, message=message, file=self.file, line=line, col=col,
                          hint=hint, severity=severity)


_FLOW_HINT = ("Trong «{…}» hoặc «[…]», dấu «,» tách các mục và dấu «:» tách khoá với giá trị; giá trị có dấu «,» "
              "hoặc «:» phải đặt trong ngoặc kép, ví dụ: {label: \"Số tố giác, tin báo\", type: integer}.")

_YAML_PROBLEMS = [
    ("expected ',' or '}'", "dấu «:» hoặc «,» trong «{…}» đặt không đúng chỗ.", _FLOW_HINT),
    ("expected ',' or ']'", "dấu «:» hoặc «,» trong «[…]» đặt không đúng chỗ.", _FLOW_HINT),
    ("found character '\\t'", "có ký tự Tab không đúng chỗ; YAML chỉ dùng dấu cách.",
     "Thay Tab bằng dấu cách."),
    ("mapping values are not allowed", "dấu «:» đặt không đúng chỗ.",
     "Kiểm tra thụt lề; nếu văn bản có dấu «: », hãy đặt cả giá trị trong ngoặc kép."),
    ("could not find expected ':'", "thiếu dấu «:» sau tên khoá.",
     "Mỗi dòng có dạng «khoá: giá trị»; kiểm tra thụt lề của dòng này và dòng trên."),
    ("did not find expected key", "thụt lề không khớp với các dòng cùng cấp.",
     "Các khoá cùng cấp phải thẳng cột; các mục danh sách bắt đầu bằng «- » cũng vậy."),
    ("did not find expected '-' indicator", "thụt lề không khớp trong danh sách.",
     "Các mục cùng danh sách phải bắt đầu bằng «- » ở cùng một cột."),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép hoặc ngoặc đóng?).",
     "Kiểm tra các dấu \" ' [ { đã được đóng lại."),
    ("found unknown escape character", "chuỗi trong ngoặc kép có ký tự «\\» không hợp lệ.",
     "Dùng ngoặc đơn '…' hoặc viết «\\\\»."),
    ("expected <block end>, but found", "thụt lề hoặc cấu trúc không đúng.",
     "Kiểm tra thụt lề của dòng này so với dòng trên."),
    ("found undefined alias", "tham chiếu «*…» tới một neo «&…» chưa được định nghĩa.", None),
    ("expected a single document", "tệp chứa nhiều tài liệu YAML («---»); chỉ được có một.", None),
    ("found character", "có ký tự không được phép ở đầu giá trị.",
     "Đặt giá trị trong ngoặc kép nếu nó bắt đầu bằng @, ` hoặc ký tự đặc biệt."),
    ("while scanning a quoted scalar", "chuỗi trong ngoặc kép chưa được đóng.", None),
    ("while scanning a simple key", "thiếu dấu «:» sau tên khoá.", None),
]


def _tab_errors(text: str, name: str) -> list[Diagnostic]:
    """Tabs in indentation, one diagnostic per line (YAML forbids them; editors hide them)."""
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            out.append(Diagnostic(code="yaml-tab", message="dòng thụt lề bằng ký tự Tab; YAML chỉ dùng dấu cách.",
                                  file=name, line=no, col=indent.index("\t") + 1,
                                  hint="Thay mỗi Tab bằng dấu cách (thường 2 dấu cách một bậc)."))
    return out


def _unclosed_quote(line: str) -> bool:
    return len(re.findall(r'(?<!\\)"', line)) % 2 == 1


def _yaml_error(exc: yaml.YAMLError, name: str, text: str = "") -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    message, hint = None, None
    lines = text.split("\n")
    for m in (getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)):
        if m is not None and m.line < len(lines) and _unclosed_quote(lines[m.line]):
            return Diagnostic(code="yaml-syntax", message="chuỗi trong ngoặc kép chưa được đóng.",
                              file=name, line=m.line + 1, col=lines[m.line].index('"') + 1,
                              hint="Thêm dấu \" ở cuối giá trị.")
    for needle, msg, h in _YAML_PROBLEMS:
        if needle in problem or needle in context:
            message, hint = msg, h
            break
    if message is None:
        message = f"lỗi cú pháp YAML ({problem or exc})."
    return Diagnostic(
        code="yaml-syntax",
        message=message,
        file=name,
        line=mark.line + 1 if mark else None,
        col=mark.column + 1 if mark else None,
        hint=hint,
    )


def compose_for_editing(text: str):
    """The node tree of a (valid) YAML text, its marks holding character offsets into `text`, so that values can be
    replaced in place with comments and layout kept (`kehoach init`). The pure-Python safe loader."""
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text into a Document, or raise KehoachError with located diagnostics."""
    tabs = _tab_errors(text, name)
    if tabs:
        raise KehoachError(tabs)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KehoachError([_yaml_error(exc, name, text)])
    except RecursionError:
        raise KehoachError.single("yaml-too-deep", "cấu trúc YAML lồng quá sâu.", file=name)
    doc = Document(file=name, data=None)
    if root is None:
        raise KehoachError.single("file-empty", "tệp rỗng: không có nội dung YAML nào.", file=name, line=1)
    builder = _Builder(doc)
    try:
        doc.data = builder.build(root, ())
    except RecursionError:
        raise KehoachError.single("yaml-too-deep", "cấu trúc YAML lồng quá sâu.", file=name)
    if builder.errors:
        raise KehoachError(builder.errors)
    return doc


class _TooManyNodes(Exception):
    pass


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.errors: list[Diagnostic] = []
        self.count = 0

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        try:
            return self._build(node, loc)
        except _TooManyNodes:
            self.errors.append(Diagnostic(
                code="yaml-too-large",
                message=f"tài liệu YAML quá lớn sau khi mở rộng các tham chiếu (hơn {format_number(MAX_NODES)} giá trị).",
                file=self.doc.file, line=self._pos(node)[0], col=self._pos(node)[1],
                hint="Không dùng neo/tham chiếu (&, *) lồng nhau trong kế hoạch.",
            ))
            return None

    def _build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooManyNodes
        self.doc.marks.setdefault(loc, self._pos(node))
        if isinstance(node, yaml.MappingNode):
            if node.flow_style:
                self.doc.flow.add(loc)
            out: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = self._pos(key_node)
                    self.errors.append(Diagnostic(
                        code="yaml-key", message="khoá phải là một chuỗi đơn giản.",
                        file=self.doc.file, line=line, col=col))
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = self._pos(key_node)
                    self.errors.append(Diagnostic(
                        code="yaml-merge", message="không hỗ trợ khoá gộp «<<».",
                        file=self.doc.file, line=line, col=col,
                        hint="Viết đầy đủ các khoá thay vì gộp."))
                    continue
                key = key_node.value
                line, col = self._pos(key_node)
                if key in first_seen:
                    self.errors.append(Diagnostic(
                        code="duplicate-key",
                        message=f"khoá «{key}» bị lặp (đã có ở dòng {first_seen[key]}).",
                        file=self.doc.file, line=line, col=col,
                        hint="Xoá hoặc đổi tên một trong hai; YAML chỉ giữ một giá trị cho mỗi khoá."))
                    continue
                first_seen[key] = line
                child = loc + (key,)
                self.doc.key_marks[child] = (line, col)
                out[key] = self._build(value_node, child)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp") or node.style:
            return node.value
        try:
            return _constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value
