"""The typer application object, shared by every command module."""

from __future__ import annotations

from typing import Optional

import typer

from kehoach import __version__


def vietnamese_help_screens() -> None:
    """Vietnamese titles for typer's help screens. Called only when help is shown: importing typer's
    rich helpers costs a twentieth of a second that `log` and `status` should not pay."""
    import typer.rich_utils as _ru

    _ru.OPTIONS_PANEL_TITLE = "Tuỳ chọn"
    _ru.COMMANDS_PANEL_TITLE = "Lệnh"
    _ru.ARGUMENTS_PANEL_TITLE = "Tham số"
    _ru.ERRORS_PANEL_TITLE = "Lỗi"
    _ru.REQUIRED_LONG_STRING = "[bắt buộc]"
    _ru.DEFAULT_STRING = "[mặc định: {}]"
    _ru.ENVVAR_STRING = "[biến môi trường: {}]"
    _ru.ABORTED_TEXT = "Đã dừng."
    _value_words()


_BY_NAME = {"date_": "NGÀY", "date": "NGÀY", "as_of": "NGÀY", "period": "KỲ", "unit": "ĐƠN_VỊ", "by": "TÊN",
            "reason": "LÝ_DO", "kind": "LOẠI", "member": "TÊN", "area": "SỐ", "number": "SỐ", "fmt": "md|docx|all",
            "recipient": "TÊN", "parent_body": "TÊN", "note": "CHỮ"}
_WORDS = {"str": "CHỮ", "int": "SỐ", "float": "SỐ", "path": "TỆP", "file": "TỆP", "directory": "THƯ_MỤC"}


def _value_words() -> None:
    """Help shows what an option takes in words («--date CHỮ», «--plan TỆP»), never Python types («<str>»,
    «<list[str]>», «<bool>»): nothing for a flag or an argument (its name already says it)."""
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - another typer layout
        return

    def option_type(self, ctx):  # type: ignore[no-untyped-def]
        if self.metavar is not None:
            return self.metavar
        if self.is_flag:
            return None
        if self.name in _BY_NAME:
            return _BY_NAME[self.name]
        raw = str(self.display_type(ctx) or "").strip("<>")
        return _WORDS.get(raw, "GIÁ_TRỊ") if "|" not in raw else raw

    TyperOption.display_type_rich = option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

app = typer.Typer(
    name="kehoach",
    help="Theo dõi, đánh giá và báo cáo kết quả thực hiện kế hoạch của UBND xã (tệp YAML + nhật ký).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"kehoach {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="In phiên bản rồi thoát."),
    debug: bool = typer.Option(False, "--debug", help="Khi có lỗi nội bộ: in đầy đủ traceback."),
) -> None:
    """Theo dõi, đánh giá và báo cáo kết quả thực hiện kế hoạch của UBND xã."""


def _vietnamese_help_option() -> None:
    """typer's help option says "Show this message and exit."; say it in Vietnamese."""
    try:
        from typer._click.core import Command
    except ImportError:  # pragma: no cover - another typer layout: keep its wording
        return
    original = Command.get_help_option

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        opt = original(self, ctx)
        if opt is not None:
            opt.help = "Hiện trợ giúp này rồi thoát."
        return opt

    Command.get_help_option = get_help_option  # type: ignore[method-assign]


_vietnamese_help_option()
