"""Which saved files the live preview sees, when a save is complete, and what it affects.

The watched files are docs/, snippets/, sitebuild/, overrides/, study/ (the seed study's
record) and mkdocs*.yml,
compared by (mtime, size). Polling costs about 1.5 ms per look at this
project's ~100 files, so it needs no file-system events and sees every editor's
way of saving.
"""
import os
import time
from pathlib import Path

WATCHED_DIRS = ("docs", "snippets", "sitebuild", "overrides", "study")
WATCHED_FILES = "mkdocs*.yml"
POLL_SECONDS = 0.05
# Editors save in two steps (write a temporary file then rename it; or truncate then
# write), a few milliseconds apart. A change counts once the files have stayed as they
# are for this long, so one save is one build, never a build of a half-written file; it
# is short because it adds to every save's time to the page.
SETTLE_SECONDS = 0.05
SETTLE_POLL_SECONDS = 0.01

Snapshot = dict[str, tuple[int, int]]


def _ignored(name: str) -> bool:
    """Editor leftovers and caches: swap files, backups, bytecode."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".pyc"))
            or name in ("__pycache__", "4913"))


def snapshot(root: Path) -> Snapshot:
    """(mtime, size) of every watched file, by path relative to the project."""
    state = {}
    for name in WATCHED_DIRS:
        for folder, dirs, files in os.walk(root / name):
            dirs[:] = [d for d in dirs if not _ignored(d)]
            for file in files:
                if not _ignored(file):
                    path = os.path.join(folder, file)
                    try:
                        stat = os.stat(path)
                    except FileNotFoundError:  # deleted while we looked
                        continue
                    state[os.path.relpath(path, root)] = (stat.st_mtime_ns, stat.st_size)
    for path in root.glob(WATCHED_FILES):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        state[path.name] = (stat.st_mtime_ns, stat.st_size)
    return state


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def wait_for_change(root: Path, seen: Snapshot, timeout: float | None = None,
                    clock=time.monotonic, sleep=time.sleep) -> tuple[Snapshot, list[str]] | None:
    """Wait until the watched files differ from `seen` and have then stayed still for
    SETTLE_SECONDS; return (that snapshot, the changed paths), or None after `timeout`
    seconds without a change."""
    started = clock()
    while (current := snapshot(root)) == seen:
        if timeout is not None and clock() - started >= timeout:
            return None
        sleep(POLL_SECONDS)
    still_since = clock()
    while clock() - still_since < SETTLE_SECONDS:
        sleep(SETTLE_POLL_SECONDS)
        latest = snapshot(root)
        if latest != current:
            current, still_since = latest, clock()
    return current, changed_paths(seen, current)


def affected(changed: list[str]) -> tuple[set[str] | None, bool]:
    """(languages to rebuild, None for all; whether the builder must be a fresh process).

    A page under docs/<code>/ affects its language only; anything else (a snippet, a
    template, a config, build code) every language. Build code is imported once per
    builder process, so an edit of it needs a fresh one."""
    languages, everything, fresh = set(), False, False
    for path in changed:
        parts = Path(path).parts
        if parts[0] == "docs" and len(parts) > 2:
            languages.add(parts[1])  # the builder rebuilds everything if it is not a language
        else:
            everything = True
        fresh = fresh or parts[0] == "sitebuild"
    return (None if everything else languages), fresh
