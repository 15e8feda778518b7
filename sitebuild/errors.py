"""The one base class of the build's user-facing errors, and how a command reports one.

A BuildError is a mistake in the project's content or setup (a page, a
snippet, the data, a setting) and its message names the file (and line where
there is one); a command prints it as one line, without a traceback. Any other
exception is a bug in the build and keeps its traceback.
"""
import sys
from collections.abc import Callable


class BuildError(Exception):
    pass


def exit_status(main: Callable[[list[str] | None], int | None], argv: list[str] | None = None) -> int:
    """Run a command's `main(argv)`: a BuildError becomes `error: <message>` and status 1."""
    try:
        return main(argv) or 0
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
