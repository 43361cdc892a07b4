"""One palette for widgets, pages, code and charts, and every colour pair in it readable."""

import re
from pathlib import Path

import pytest
from pygments.token import Comment, Keyword, Name, Number, String

from studyapp.core import palette
from studyapp.core.render import DARK, LIGHT, page_css

ROOT = Path(__file__).parents[2]
HEX = re.compile(r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?\b|#[0-9a-fA-F]{3}\b")


def test_contrast_follows_wcag():
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert palette.contrast("#ffffff", "#777777") == palette.contrast("#777777", "#ffffff")


@pytest.mark.parametrize("colors", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
def test_every_colour_pair_meets_wcag_aa(colors):
    roles = palette.roles(colors)
    failing = [(fg, bg, round(palette.contrast(roles[fg], roles[bg]), 2))
               for fg, bg, least in palette.CONTRAST_PAIRS
               if palette.contrast(roles[fg], roles[bg]) < least]
    assert failing == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_code_colours_are_readable_on_the_code_background(dark):
    style = palette.pygments_style(palette.code_style_name(dark))
    background = palette.get(dark).code_bg
    assert style.background_color == background
    for token in (Keyword, Name.Function, Name.Class, Name.Builtin, String, Number, Comment):
        color = "#" + style.style_for_token(token)["color"]
        assert palette.contrast(color, background) >= palette.TEXT, (token, color)


def test_function_names_in_dark_code_are_not_navy_on_black():
    style = palette.pygments_style(palette.code_style_name(True))
    function = "#" + style.style_for_token(Name.Function)["color"]
    assert palette.contrast(function, palette.DARK.code_bg) >= 7


@pytest.mark.parametrize("colors", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
def test_chart_marks_stand_out_from_the_chart_background(colors):
    for series in (*palette.SERIES, palette.NEUTRAL):
        assert palette.contrast(series, colors.surface) >= palette.UI, series


def test_page_css_and_code_come_from_the_palette():
    for theme, colors in ((LIGHT, palette.LIGHT), (DARK, palette.DARK)):
        css = page_css(theme)
        assert f"color: {colors.text}" in css and f"color: {colors.muted}" in css
        assert theme.code_style == palette.code_style_name(colors.dark)


def test_no_colour_is_named_outside_the_palette():
    """Colours live in studyapp/core/palette.py only; the rest refer to its roles."""
    found = []
    for path in [*(ROOT / "studyapp").rglob("*.py"), *(ROOT / "resources").glob("*.qss")]:
        if path == ROOT / "studyapp" / "core" / "palette.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  #")[0] if path.suffix == ".py" else line
            if HEX.search(code):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
