"""Trend charts as static SVG, made by matplotlib: the same file for the site and the PDF.

Each chart is a line per category over the periods. Its text and axes are drawn in one placeholder
colour, written as `currentColor` for the site (so the chart follows the light or dark scheme and
prints in black) and as black for the PDF. Lines differ by colour, marker and dash, so they can be
told apart without colour. A point withheld (fewer than 5 cases) is a gap. The SVG carries
role="img" and a title; the page puts a text summary and the data table beside it.
"""

from __future__ import annotations

import functools
import html
import io
import re
import threading

from ..paths import ASSETS

INK = "#010203"  # the placeholder colour of text and axes
COLOURS = ("#2f6fd0", "#c2410c", "#2b8a3e", "#9c36b5", "#0e7490", "#a16207")
MARKERS = ("o", "s", "^", "D", "v", "P")
DASHES = ("-", "--", "-.", ":", "-", "--")
# matplotlib's settings are global: one chart at a time, so a site page drawn in one thread and the
# annual report in another never take each other's settings (colours, fonts)
_DRAWING = threading.Lock()


def label(text: str) -> str:
    """Data text for matplotlib, which would read '$...$' as mathematics (and has no glyph for a tab)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(text)).replace("\\", "\\\\").replace("$", r"\$")


def line_chart(
    title: str,
    periods: list[str],
    series: dict[str, list[float | None]],
    y_label: str,
    chart_id: str,
    percent: bool = False,
) -> str:
    """An SVG line chart: one line per series over the periods (None leaves a gap)."""
    drawn = _drawn(tuple(periods), tuple((name, tuple(values)) for name, values in series.items()), y_label, percent)
    return tidy(drawn, title, chart_id)


@functools.lru_cache(maxsize=32)
def _drawn(periods: tuple, series: tuple, y_label: str, percent: bool) -> str:
    """matplotlib's SVG of a chart, drawn once per build for the same figures: the staff site, the public site
    and the annual report show the same three charts (nine drawings of 0.1 s each, three are enough). The
    chart's title and ids are put in afterwards (tidy), so that each copy has its own."""
    # matplotlib keeps its font list in the folder $MPLCONFIGDIR names: `handbook` points it into the build cache
    import matplotlib  # third-party, loaded when a chart is drawn (not by a build with nothing to do)
    from matplotlib.figure import Figure

    bundled_font()

    settings = {
        "svg.fonttype": "none",
        "svg.hashsalt": "chart",
        "font.size": 10,
        "text.color": INK,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "font.family": "sans-serif",
        "font.sans-serif": ["Liberation Sans", "DejaVu Sans"],
    }
    with _DRAWING, matplotlib.rc_context(settings):
        figure = Figure(figsize=(7, 3.4))
        axes = figure.add_subplot()
        for i, (name, values) in enumerate(series):
            points = [float("nan") if v is None else v for v in values]
            axes.plot(
                list(periods),
                points,
                label=label(name),
                color=COLOURS[i % len(COLOURS)],
                marker=MARKERS[i % len(MARKERS)],
                linestyle=DASHES[i % len(DASHES)],
                linewidth=2,
            )
        axes.set_ylabel(label(y_label))
        if percent:
            axes.set_ylim(0, 105)
        else:
            axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color=INK, alpha=0.15)
        if series:
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
        figure.patch.set_alpha(0)
        axes.patch.set_alpha(0)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


@functools.cache
def bundled_font() -> None:
    """The handbook's own Liberation Sans (assets/fonts), the PDFs' font, measured and named by matplotlib on
    every machine (not the DejaVu Sans matplotlib carries, which the PDF would then have to embed too)."""
    from matplotlib import font_manager

    for path in sorted((ASSETS / "fonts").glob("LiberationSans-*.ttf")):
        font_manager.fontManager.addfont(str(path))


def tidy(svg: str, title: str, chart_id: str) -> str:
    """matplotlib's SVG as an element for a page: no XML prolog, scalable, labelled, its ids its own."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', attributes, svg)  # presentation attributes: WeasyPrint reads no SVG CSS
    svg = re.sub(r'(id="|url\(#|href="#)([^")]+)', rf"\1{chart_id}-\2", svg)  # ids unique on a page of charts
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    escaped = html.escape(title, quote=False)
    svg = svg.replace("<svg", f'<svg role="img" aria-labelledby="{chart_id}-title" class="chart"', 1)
    svg = re.sub(r"(<svg[^>]*>)", rf'\1<title id="{chart_id}-title">{escaped}</title>', svg, count=1)
    return svg.strip()


def attributes(match: re.Match) -> str:
    """style="fill: none; stroke: #000" as fill="none" stroke="#000"."""
    pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
    return " ".join(f'{key.strip()}="{value.strip()}"' for key, value in pairs)


def for_site(svg: str) -> str:
    return svg.replace(INK, "currentColor")


def for_print(svg: str) -> str:
    return svg.replace(INK, "#000000")
