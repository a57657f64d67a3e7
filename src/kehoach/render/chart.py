"""The attainment of every indicator as a horizontal bar chart (PNG). matplotlib loads only here."""

from __future__ import annotations

from pathlib import Path

COLOURS = {"dat": "#2e7d32", "dung_tien_do": "#0277bd", "cham_tien_do": "#f9a825", "chua_dat": "#c62828",
           "chua_co_du_lieu": "#9e9e9e"}


def attainment_chart(indicators: list[dict], targets: dict[str, float | None], title: str, path: Path) -> Path:
    """Bars: each indicator's result (percent, capped at 100); a tick marks its target."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Patch

    from kehoach.engine.frame import STATUS_VI

    rows = list(reversed(indicators))
    labels = [f"{i['id']} {i['short'][:38]}" for i in rows]
    values = [(i["percent"] if i["percent"] is not None else (100.0 if i["met"] else 0.0)) for i in rows]
    height = 1.2 + 0.42 * len(rows)
    fig, ax = plt.subplots(figsize=(8.0, height), dpi=150)
    try:
        ax.barh(range(len(rows)), values, color=[COLOURS[i["status"]] for i in rows], height=0.6)
        for y, i in enumerate(rows):
            t = targets.get(i["id"])
            if t is not None:
                ax.plot([t, t], [y - 0.38, y + 0.38], color="black", linewidth=1.5)
            ax.text(min(values[y], 100) + 1.5, y, i["result"].split(" · ")[-1] if "%" in i["result"] else i["result"],
                    va="center", fontsize=7)
        ax.set_yticks(range(len(rows)), labels, fontsize=7)
        ax.set_xlim(0, 118)
        ax.set_xticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"], fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.grid(axis="x", linestyle=":", linewidth=0.5)
        ax.spines[["top", "right"]].set_visible(False)
        present = [s for s in COLOURS if any(i["status"] == s for i in rows)]
        handles = [Patch(color=COLOURS[s], label=STATUS_VI[s]) for s in present]
        ax.legend(handles=handles, fontsize=7, loc="lower right", frameon=False)
        fig.tight_layout()
        fig.savefig(path, format="png", metadata={"Software": None})
    finally:
        plt.close(fig)
    return path
