"""The one base class of the build's user-facing errors.

A BuildError is a mistake in the project's content or setup (a page, a
snippet, the data, a setting) and its message names the file (and line where
there is one), or the setting; the build prints it without a traceback. Any
other exception is a bug in the build and keeps its traceback.
"""


class BuildError(Exception):
    pass
