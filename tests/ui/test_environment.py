"""A hostile environment: no network at all, and a data folder that cannot be written."""

import os
import re
import shutil
import subprocess
import sys

import pytest

SESSION = """
import os, socket, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from studyapp.checks import self_test
assert self_test([]) == 0
from studyapp.ui.startup import build_window
window = build_window(Path(sys.argv[1]), None, Path(sys.argv[2]))
window.show()
for mode in range(6):
    window.set_mode(mode)
    app.processEvents()
window.open_explorer("softmax")
window.open_question("relu-definition")
app.processEvents()
from studyapp.core.drills import run
drill = window.ctx.bank.questions["softmax-drill"].drill
assert run(drill.solution, drill).passed
a, b = socket.socketpair(socket.AF_UNIX)   # a local socket: proves the trace sees sockets
print("session ok")
"""


def test_self_test_and_a_session_open_only_local_sockets(tmp_path, fixture_bank):
    """Every socket the process and its children open, as the kernel sees them (strace),
    Qt's own included: only AF_UNIX."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed: the socket trace cannot run here")
    log = tmp_path / "trace.log"
    (tmp_path / "data").mkdir()
    done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,socketpair", "-o",
                           str(log), sys.executable, "-c", SESSION, str(tmp_path / "data"),
                           str(fixture_bank)], capture_output=True, text=True, check=False,
                          timeout=900, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if "PTRACE" in done.stderr or "Operation not permitted" in done.stderr:
        pytest.skip(f"strace cannot trace here: {done.stderr.strip()[-200:]}")
    assert done.returncode == 0 and "session ok" in done.stdout, done.stderr[-2000:]
    families = re.findall(r"socket(?:pair)?\((AF_[A-Z0-9]+|\d+)", log.read_text())
    assert "AF_UNIX" in families                      # the trace works
    assert set(families) == {"AF_UNIX"}


def test_an_unwritable_data_folder_offers_another(tmp_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from studyapp.ui import startup

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: shown.append(a[2]) or QMessageBox.Open)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *a, **k: str(tmp_path / "elsewhere"))
    assert startup.ensure_data_dir(blocked / "data") == tmp_path / "elsewhere"
    assert "cannot write to" in shown[0] and blocked.read_text() == "not a folder"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Cancel)
    assert startup.ensure_data_dir(blocked / "data") is None


def test_a_full_data_folder_leaves_no_probe_file(tmp_path, monkeypatch, qapp):
    import errno
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    from studyapp.ui import startup

    def full(self, *args, **kwargs):
        self.touch()                                  # created, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Cancel)
    assert startup.ensure_data_dir(tmp_path / "data") is None
    assert list((tmp_path / "data").iterdir()) == []
