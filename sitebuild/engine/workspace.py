"""Folders that belong to one process, and their removal once that process is gone.

A build's work folder (`settings.WORK_ROOT/<pid>/`, see settings.py) and an
execution-cache entry being written (`<experiment>/.tmp-<key>-<pid>`) are named
after the process that owns them. The process removes its own at the end; if
it was killed, the next build removes what a process no longer alive left.
"""
import atexit
import os
import shutil
from functools import cache
from pathlib import Path

from sitebuild import settings


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_if_owner_gone(folder: Path, pid: int) -> bool:
    """Remove `folder` if process `pid` is no longer alive; say whether it was removed."""
    if pid == os.getpid() or process_alive(pid):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def prepare_work_dir(config: settings.Settings) -> Path:
    """This process's work folder: created, removed when the process exits; the folders
    of build processes no longer alive are removed first."""
    root = config.work_dir.parent
    if root.is_dir():
        for folder in root.iterdir():
            if folder.name.isdigit():
                remove_if_owner_gone(folder, int(folder.name))
    config.work_dir.mkdir(parents=True, exist_ok=True)
    _remove_at_exit(config.work_dir)
    return config.work_dir


@cache  # once per folder and process
def _remove_at_exit(folder: Path) -> None:
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


RENDER_STORE_ENTRIES = 48  # per language: the notebook pages of several versions and settings


def seed_render_cache(config: settings.Settings, lang: str) -> None:
    """Copy the shared notebook renders into this build's mkdocs-jupyter cache: the plugin
    deletes every entry its build did not use, so it must not work in the shared folder."""
    store, mine = config.notebook_render_store_dir(lang), config.notebook_render_cache_dir(lang)
    mine.mkdir(parents=True, exist_ok=True)
    for entry in store.glob("*.json"):
        if not (mine / entry.name).exists():
            try:
                shutil.copyfile(entry, mine / entry.name)
            except FileNotFoundError:  # evicted by another build meanwhile: rendered again
                pass


def publish_render_cache(config: settings.Settings, lang: str) -> None:
    """Add this build's renders to the shared store, each whole (rename), and keep the
    RENDER_STORE_ENTRIES most recently used."""
    store, mine = config.notebook_render_store_dir(lang), config.notebook_render_cache_dir(lang)
    store.mkdir(parents=True, exist_ok=True)
    for entry in mine.glob("*.json"):
        shared = store / entry.name
        try:
            os.utime(shared)  # most recently used
        except FileNotFoundError:
            tmp = store / f".{entry.name}.{os.getpid()}"
            shutil.copyfile(entry, tmp)
            os.replace(tmp, shared)
    by_use = sorted(store.glob("*.json"), key=_mtime_or_zero, reverse=True)
    for old in by_use[RENDER_STORE_ENTRIES:]:
        old.unlink(missing_ok=True)


def _mtime_or_zero(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by another build meanwhile
        return 0.0

