"""Light and dark themes: Fusion palette plus a small style sheet per theme."""

from __future__ import annotations

import os
import re
import sys

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from studyapp import paths

THEME_CHOICES = ("system", "light", "dark")


def system_is_dark() -> bool:
    from PySide6.QtCore import Qt  # building Qt's namespace takes tens of milliseconds

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> bool:
    """True when the chosen theme ("system", "light" or "dark") is dark."""
    return system_is_dark() if choice == "system" else choice == "dark"


def _palette(dark: bool) -> QPalette:
    pal = QPalette()
    if dark:
        colors = {
            QPalette.Window: "#232427", QPalette.WindowText: "#e6e6e6",
            QPalette.Base: "#1e1f22", QPalette.AlternateBase: "#2a2c30",
            QPalette.Text: "#e6e6e6", QPalette.Button: "#2d2f33",
            QPalette.ButtonText: "#e6e6e6", QPalette.Highlight: "#2f6fd0",
            QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: "#2d2f33",
            QPalette.ToolTipText: "#e6e6e6", QPalette.PlaceholderText: "#8b9096",
            QPalette.Link: "#7ab7ff", QPalette.BrightText: "#ff6b6b",
        }
    else:
        colors = {
            QPalette.Window: "#f6f7f9", QPalette.WindowText: "#1f2328",
            QPalette.Base: "#ffffff", QPalette.AlternateBase: "#f3f5f8",
            QPalette.Text: "#1f2328", QPalette.Button: "#f0f2f5",
            QPalette.ButtonText: "#1f2328", QPalette.Highlight: "#2f6fd0",
            QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: "#ffffdc",
            QPalette.ToolTipText: "#1f2328", QPalette.PlaceholderText: "#8b949e",
            QPalette.Link: "#0b63c5", QPalette.BrightText: "#c0392b",
        }
    for role, color in colors.items():
        pal.setColor(role, QColor(color))
    pal.setColor(QPalette.Disabled, QPalette.Text, QColor("#777777"))
    pal.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#777777"))
    return pal


TEXT_SCALES = (0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


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
    app.setPalette(_palette(dark))
    qss = paths.resources_dir() / ("dark.qss" if dark else "light.qss")
    sheet = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * text_scale:.1f}pt",
                   qss.read_text(encoding="utf-8") if qss.exists() else "")
    if app.styleSheet() != sheet:        # re-polishing every widget is costly
        app.setStyleSheet(sheet)
