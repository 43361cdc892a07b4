

def test_display_math_glued_to_a_paragraph_still_renders():
    from studyapp.core.render import extract_formulas, separate_display_math, stray_dollars

    text = "Forward:\n$$\nx_t = a\n$$\nthen text.\n$$ y = b $$\nend\n```\n$$ in code\n```"
    assert extract_formulas(text) == [("x_t = a", True), ("y = b", True)]
    assert not stray_dollars(text)
    assert stray_dollars("cost is $$5 and $$6 dollars")
    assert separate_display_math("a\n$$\nx\n$$\nb") == "a\n\n$$\nx\n$$\n\nb"
