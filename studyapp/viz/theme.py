"""Explorer and chart colours, following the app's theme (taken from studyapp.core.palette)."""

from __future__ import annotations

from studyapp.core import palette

# Series colours, the same in both themes (explorers draw them once): each keeps 3:1
# against either chart background.
PALETTE = palette.SERIES
NEUTRAL = palette.NEUTRAL      # reference lines, "other" marks
NEUTRAL_FAINT = NEUTRAL + "80"  # grid lines between cells, half transparent
INACTIVE = palette.INACTIVE    # cells and patches that are off


def _chart(colors: palette.Palette) -> dict:
    return {"bg": colors.surface, "fg": colors.text, "grid": colors.grid,
            "muted": colors.muted, "edge": colors.border}


LIGHT = _chart(palette.LIGHT)
DARK = _chart(palette.DARK)


def colors(dark: bool) -> dict:
    return DARK if dark else LIGHT


def apply_theme(fig, dark: bool) -> None:
    """Recolour the figure, its axes, ticks, labels, titles, legends and grids."""
    c = colors(dark)
    fig.set_facecolor(c["bg"])
    for text in fig.texts:
        text.set_color(c["fg"])
    for legend in fig.legends:
        _theme_legend(legend, c)
    for ax in fig.axes:
        ax.set_facecolor(c["bg"])
        for spine in ax.spines.values():
            spine.set_color(c["edge"])
        ax.tick_params(colors=c["muted"], labelcolor=c["fg"], which="both")
        for label in (ax.xaxis.label, ax.yaxis.label, ax.title):
            label.set_color(c["fg"])
        for line in ax.get_xgridlines() + ax.get_ygridlines():
            line.set_color(c["grid"])
        legend = ax.get_legend()
        if legend is not None:
            _theme_legend(legend, c)
        for text in ax.texts:
            if getattr(text, "themed", True):
                text.set_color(c["fg"])


def _theme_legend(legend, c: dict) -> None:
    legend.get_frame().set_facecolor(c["bg"])
    legend.get_frame().set_edgecolor(c["edge"])
    for text in legend.get_texts():
        text.set_color(c["fg"])
