"""Light and dark colours for explorer figures, following the app's theme."""

from __future__ import annotations

# Okabe–Ito: distinguishable with the common forms of colour blindness.
# The last colour is a mid grey instead of Okabe–Ito's black, so it reads on both themes.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#7F7F7F")

LIGHT = {"bg": "#ffffff", "fg": "#1f2328", "grid": "#d0d7de", "muted": "#8b949e"}
DARK = {"bg": "#1e1f22", "fg": "#e6e6e6", "grid": "#3d4148", "muted": "#8b9096"}


def colors(dark: bool) -> dict:
    return DARK if dark else LIGHT


def apply_theme(fig, dark: bool) -> None:
    """Recolour the figure, its axes, ticks, labels, titles, legends and grids."""
    c = colors(dark)
    fig.set_facecolor(c["bg"])
    for text in fig.texts:
        text.set_color(c["fg"])
    for ax in fig.axes:
        ax.set_facecolor(c["bg"])
        for spine in ax.spines.values():
            spine.set_color(c["muted"])
        ax.tick_params(colors=c["fg"], which="both")
        for label in (ax.xaxis.label, ax.yaxis.label, ax.title):
            label.set_color(c["fg"])
        for line in ax.get_xgridlines() + ax.get_ygridlines():
            line.set_color(c["grid"])
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(c["bg"])
            legend.get_frame().set_edgecolor(c["muted"])
            for text in legend.get_texts():
                text.set_color(c["fg"])
        for text in ax.texts:
            if getattr(text, "themed", True):
                text.set_color(c["fg"])
