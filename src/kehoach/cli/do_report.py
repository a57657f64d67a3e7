"""The body of `kehoach report`, without typer: the command line's fast path (cli/fast.py) runs it directly;
typer's `report` (cli/report.py) calls it too."""

from __future__ import annotations


def run_report(period, fmt: str, output, as_of, notes, template, number, date_, force: bool, no_chart: bool,
               plan) -> None:
    """Lập báo cáo kết quả thực hiện kế hoạch dạng Markdown và Word."""
    from kehoach.base.files import relpath
    from kehoach.render.report import ReportRequest, write_report

    from .context import load_all

    the_plan, plan_path, ledger = load_all(plan)
    req = ReportRequest(period, fmt, output, as_of, notes, template, number, date_, force, not no_chart)
    result = write_report(the_plan, plan_path, ledger, req)
    st = result.status
    print(f"Đã lập báo cáo {st.period.title} ({st.counts.get('dat', 0)}/{len(st.results)} chỉ tiêu đạt):")
    for path in result.written:
        print(f"  {relpath(path)}")
    if result.placeholders and fmt != "xlsx":
        keys = ", ".join(dict.fromkeys(result.placeholder_keys))
        print(f"Còn {result.placeholders} chỗ «[Cần bổ sung: …]» cho cán bộ viết thêm (mục {keys}); "
              "ghi các nhận xét vào tệp và chạy lại với --notes (xem README).")
