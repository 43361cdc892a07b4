"""The app as a user starts it: command-line flags and a second launch."""

import os
import re
import select
import subprocess
import sys
import time

from PySide6.QtNetwork import QLocalSocket

from studyapp import __version__
from studyapp.app import server_name

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "studyapp", *args], env=ENV,
                          capture_output=True, text=True, check=False, timeout=timeout)


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"DeepPrep {__version__}"


def test_time_startup_opens_the_real_window_and_quits(tmp_path):
    result = run("--time-startup", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"window painted \d+ ms after start-up began\n"
                        r"questions shown \d+ ms after start-up began\n", result.stdout)
    assert (tmp_path / "deepprep.sqlite3").exists()
    assert not (tmp_path / "deepprep.lock").exists()         # released on the way out


def test_self_test_passes_on_the_shipped_bank():
    result = run("--self-test", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("self-test ok:")


def test_self_test_fails_with_a_bad_extra_bank_and_a_damaged_data_folder(tmp_path):
    bad = tmp_path / "bank" / "01-x"
    bad.mkdir(parents=True)
    (bad / "_topic.toml").write_text('title = "X"\n')
    (bad / "010-bad.md").write_text("+++\nid = 'broken'\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "deepprep.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    result = run("--self-test", "--bank", str(tmp_path / "bank"), "--data-dir", str(data),
                 timeout=600)
    assert result.returncode == 1
    assert "010-bad.md:1: front matter is not closed" in result.stdout
    assert "data folder: " in result.stdout and "is damaged" in result.stdout
    assert (data / "deepprep.sqlite3").read_bytes()[16:20] == b"\x07" * 4   # untouched


def test_second_launch_raises_the_first_and_exits(qapp, tmp_path):
    data = tmp_path / "data"
    first = subprocess.Popen([sys.executable, "-m", "studyapp", "--data-dir", str(data)],
                             env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        socket = QLocalSocket()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            socket.connectToServer(server_name(data))
            if socket.waitForConnected(200):
                socket.disconnectFromServer()
                break
            assert first.poll() is None, first.stderr.read().decode()
            socket.abort()
        else:
            raise AssertionError("the first instance never started listening")
        second = run("--data-dir", str(data))
        assert second.returncode == 0
        assert "already running" in second.stdout
        assert first.poll() is None
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_start_up_does_not_load_the_plotting_backend(fixture_bank, tmp_path):
    script = (
        "import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from pathlib import Path; from studyapp.ui.startup import build_window;"
        f"w = build_window(Path({str(tmp_path)!r}), None, Path({str(fixture_bank)!r}));"
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    assert last_line_printed(script) == "[]"


def test_start_up_pauses_the_collector_and_turns_it_back_on(tmp_path):
    """Collections are held off while start-up builds what the app keeps; afterwards the
    collector runs again, skipping those objects (frozen), so that cycles made later
    are still freed."""
    script = (
        "import gc, sys; from studyapp import app;"
        f"code = app.main(['--time-startup', '--data-dir', {str(tmp_path)!r}]);"
        "print(code, gc.isenabled(), gc.get_freeze_count() > 10_000)"
    )
    assert last_line_printed(script) == "0 True True"


def last_line_printed(script: str) -> str:
    """The last line a Python ``script`` run in a fresh process printed (it must succeed)."""
    result = subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "studyapp", *map(str, args)], env=ENV,
                          capture_output=True, text=True, timeout=120, check=False)


def test_command_line_export_and_import(tmp_path):
    data = tmp_path / "data"
    out = run_cli("export", "--apkg", tmp_path / "a.apkg", "--topic",
                  "16-attention-and-transformers", "--data-dir", data)
    assert out.returncode == 0 and out.stdout.startswith(f"wrote {tmp_path / 'a.apkg'}: 11 ")
    (tmp_path / "q.csv").write_text("front,back\nWhat is a tensor?,An n-d array.\n,\n")
    out = run_cli("--data-dir", data, "import", "--csv", tmp_path / "q.csv")
    assert out.returncode == 0
    assert out.stdout.strip().endswith("1 questions added, 1 skipped")
    assert "line 3" in out.stderr
    out = run_cli("export", "--progress", tmp_path / "p.json", "--data-dir", data)
    assert out.returncode == 0 and "rows" in out.stdout
    out = run_cli("import", "--progress", tmp_path / "p.json", "--data-dir", tmp_path / "d2")
    assert out.returncode == 0
    out = run_cli("import", "--progress", tmp_path / "q.csv", "--data-dir", data)
    assert out.returncode == 1 and "not a DeepPrep progress file" in out.stderr
    out = run_cli("export", "--apkg", tmp_path / "b.apkg", "--tag", "no-such-tag",
                  "--data-dir", data)
    assert out.returncode == 1 and "nothing to export" in out.stderr


def test_two_launches_at_once_leave_one_window(tmp_path):
    data = str(tmp_path / "data")
    launches = [subprocess.Popen([sys.executable, "-m", "studyapp", "--data-dir", data],
                                 env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
    try:
        # The launch that gives way prints and exits; the window of the other stays.
        ready, _, _ = select.select([p.stdout for p in launches], [], [], 90)
        assert len(ready) == 1, "neither launch gave way"
        loser = next(p for p in launches if p.stdout is ready[0])
        assert "already running" in loser.stdout.read() and loser.wait(timeout=30) == 0
        winner = next(p for p in launches if p is not loser)
        assert winner.poll() is None
    finally:
        for p in launches:
            p.terminate()
            p.wait(timeout=30)


def test_help_lists_the_export_and_import_commands():
    result = run("--help")
    assert result.returncode == 0
    assert "deepprep export --apkg FILE" in result.stdout
    assert "deepprep import --csv FILE" in result.stdout
