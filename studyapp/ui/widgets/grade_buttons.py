"""Again / Hard / Good / Easy buttons, each in its palette colour (flashcards and interviews).

The name and interval are drawn in the grade's colour on the ordinary button face with a
bar of that colour along the bottom edge; hovering or pressing fills the button with it.
Both pairs are held to AA contrast by the palette's test (``GRADE_ROLES``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from studyapp.core.palette import GRADE_ROLES, Palette


def grade_style(colors: Palette, grade: int) -> str:
    """The style sheet of the button for ``grade`` (1–4) in these colours."""
    tint = getattr(colors, GRADE_ROLES[grade])
    return (f"QPushButton {{ color: {tint}; font-weight: 600; background: {colors.raised};"
            f" border: 1px solid {colors.border}; border-bottom: 3px solid {tint};"
            " border-radius: 6px; padding: 4px 14px; }"
            f"QPushButton:hover, QPushButton:pressed, QPushButton:focus {{ background: {tint};"
            f" color: {colors.on_accent}; border-color: {tint}; }}")


def style_grade_buttons(buttons: dict[int, QPushButton], colors: Palette) -> None:
    for grade, button in buttons.items():
        button.setStyleSheet(grade_style(colors, grade))
