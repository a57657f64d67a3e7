"""The province's «Báo cáo tổng hợp»: a roll-up as a context, then Markdown, DOCX (Nghị định 30 layout, the same
style as the commune's report) or an Excel workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kehoach.base.text import format_date_long, format_number, format_percent
from kehoach.engine.rollup import Rollup

from .context import PLACEHOLDER

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATE_VI = {"ok": "đã tổng hợp", "empty": "chưa gửi số liệu", "invalid": "số liệu không hợp lệ"}


def _vi_date(iso: str | None) -> str:
    return "" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def totals_text(t: dict) -> str:
    if t.get("numerator") is None:
        return ""
    text = format_number(t["numerator"])
    if t.get("denominator") is not None:
        text += "/" + format_number(t["denominator"])
        if t.get("percent") is not None:
            text += f" = {format_percent(t['percent'])}"
    return text


def rollup_context(r: Rollup, issuer: str | None, number: str | None, today: date) -> dict:
    names = {c.source: c.name for c in r.communes}
    p = r.period or {"title": "", "start": None, "end": None}
    short_title = next((c.export["plan"].get("short_title", "") for c in r.valid), "")
    indicators = []
    for i in r.indicators:
        share = "" if i.share is None else f" ({format_percent(i.share)})"
        total = totals_text(i.totals)
        ip = totals_text(i.totals.get("in_period") or {})
        sentence = f"Chỉ tiêu {i.id} ({i.short}; chỉ tiêu giao: {i.target_text or '—'}): {i.met}/{i.counted} xã đạt{share}"
        if total:
            sentence += f"; tổng lũy kế {total}" + (f", trong kỳ {ip}" if ip else "")
        if i.behind:
            sentence += "; chậm tiến độ hoặc chưa đạt: " + ", ".join(names[s] for s in i.behind)
        if i.other:
            sentence += "; khác chỉ tiêu chung (không tính): " + ", ".join(names[s] for s in i.other)
        if i.missing:
            sentence += "; không có chỉ tiêu này: " + ", ".join(names[s] for s in i.missing)
        indicators.append({"id": i.id, "short": i.short, "target": i.target_text or "—", "counted": i.counted,
                           "met": i.met, "share": "" if i.share is None else format_percent(i.share),
                           "share_value": i.share, "totals": total, "in_period": ip, "totals_raw": i.totals,
                           "behind": len(i.behind), "sentence": sentence + "."})
    communes = []
    for c in r.valid:
        s = c.export.get("summary", {})
        communes.append({"name": c.name, "source": c.source, "met": s.get("dat", 0), "total": s.get("total", 0),
                         "behind": s.get("cham_tien_do", 0) + s.get("chua_dat", 0),
                         "no_data": s.get("chua_co_du_lieu", 0), "as_of": _vi_date(c.export.get("as_of"))})
    failed = [{"name": c.name, "state": STATE_VI[c.state], "where": c.problems[0].location() if c.problems else c.source,
               "message": c.problems[0].message if c.problems else ""} for c in r.failed]
    warned = [{"name": c.name, "where": w.location(), "message": w.message} for c in r.valid for w in c.warnings]
    body = issuer or PLACEHOLDER.format(what="cơ quan tổng hợp", key="--issuer").replace("ghi vào tệp --notes, mục",
                                                                                         "tuỳ chọn")
    title = f"Tổng hợp kết quả thực hiện {short_title} {p['title']} của các xã".replace("  ", " ")
    return {
        "doc": {"issuer": body.upper() if issuer else body, "number": number or "…/BC-UBND",
                "date_line": f"……, {format_date_long(today)}", "type": "BÁO CÁO TỔNG HỢP", "summary": title,
                "opening": f"Tổng hợp từ số liệu của {len(r.communes)} xã: {len(r.valid)} xã đã tổng hợp, "
                           f"{sum(1 for c in r.failed if c.state == 'empty')} xã chưa gửi số liệu, "
                           f"{sum(1 for c in r.failed if c.state == 'invalid')} xã có số liệu không hợp lệ. "
                           f"Kết quả mỗi chỉ tiêu tính lũy kế từ đầu năm kế hoạch, đúng như báo cáo của từng xã; "
                           f"tỷ lệ xã đạt tính trên số xã có chỉ tiêu đó theo mẫu chung.",
                "closing": f"Trên đây là báo cáo tổng hợp kết quả thực hiện {short_title} {p['title']}./."
                           .replace("  ", " ")},
        "period": {"title": p["title"], "start_vi": _vi_date(p["start"]), "end_vi": _vi_date(p["end"])},
        "summary": {"communes": len(r.communes), "valid": len(r.valid), "failed": len(r.failed)},
        "indicators": indicators, "communes": communes, "failed": failed, "warned": warned,
    }


def render_rollup_markdown(ctx: dict) -> str:
    from .markdown import render_string

    return render_string((TEMPLATES / "rollup.md.j2").read_text(encoding="utf-8"), ctx, "rollup.md.j2",
                         sandboxed=False)


def render_rollup_docx(ctx: dict) -> bytes:
    from .docx import render_docx

    return render_docx(ctx, TEMPLATES / "rollup.docx")


def rollup_workbook(r: Rollup, ctx: dict) -> bytes:
    from .xlsx import Column, Heading, add_sheet, to_bytes, workbook

    wb = workbook()
    head = Heading("", ctx["doc"]["issuer"], ctx["doc"]["summary"].upper(),
                   f"Kỳ báo cáo: {ctx['period']['title']} (từ ngày {ctx['period']['start_vi']} đến hết ngày "
                   f"{ctx['period']['end_vi']}); lũy kế từ đầu năm kế hoạch.",
                   f"Tổng hợp {ctx['summary']['valid']}/{ctx['summary']['communes']} xã.")
    cols = [Column("Mã", 8), Column("Chỉ tiêu", 40), Column("Chỉ tiêu giao", 12), Column("Số xã tính", 10, "number"),
            Column("Số xã đạt", 10, "number"), Column("Tỷ lệ xã đạt", 10, "percent"),
            Column("Tổng thực hiện", 12, "number"), Column("Tổng trên", 12, "number"),
            Column("Tỷ lệ chung", 10, "percent"), Column("Trong kỳ: thực hiện", 12, "number"),
            Column("Số xã chậm hoặc chưa đạt", 12, "number"), Column("Khác chỉ tiêu chung", 10, "number"),
            Column("Không có chỉ tiêu", 10, "number")]
    rows = []
    for i in r.indicators:
        t = i.totals
        rows.append([i.id, i.short, i.target_text, i.counted, i.met, i.share, t.get("numerator"),
                     t.get("denominator"), t.get("percent"), (t.get("in_period") or {}).get("numerator"),
                     len(i.behind), len(i.other), len(i.missing)])
    add_sheet(wb, "Tổng hợp", head, cols, rows)
    cols = [Column("Xã", 28), Column("Mã chỉ tiêu", 9), Column("Lũy kế: thực hiện", 12, "number"),
            Column("Lũy kế: trên tổng số", 12, "number"), Column("Lũy kế: tỷ lệ", 10, "percent"),
            Column("Trong kỳ: thực hiện", 12, "number"), Column("Trong kỳ: trên tổng số", 12, "number"),
            Column("Trong kỳ: tỷ lệ", 10, "percent"), Column("Kết quả", 22), Column("Đánh giá", 16)]
    rows = []
    for c in r.valid:
        for i in r.indicators:
            cell = r.cell(i, c)
            ip = cell.get("in_period") or {}
            rows.append([c.name, i.id, cell.get("numerator"), cell.get("denominator"), cell.get("percent"),
                         ip.get("numerator"), ip.get("denominator"), ip.get("percent"), cell.get("result_text", ""),
                         cell["status_vi"]])
    add_sheet(wb, "Theo xã", head, cols, rows)
    cols = [Column("Xã hoặc tệp", 30), Column("Tình trạng", 20), Column("Vị trí", 30), Column("Lý do", 60)]
    rows = [[f["name"], f["state"], f["where"], f["message"]] for f in ctx["failed"]]
    rows += [[w["name"], "đã tổng hợp, có cảnh báo", w["where"], w["message"]] for w in ctx["warned"]]
    add_sheet(wb, "Chưa tổng hợp được", head, cols, rows)
    return to_bytes(wb)


def write_rollup_report(r: Rollup, fmt: str, output: Path | None, issuer: str | None, number: str | None,
                        force: bool, today: date | None = None) -> Path:
    from kehoach.base.files import atomic_write

    from .report import check_outputs

    today = today or date.today()
    out = output or Path(f"bao-cao-tong-hop.{fmt}")
    if out.is_dir():
        out = out / f"bao-cao-tong-hop.{fmt}"
    elif out.suffix.lower() != f".{fmt}":
        out = out.with_name(out.name + f".{fmt}")
    check_outputs([out], {}, force)
    ctx = rollup_context(r, issuer, number, today)
    if fmt == "md":
        data: bytes = render_rollup_markdown(ctx).encode("utf-8")
    elif fmt == "docx":
        data = render_rollup_docx(ctx)
    else:
        data = rollup_workbook(r, ctx)
    atomic_write(out, data)
    return out
