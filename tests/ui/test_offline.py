"""DeepPrep works with the network unreachable: nothing tries to open a socket."""

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
