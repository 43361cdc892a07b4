"""The window part of ``--self-test``: a first session on a scratch folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication

from studyapp.core.grading import suggest
from studyapp.core.render import DARK, LIGHT
from studyapp.services.search import Search
from studyapp.ui import theme
from studyapp.ui.main_window import MODES
from studyapp.ui.startup import build_window
from studyapp.ui.widgets.code_editor import CodeEditor
from studyapp.viz import registry


def window_session(data_dir: Path, failures: list[str]) -> None:
    """Open the real window on a scratch folder and use what a first session uses:
    every mode and explorer, search, grading, the code editor and the instance lock."""
    app = QApplication.instance() or theme.new_application()
    data_dir.mkdir()
    window = build_window(data_dir)
    try:
        for index in range(len(MODES)):
            window.set_mode(index)
            app.processEvents()
        for eid in registry.ids():
            window.open_explorer(eid)
            app.processEvents()
        if window.grab().isNull():
            failures.append("the main window did not paint")
        if not Search(window.ctx.index).find("gradient"):
            failures.append("search found nothing for 'gradient'")
        if suggest("the gradient vanishes", ["gradients vanish", "weights explode"]) != [
                True, False]:
            failures.append("key-point grading gave a wrong suggestion")
        for style in (LIGHT.code_style, DARK.code_style):
            CodeEditor(style).setPlainText("def f(x):\n    return x  # ok\n")
        server = QLocalServer()
        if not server.listen(f"deepprep-self-test-{os.getpid()}"):
            failures.append(f"single-instance server: {server.errorString()}")
        server.close()
    finally:
        window.close()
        window.ctx.db.close()
