"""Opening the largest answer (Markdown, math and code) and switching between answers."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

SWITCHES = 20


def answer_switch() -> dict:
    """Median time to show an answer again (math already typeset), against a bare text
    browser showing plain text of the same length; the first opening is reported too."""
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from studyapp.ui.startup import build_window

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        window = build_window(Path(tmp))
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        pane = window.browse.pane
        by_size = sorted(window.ctx.bank.questions.values(),
                         key=lambda q: len(q.short) + len(q.details), reverse=True)
        largest, second = by_size[0], by_size[1]

        def show(question) -> float:
            start = time.perf_counter()
            pane.show_question(question)
            pane.answer.viewport().repaint()
            return time.perf_counter() - start

        first = show(largest)
        show(second)
        switches = [show(q) for _ in range(SWITCHES // 2) for q in (largest, second)]
        plain = "<p>" + "word " * ((len(largest.short) + len(largest.details)) // 5) + "</p>"
        bare = QTextBrowser()
        bare.resize(pane.answer.size())
        bare.show()
        floors = []
        for _ in range(SWITCHES):
            start = time.perf_counter()
            bare.setHtml(plain)
            bare.viewport().repaint()
            floors.append(time.perf_counter() - start)
        window.close()
        window.ctx.db.close()
    value, floor = statistics.median(switches) * 1000, statistics.median(floors) * 1000
    return {"value": value, "floor": floor, "unit": "ms", "ratio": value / floor,
            "goal": "< 16.7 ms (one 60 Hz frame) when cached", "first_open_ms": first * 1000,
            "question": largest.id}
