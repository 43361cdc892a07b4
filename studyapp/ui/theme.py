"""Light and dark themes: the Fusion style with a Qt palette and a style sheet, both
filled from studyapp.core.palette."""

from __future__ import annotations

import os
import re
import string
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from studyapp import paths
from studyapp.core import palette
from studyapp.viz import theme as chart_theme

THEME_CHOICES = ("system", "light", "dark")


def system_is_dark() -> bool:
    from PySide6.QtCore import Qt  # building Qt's namespace takes tens of milliseconds

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> bool:
    """True when the chosen theme ("system", "light" or "dark") is dark."""
    return system_is_dark() if choice == "system" else choice == "dark"


def _palette(dark: bool) -> QPalette:
    colors = palette.get(dark)
    pal = QPalette()
    for role, name in (
        (QPalette.Window, "window"), (QPalette.WindowText, "text"), (QPalette.Base, "surface"),
        (QPalette.AlternateBase, "surface_alt"), (QPalette.Text, "text"),
        (QPalette.Button, "raised"), (QPalette.ButtonText, "text"),
        (QPalette.Highlight, "selection"), (QPalette.HighlightedText, "on_selection"),
        (QPalette.ToolTipBase, "tooltip_bg"), (QPalette.ToolTipText, "tooltip_text"),
        (QPalette.PlaceholderText, "placeholder"), (QPalette.Link, "accent"),
        (QPalette.LinkVisited, "accent"), (QPalette.BrightText, "danger"),
        (QPalette.Mid, "border"), (QPalette.Accent, "accent"),
    ):
        pal.setColor(role, QColor(getattr(colors, name)))
    for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
        pal.setColor(QPalette.Disabled, role, QColor(colors.disabled))
    return pal


def style_sheet(dark: bool, text_scale: float = 1.0) -> str:
    """The style sheet: resources/style.qss with the palette's colours filled in and its
    point sizes scaled."""
    colors = palette.get(dark)
    qss = paths.resources_dir() / "style.qss"
    template = qss.read_text(encoding="utf-8") if qss.exists() else ""
    sheet = string.Template(template).safe_substitute(
        palette.roles(colors), check_mark=_check_mark(colors.on_accent),
        radio_dot=_radio_dot(colors.on_accent),
        indicator=f"{round(13 * text_scale)}px",       # check boxes and radio buttons
        indicator_round=f"{(round(13 * text_scale) + 2) // 2}px")   # grow with the text
    return re.sub(r"(\d+(?:\.\d+)?)pt",
                  lambda m: f"{float(m.group(1)) * text_scale:.1f}pt", sheet)


def _check_mark(color: str) -> str:
    return _svg_file(f"check-{color.lstrip('#')}",
                     '<path d="M2.5 6.8 5.2 9.4 10.5 3.6" fill="none" '
                     f'stroke="{color}" stroke-width="1.8" stroke-linecap="round" '
                     'stroke-linejoin="round"/>')


def _radio_dot(color: str) -> str:
    return _svg_file(f"dot-{color.lstrip('#')}",
                     f'<circle cx="6.5" cy="6.5" r="3" fill="{color}"/>')


def _svg_file(name: str, shape: str) -> str:
    """A 13×13 mark (a check mark, a dot) as an SVG file the style sheet can point to
    (style sheets take images only from files), written once per colour; "" if it
    cannot be. The folder comes from Qt: platformdirs would cost the first paint 8 ms
    to import."""
    from PySide6.QtCore import QStandardPaths

    cache = QStandardPaths.writableLocation(QStandardPaths.GenericCacheLocation)
    folder = Path(cache) / paths.APP_NAME / "style"
    path = folder / f"{name}.svg"
    if not path.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="13" height="13" '
                            f'viewBox="0 0 13 13">{shape}</svg>', encoding="utf-8")
        except OSError:
            return ""
    return path.as_posix()


_current = palette.LIGHT


def current() -> palette.Palette:
    """The palette the application is painted with (for colours inside rich text)."""
    return _current


TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
LARGE_TEXT = 1.5     # from this text size on, side-by-side panes and rows stack


def large_text(scale: float) -> bool:
    """Whether a screen lays its panes and header rows out one under the other."""
    return scale >= LARGE_TEXT


def new_application() -> QApplication:
    """The application in the Fusion style the palettes and style sheets are made for.
    The style is chosen by argument: asking for the style object from Python builds
    QStyle's enums, which would cost the first paint a tenth of an empty window's."""
    app = QApplication([sys.argv[0] or paths.APP_NAME, "-style", "fusion"])
    if os.environ.get("QT_STYLE_OVERRIDE"):      # it outranks -style
        app.setStyle("Fusion")
    return app


def apply(app: QApplication, dark: bool, text_scale: float = 1.0) -> None:
    """Palette and text size: the style sheet's point sizes are scaled, and answers
    and their math follow the widgets' font size."""
    global _current
    _current = palette.get(dark)
    chart_theme.set_text_scale(text_scale)
    app.setPalette(_palette(dark))
    sheet = style_sheet(dark, text_scale)
    if app.styleSheet() != sheet:        # re-polishing every widget is costly
        app.setStyleSheet(sheet)
