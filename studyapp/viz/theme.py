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


_text_scale = 1.0     # the app's text size, set by the ui


def colors(dark: bool) -> dict:
    return DARK if dark else LIGHT


def set_text_scale(scale: float) -> None:
    """The app's text size (1.0 for 100 %): charts themed from now on draw their text
    larger by its square root (141 % at 200 %), as the figure does not grow with the
    text and its data needs the room as well."""
    global _text_scale
    _text_scale = scale ** 0.5


def scale_text(fig, scale: float) -> None:
    """Every text of the figure at the size it was made with times ``scale``. Each text
    and axis remembers its own size, so scaling again does not compound."""
    if scale == getattr(fig, "text_scale", 1.0) == 1.0:
        return                             # nothing was ever scaled: nothing to undo
    from matplotlib.text import Text

    fig.text_scale = scale
    ticks = set()
    for ax in fig.axes:
        for axis in (getattr(ax, name) for name in ("xaxis", "yaxis", "zaxis")
                     if hasattr(ax, name)):
            # all the ticks the axis will show, made now: one made later (by findobj,
            # say) copies the first one's size, already scaled
            for which, made in (("major", axis.get_major_ticks()),
                                ("minor", axis.get_minor_ticks())):
                if not made:
                    continue
                base = axis.__dict__.setdefault(f"base_{which}_size",
                                                made[0].label1.get_fontsize())
                axis.set_tick_params(which=which, labelsize=base * scale)
                ticks.update(id(label) for tick in made for label in (tick.label1, tick.label2))
    for text in fig.findobj(Text):
        if id(text) not in ticks:
            text.set_fontsize(text.__dict__.setdefault("base_size", text.get_fontsize())
                              * scale)


def apply_theme(fig, dark: bool) -> None:
    """Recolour the figure, its axes, ticks, labels, titles, legends and grids; size its
    text for the app's text size."""
    scale_text(fig, _text_scale)
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


def follow_theme(fig) -> None:
    """Theme axes built after the view applied its theme (a new layout), in the theme the
    figure's background already shows."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(fig.get_facecolor())
    apply_theme(fig, 0.299 * r + 0.587 * g + 0.114 * b < 0.5)
