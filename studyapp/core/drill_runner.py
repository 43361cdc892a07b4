"""Child process for coding drills: run the candidate's code, then the hidden tests.

Reads ``{"code", "tests", "memory_mb", "cpu_seconds", "token"}`` as JSON on stdin and
prints one JSON line, prefixed with the token, as its last line. The token is known only
to this module and the parent, so output the candidate's code writes cannot pass for a
result; what it prints is captured (up to a limit) and shown apart.
"""

from __future__ import annotations

import io
import json
import os
import sys
import traceback

OUTPUT_LIMIT = 4000         # characters of the candidate's printed output shown with the result
FILE_LIMIT_MB = 16          # the largest file the candidate's code may write
SPARE_PROCESSES = 16        # processes the candidate's code may start beyond the user's own


class CappedText(io.TextIOBase):
    """A text stream keeping the first OUTPUT_LIMIT characters and counting the rest."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        room = OUTPUT_LIMIT - self.size
        if room > 0:
            self.kept.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def text(self) -> str:
        more = f"\n… ({self.dropped:,} more characters not shown)" if self.dropped else ""
        return "".join(self.kept) + more


def _user_processes() -> int:
    """How many processes this user runs now (Linux); 0 where it cannot be told."""
    try:
        uid = os.getuid()
        return sum(1 for entry in os.scandir("/proc")
                   if entry.name.isdigit() and entry.stat().st_uid == uid)
    except (AttributeError, OSError):
        return 0


def limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    """Memory, CPU time, file size and (on Linux) how many processes the code may start."""
    try:
        import resource
    except ImportError:  # not on Windows; the parent's time limit still applies
        return
    limits = [(resource.RLIMIT_AS, memory_mb * 1024 * 1024),
              (resource.RLIMIT_CPU, cpu_seconds),
              (resource.RLIMIT_FSIZE, FILE_LIMIT_MB * 1024 * 1024)]
    running = _user_processes()
    if running and os.getuid() != 0:          # root is not held by RLIMIT_NPROC anyway
        limits.append((resource.RLIMIT_NPROC, running + SPARE_PROCESSES))
    for kind, value in limits:
        _soft, hard = resource.getrlimit(kind)
        cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
        try:
            resource.setrlimit(kind, (cap, hard))
        except (ValueError, OSError):
            continue


def describe(exc: BaseException) -> str:
    if isinstance(exc, AssertionError) and str(exc):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f"line {f.lineno}" for f in reversed(frames) if f.filename == "<your code>"), "")
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{text} ({where})" if where else text


def main() -> int:
    request = json.loads(sys.stdin.read())
    token = request.pop("token", "")
    out = sys.stdout
    printed = sys.stdout = sys.stderr = CappedText()   # prints never reach the result line
    limit_resources(request["memory_mb"], request.get("cpu_seconds", 10))
    outcomes: list[dict[str, object]] = []
    result: dict[str, object] = {"outcomes": outcomes, "error": ""}
    namespace: dict = {"__name__": "candidate"}
    try:
        exec(compile(request.pop("code"), "<your code>", "exec"), namespace)  # noqa: S102 - sandboxed child
    except SystemExit:
        result["error"] = "Your code called sys.exit() before the tests could run."
    except BaseException as exc:  # noqa: BLE001 - reported to the candidate
        result["error"] = f"Your code failed to run: {describe(exc)}"
    if not result["error"]:
        from studyapp.core.drill_checks import assert_close, preview

        tests: dict = {"assert_close": assert_close, "preview": preview}
        exec(compile(request["tests"], "<tests>", "exec"), tests)  # noqa: S102 - bank tests
        for name, test in tests.items():
            if not name.startswith("test_") or not callable(test):
                continue
            try:
                test(namespace)
                outcomes.append({"name": name, "passed": True, "message": ""})
            except BaseException as exc:  # noqa: BLE001 - every failure is a result
                outcomes.append({"name": name, "passed": False, "message": describe(exc)})
    result["output"] = printed.text()
    out.write("\n" + token + json.dumps(result) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
