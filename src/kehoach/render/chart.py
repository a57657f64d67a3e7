"""The attainment of every indicator as a horizontal bar chart (PNG) for print. matplotlib loads only here.

Made to be read on paper: drawn at the width it is printed (160 mm), in a serif face like the body (Times New
Roman, else its metric twin Liberation Serif, else DejaVu Serif), 10 pt or more; labels wrapped, never cut; each
status told apart by a pattern and written beside its bar, not by colour alone; every indicator drawn (a count as
a share of its target); the target of each indicator marked by a tick, explained in the legend. The caption
(«Biểu đồ 1. …») is the document's, under the image, so that the text can refer to it.
"""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

from kehoach.base.text import format_percent

WIDTH_MM = 160
FONT_PT = 10
SERIF = ["Times New Roman", "Tinos", "Liberation Serif", "DejaVu Serif"]  # first with every glyph needed wins
# colour for the screen, pattern for a black-and-white printer, and the status written beside every bar
STYLE = {"dat": ("#2e7d32", ""), "dung_tien_do": ("#90caf9", "///"), "cham_tien_do": ("#ffe082", "..."),
         "chua_dat": ("#ef9a9a", "xxx"), "chua_co_du_lieu": ("#ffffff", "")}


def chart_percent(ind: dict, target: float | None) -> float:
    """What the bar shows: the year-to-date share of the target's scale (0–100)."""
    if ind.get("count_target"):
        value = ind.get("value") or 0.0
        return min(100.0, 100.0 * value / ind["count_target"]) if ind["count_target"] else 0.0
    if ind["percent"] is not None:
        return min(100.0, ind["percent"])
    return 100.0 if ind["met"] else 0.0


def serif_for(text: str) -> str:
    """The first serif family in SERIF that has a glyph for every character of `text` (Vietnamese included:
    Debian's Liberation Serif 1.x lacks «ư», «ộ»…). DejaVu Serif, shipped with matplotlib, always has them."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    needed = {ord(c) for c in text if not c.isspace()}
    for family in SERIF:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            if needed <= set(FT2Font(path).get_charmap()):
                return family
        except (ValueError, RuntimeError, OSError):
            continue
    return "DejaVu Serif"


def attainment_chart(indicators: list[dict], targets: dict[str, float | None], title: str, path: Path) -> Path:
    """Bars: each indicator's result (percent, capped at 100); a tick marks its target."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from kehoach.engine.frame import STATUS_VI

    rows = list(reversed(indicators))
    labels = ["\n".join(textwrap.wrap(f"{i['id']} {i['short']}", 42)) for i in rows]
    values = [chart_percent(i, targets.get(i["id"])) for i in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    width_in = WIDTH_MM / 25.4
    # room for two 10-pt lines of label per row, the axis and the legend
    height_in = 0.9 + 0.2 * lines + 0.12 * len(rows)
    family = serif_for("".join(labels) + "".join(STATUS_VI.values()) + "mức chỉ tiêu phải đạt0123456789%·,")
    with warnings.catch_warnings(), matplotlib.rc_context({"font.family": "serif", "font.serif": [family],
                                                           "font.size": FONT_PT, "hatch.linewidth": 0.6}):
        warnings.simplefilter("ignore")  # nothing of matplotlib's reaches the officer's terminal
        fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=200)
        try:
            for y, (i, v) in enumerate(zip(rows, values)):
                colour, hatch = STYLE[i["status"]]
                ax.barh(y, v, color=colour, hatch=hatch, edgecolor="black", linewidth=0.6, height=0.66)
                t = 100.0 if i.get("count_target") else targets.get(i["id"])
                if t is not None:
                    ax.plot([t, t], [y - 0.42, y + 0.42], color="black", linewidth=1.6)
                shown = "" if i["status"] == "chua_co_du_lieu" else \
                    format_percent(v) + " · "  # as the text rounds it
                ax.text(min(v, 100) + 1.5 if v < 62 else 1.5, y, shown + STATUS_VI[i["status"]], va="center",
                        fontsize=FONT_PT - 1 if v < 62 else FONT_PT - 1,
                        bbox=None if v < 62 else {"facecolor": "white", "edgecolor": "none", "pad": 0.5})
            ax.set_yticks(range(len(rows)), labels)
            ax.set_xlim(0, 112)
            ax.set_xticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"])
            ax.grid(axis="x", linestyle=":", linewidth=0.5)
            ax.spines[["top", "right"]].set_visible(False)
            present = [s for s in STYLE if any(i["status"] == s for i in rows) and s != "chua_co_du_lieu"]
            handles = [Patch(facecolor=STYLE[s][0], hatch=STYLE[s][1], edgecolor="black", label=STATUS_VI[s])
                       for s in present]
            handles.append(Line2D([0], [0], color="black", linewidth=1.6, label="mức chỉ tiêu phải đạt"))
            fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=FONT_PT - 1)
            fig.tight_layout(rect=(0, 0.6 / height_in, 1, 1))
            fig.savefig(path, format="png", metadata={"Software": None})
        finally:
            plt.close(fig)
    return path
