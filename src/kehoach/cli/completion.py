"""`kehoach completion`: the shell script that completes commands and options on Tab."""

from __future__ import annotations

import typer

from .base import app

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
from .fast import COMPLETE_VAR  # noqa: E402  (the variable the shell sets; read before typer loads)


@app.command("completion", epilog="""Ví dụ:

  kehoach completion bash >> ~/.bashrc

  kehoach completion powershell >> $PROFILE      (Windows PowerShell)
""")
def completion(
    shell: str = typer.Argument(..., metavar="SHELL", show_default=False,
                                help="bash, zsh, fish, powershell hoặc pwsh."),
) -> None:
    """In đoạn mã cho shell để gõ Tab gợi ý lệnh và tuỳ chọn của kehoach (thêm vào tệp khởi động của shell)."""
    from kehoach.base.errors import UsageError

    name = shell.strip().lower()
    if name not in SHELLS:
        raise UsageError(f"không hỗ trợ shell «{shell}».", "Chọn một trong: " + ", ".join(SHELLS) + ".")
    from typer.completion import completion_init, get_completion_script

    completion_init()
    print(get_completion_script(prog_name="kehoach", complete_var=COMPLETE_VAR, shell=name))
