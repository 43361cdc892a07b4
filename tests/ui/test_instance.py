"""The data folder's lock: taken over from another computer only when the user agrees,
named when it blocks, and honoured by the command line."""

import os
import socket
import subprocess
import sys

from studyapp.ui import instance

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def foreign_lock(data_dir, host="usb-laptop"):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / instance.LOCK_NAME).write_text(f"4242\ndeepprep\n{host}\nmachine\nboot\n")


def test_a_lock_left_by_another_computer_is_taken_over_when_the_user_agrees(tmp_path):
    foreign_lock(tmp_path)
    lock = instance.data_lock(tmp_path)
    asked = []
    assert not instance.acquire(lock, lambda: asked.append(True) or False)
    assert asked == [True]
    assert "process 4242 on usb-laptop" in instance.describe(tmp_path, lock)
    assert "usb-laptop" in (tmp_path / instance.LOCK_NAME).read_text()    # left alone
    assert instance.acquire(lock, lambda: True)
    assert instance.holder(lock) is None or instance.holder(lock)[0] == os.getpid()
    assert str(os.getpid()) in (tmp_path / instance.LOCK_NAME).read_text()
    lock.unlock()


def test_a_lock_of_a_running_process_here_is_never_offered_for_take_over(tmp_path):
    held = instance.data_lock(tmp_path)
    assert held.tryLock(100)
    other = instance.data_lock(tmp_path)
    assert instance.holder(other) == (os.getpid(), socket.gethostname())
    assert not instance.is_abandoned(other)
    assert not instance.acquire(other, lambda: True)
    held.unlock()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "studyapp", *map(str, args)], env=ENV,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_command_line_refuses_while_the_app_holds_the_folder(tmp_path):
    held = instance.data_lock(tmp_path)
    assert held.tryLock(100)
    out = run_cli("export", "--progress", tmp_path / "p.json", "--data-dir", tmp_path)
    held.unlock()
    assert out.returncode == 1
    assert "DeepPrep is running" in out.stderr and instance.LOCK_NAME in out.stderr
    assert not (tmp_path / "p.json").exists()
    out = run_cli("export", "--progress", tmp_path / "p.json", "--data-dir", tmp_path)
    assert out.returncode == 0, out.stderr


def test_command_line_failures_are_one_line_never_a_traceback(tmp_path):
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "deepprep.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    folder = tmp_path / "folder"
    (folder / "deepprep.sqlite3").mkdir(parents=True)
    for data in (damaged, folder):
        out = run_cli("export", "--progress", tmp_path / "p.json", "--data-dir", data)
        assert out.returncode == 1
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
        assert out.stderr.startswith("deepprep export: ")
