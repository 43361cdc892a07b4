"""A hostile environment: no network at all, and a data folder that cannot be written."""

import socket

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_self_test_and_a_session_open_no_socket(no_network, qtbot, make_window, fixture_bank):
    from studyapp.checks import self_test

    assert self_test([]) == 0
    window = make_window()
    for key in (Qt.Key_1, Qt.Key_2, Qt.Key_3, Qt.Key_4, Qt.Key_5):
        qtbot.keyClick(window, key, Qt.ControlModifier)
    window.open_explorer("softmax")
    window.open_question("relu-definition")
    assert no_network == []


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
