"""Child process for coding drills: run the candidate's code, then the hidden tests.

Reads ``{"code", "tests", "memory_mb"}`` as JSON on stdin and prints one JSON line.
"""

from __future__ import annotations

import io
import json
import sys
import traceback

OUTPUT_LIMIT = 4000     # characters of the candidate's printed output shown with the result


def limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows; the time limit still applies
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def describe(exc: BaseException) -> str:
    if isinstance(exc, AssertionError) and str(exc):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f"line {f.lineno}" for f in reversed(frames) if f.filename == "<your code>"), "")
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{text} ({where})" if where else text


def main() -> int:
    request = json.loads(sys.stdin.read())
    out = sys.stdout
    printed = sys.stdout = io.StringIO()    # the candidate's prints must not corrupt the result
    limit_memory(request["memory_mb"])
    result = {"outcomes": [], "error": ""}
    namespace: dict = {"__name__": "candidate"}
    try:
        exec(compile(request["code"], "<your code>", "exec"), namespace)  # noqa: S102 - sandboxed child
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
                result["outcomes"].append({"name": name, "passed": True, "message": ""})
            except BaseException as exc:  # noqa: BLE001 - every failure is a result
                result["outcomes"].append({"name": name, "passed": False,
                                           "message": describe(exc)})
    text = printed.getvalue()
    result["output"] = text if len(text) <= OUTPUT_LIMIT else (
        text[:OUTPUT_LIMIT] + f"\n… ({len(text) - OUTPUT_LIMIT:,} more characters not shown)")
    out.write(json.dumps(result) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
