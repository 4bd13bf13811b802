"""Charts of the analyses, drawn with matplotlib into PNG or SVG bytes (no Qt, no pyplot).

Why matplotlib: publication-quality SVG and PNG for a methods appendix from the same
code, headless (the Agg and SVG backends need no display, so the CLI and the HTML
report draw the same charts the window shows), already a dependency, and no
PySide6-Addons (QtCharts, ~150 MB). Each function builds its own ``Figure`` (no global
pyplot state, safe in a worker thread) and returns the encoded image.

Charts: frequency bars, co-occurrence heatmap, codes over time, saturation curve and
the document portrait (one document as its sequence of code colours).
"""
from __future__ import annotations

import io
from typing import Sequence

import matplotlib

matplotlib.use("Agg")  # noqa: E402 - before any backend is touched; never a GUI backend

from matplotlib import rc_context  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

FORMATS = ("png", "svg")
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "chorus", "font.size": 9, "axes.spines.top": False,
          "axes.spines.right": False}
_FALLBACK = "#7f8c8d"


def _encode(fig: Figure, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r} (png or svg)")
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)
    metadata = {"Date": None} if fmt == "svg" else {"Software": "Chorus"}
    fig.savefig(buffer, format=fmt, dpi=144, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def _short(label: str, width: int = 42) -> str:
    """A label that fits: a long code path keeps its last level whole ("…/Leaf")."""
    if len(label) <= width:
        return label
    leaf = label.rsplit("/", 1)[-1]
    if "/" in label and len(leaf) + 2 <= width:
        head = label[: width - len(leaf) - 2]
        return f"{head}\u2026/{leaf}" if head else f"\u2026/{leaf}"
    return label[: width - 1] + "\u2026"


def _colour(value: str | None) -> str:
    if value and value.startswith("#") and len(value) in (4, 7, 9):
        return value[:7]
    return _FALLBACK


def frequency_bars(labels: Sequence[str], values: Sequence[float], colours: Sequence[str] | None = None, *,
                   title: str = "Code frequencies", xlabel: str = "segments", fmt: str = "png") -> bytes:
    with rc_context(_STYLE):
        height = max(2.0, 0.28 * len(labels) + 1.0)
        fig = Figure(figsize=(7.5, height))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color=[_colour(c) for c in (colours or [None] * len(labels))],
                edgecolor="#333333", linewidth=0.4)
        ax.set_yticks(positions, [_short(l) for l in labels])
        for y, v in zip(positions, values):
            ax.text(v, y, f" {v:g}", va="center", fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left")
        ax.margins(x=0.12)
        return _encode(fig, fmt)


def heatmap(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float]], *,
            title: str = "Code co-occurrence", fmt: str = "png", value_format: str = "{:g}") -> bytes:
    with rc_context(_STYLE):
        size = max(3.5, 0.42 * max(len(rows), len(columns)) + 2.5)
        fig = Figure(figsize=(size + 1.5, size))
        ax = fig.add_subplot()
        data = [[float(v or 0) for v in row] for row in values]
        square = list(rows) == list(columns)
        shown = [[(float("nan") if square and i == j else v) for j, v in enumerate(row)] for i, row in enumerate(data)]
        # the diagonal of a code x code table (the code's own count) is drawn grey
        cmap = matplotlib.colormaps["YlOrRd"].with_extremes(bad="#e8e8e8")
        image = ax.imshow(shown or [[0]], cmap=cmap, aspect="auto", vmin=0)
        ax.set_xticks(range(len(columns)), [_short(c, 28) for c in columns], rotation=60, ha="right",
                      rotation_mode="anchor")
        ax.set_yticks(range(len(rows)), [_short(r, 36) for r in rows])
        top = max((v for i, row in enumerate(data) for j, v in enumerate(row) if not (square and i == j)),
                  default=0)
        for i, row in enumerate(data):
            for j, v in enumerate(row):
                if v:
                    diagonal = square and i == j
                    ax.text(j, i, value_format.format(v), ha="center", va="center", fontsize=7,
                            color="#555555" if diagonal else "white" if top and v > top * 0.6 else "black")
        fig.colorbar(image, ax=ax, shrink=0.6)
        ax.set_title(title, loc="left")
        return _encode(fig, fmt)


def codes_over_time(periods: Sequence[str], series: dict[str, Sequence[float]], colours: dict[str, str], *,
                    title: str = "Codes over time", ylabel: str = "segments", fmt: str = "png") -> bytes:
    with rc_context(_STYLE):
        fig = Figure(figsize=(8, 4.2))
        ax = fig.add_subplot()
        x = list(range(len(periods)))
        for name, values in series.items():
            ax.plot(x, values, marker="o", markersize=3, linewidth=1.4, label=_short(name, 36),
                    color=_colour(colours.get(name)))
        step = max(1, len(periods) // 16)
        ax.set_xticks(x[::step], list(periods)[::step], rotation=45, ha="right")
        ax.set_ylabel(ylabel)
        ax.set_title(title, loc="left")
        if series:
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _encode(fig, fmt)


def saturation_curve(cumulative: Sequence[int], new: Sequence[int], *, point: int | None, label: str,
                     title: str = "Saturation: cumulative codebook", fmt: str = "png") -> bytes:
    with rc_context(_STYLE):
        fig = Figure(figsize=(7.5, 4))
        ax = fig.add_subplot()
        x = list(range(1, len(cumulative) + 1))
        ax.bar(x, new, color="#a6c8e8", label="new codes in the document")
        ax.plot(x, cumulative, color="#1f4e79", marker="o", markersize=3, label="codes found so far")
        if point is not None:
            ax.axvline(point, color="#c0392b", linestyle="--", linewidth=1)
            ax.annotate(f"saturation {label}", (point, max(cumulative or [0])), xytext=(4, -12),
                        textcoords="offset points", color="#c0392b", fontsize=8)
        ax.set_xlabel("documents in coding order")
        ax.set_ylabel("codes")
        ax.set_title(f"{title} ({label})", loc="left")
        ax.legend(fontsize=7, frameon=False, loc="center right")
        return _encode(fig, fmt)


def document_portrait(length: int, segments: Sequence[tuple[int, int, str, str]], *, title: str,
                      fmt: str = "png") -> bytes:
    """One document as a strip: each segment (start, end, code path, colour) in its lane."""
    with rc_context(_STYLE):
        lanes: list[int] = []  # end of the last segment in each lane
        placed = []
        for start, end, code, colour in sorted(segments):
            for lane, last_end in enumerate(lanes):
                if last_end <= start:
                    lanes[lane] = end
                    break
            else:
                lanes.append(end)
                lane = len(lanes) - 1
            placed.append((start, end, code, colour, lane))
        fig = Figure(figsize=(8, 1.2 + 0.3 * max(1, len(lanes))))
        ax = fig.add_subplot()
        seen: dict[str, str] = {}
        for start, end, code, colour, lane in placed:
            ax.broken_barh([(start, max(end - start, length / 500 if length else 1))], (lane, 0.8),
                           facecolors=_colour(colour), edgecolor="#333333", linewidth=0.3)
            seen.setdefault(code, _colour(colour))
        ax.set_xlim(0, max(length, 1))
        ax.set_ylim(-0.2, max(1, len(lanes)))
        ax.set_yticks([])
        ax.set_xlabel("position in the document (characters)")
        ax.set_title(_short(title, 80), loc="left")
        from matplotlib.patches import Patch  # noqa: PLC0415

        if seen:
            ax.legend(handles=[Patch(color=c, label=_short(n, 36)) for n, c in seen.items()], fontsize=7,
                      frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _encode(fig, fmt)
