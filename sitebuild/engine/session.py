"""One build's session: its settings, the execution cache, and what it did.

A session replaces what used to be the engine's process-wide state: which
experiments this build executed or served from the cache (the build record),
and which ones SITE_FORCE_EXECUTE has already re-run (so a build of every
language re-runs each once, not once per language).

`sitebuild/build.py` starts one session per build and makes it the active one
(`with session.active(BuildSession.start()):`); the MkDocs hooks ask for
`session.current()`, which is that one, or, under a bare `mkdocs build` or
`mkdocs serve`, one session for the whole process.
"""
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import settings
from sitebuild.engine import workspace
from sitebuild.engine.cache import ExecutionCache


@dataclass
class BuildSession:
    settings: settings.Settings
    cache: ExecutionCache
    project_root: Path = settings.PROJECT_ROOT
    outcomes: dict[str, str] = field(default_factory=dict)  # experiment -> "executed" | "cached"
    forced: set[str] = field(default_factory=set)           # re-run here by SITE_FORCE_EXECUTE

    @classmethod
    def start(cls, config: settings.Settings | None = None,
              project_root: Path = settings.PROJECT_ROOT) -> "BuildSession":
        config = config or settings.current()
        workspace.prepare_work_dir(config)
        return cls(config, ExecutionCache(config.cache_dir, config.cache_entries), project_root)

    def note(self, name: str, how: str) -> None:
        if self.outcomes.get(name) != "executed":  # a later language's cache hit does not hide the run
            self.outcomes[name] = how

    def must_force(self, name: str) -> bool:
        return self.settings.force_execute and name not in self.forced


_active: list[BuildSession] = []  # the build's session while it runs (build.py); innermost last
_process_default: list[BuildSession] = []


@contextmanager
def active(build_session: BuildSession) -> Iterator[BuildSession]:
    _active.append(build_session)
    try:
        yield build_session
    finally:
        _active.remove(build_session)


def current() -> BuildSession:
    """The active build's session; outside one (a bare `mkdocs build`), this process's."""
    if _active:
        return _active[-1]
    if not _process_default:
        _process_default.append(BuildSession.start())
    return _process_default[0]
