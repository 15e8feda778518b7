"""The execution cache: one folder per experiment, one entry per cache key.

    <cache>/<experiment>/<key>/     results.json, run.json, the run's files, manifest.json
    <cache>/<experiment>/.lock      held while an entry of the experiment is looked up or written
    <cache>/<experiment>/.tmp-<key>-<pid>/   an entry being written by process <pid>

The key is a hash of what decides an experiment's output: the snippet's
source, every project module it imports (transitively, the `snippets`
package's __init__ included), the runner's files (RUNNER_FILES), what the
child collects (the experiment's kind), the data file, and the Python /
TensorFlow / Keras / NumPy versions. Build-side metadata (floors, claims,
figures, the engine's messages) and prose are not in it, so editing them
costs no execution.

An entry is written to a temporary folder and renamed into place, with a
manifest of SHA-256 hashes: an entry whose manifest is missing or does not
match is treated as absent. Each experiment keeps its `keep` most recently
used entries. A temporary folder whose process is gone (a killed build) is
removed the next time its experiment is locked.
"""
import ast
import fcntl
import hashlib
import importlib.util
import json
import logging
import os
import platform
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from sitebuild.engine import workspace
from sitebuild.engine.experiments import Experiment
from sitebuild.engine.runner import RUNNER_FILES, ExecutionError
from sitebuild.settings import PROJECT_ROOT

log = logging.getLogger("mkdocs.sitebuild.engine.cache")

# Bump when the layout of an entry (run.json) changes in a way older readers cannot
# take (fields or files that may be absent, like `commit` or stderr.txt, need no bump).
ENTRY_FORMAT = 2
VERSIONED_PACKAGES = ("tensorflow", "keras", "numpy")
REQUIRED_FILES = ("results.json", "run.json")
MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"


class DataError(ExecutionError):
    pass


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _module_file(module: str, project_root: Path) -> Path | None:
    parts = module.split(".")
    if parts[0] != "snippets":
        return None
    base = project_root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def project_imports(path: Path, project_root: Path = PROJECT_ROOT) -> set[Path]:
    """The snippet file and every project module it imports, transitively."""
    seen: set[Path] = set()
    todo = [path, project_root / "snippets" / "__init__.py"]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for node in ast.walk(ast.parse(current.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                found = _module_file(name, project_root)
                if found:
                    todo.append(found)
    return seen


def environment_versions() -> dict:
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        versions[package] = metadata.version(package)
    return versions


def checked_data_hash(project_root: Path = PROJECT_ROOT) -> str:
    """SHA-256 of the vendored MNIST file, checked against the one Keras expects;
    a bad file is a DataError naming it. (The check hashes the file: no second hash.)"""
    # Loaded by path: importing the `snippets` package would run its set-up, which
    # raises on a bad file before we could turn the error into a message.
    spec = importlib.util.spec_from_file_location(
        "sitebuild._vendored_mnist", project_root / "snippets" / "vendored_mnist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        module.check_vendored_mnist(project_root / "data" / "mnist.npz")
    except module.DatasetError as err:
        raise DataError(str(err)) from None
    return module.MNIST_SHA256


def cache_key(experiment: Experiment, project_root: Path = PROJECT_ROOT) -> tuple[str, dict]:
    """(key, the inputs it hashes) of an experiment as the project's files are now."""
    files = {str(f.relative_to(project_root)): sha256_of(f)
             for f in sorted(project_imports(experiment.path, project_root))}
    files.update({role: sha256_of(project_root / path) for role, path in RUNNER_FILES.items()})
    inputs = {
        "experiment": experiment.name,
        "runs_as": experiment.run_spec(),
        "entry_format": ENTRY_FORMAT,
        "files": files,
        "data": checked_data_hash(project_root),
        "versions": environment_versions(),
    }
    key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:20]
    return key, inputs


def entry_is_valid(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    if not all(name in manifest for name in REQUIRED_FILES):
        return False
    return all((folder / name).is_file() and sha256_of(folder / name) == digest
               for name, digest in manifest.items())


class ExecutionCache:
    """Entries of every experiment under `root`, at most `keep` per experiment.

    Every method but `locked` expects the experiment's lock to be held (`with cache.locked(name):`)."""

    def __init__(self, root: Path, keep: int):
        self.root, self.keep = root, keep

    def entry(self, name: str, key: str) -> Path:
        return self.root / name / key

    @contextmanager
    def locked(self, name: str) -> Iterator[None]:
        """Hold the experiment's lock: two builds side by side never run it twice."""
        home = self.root / name
        home.mkdir(parents=True, exist_ok=True)
        with open(home / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._remove_abandoned(home)
            yield

    def valid_entry(self, name: str, key: str) -> Path | None:
        """The entry, if it is whole; an incomplete or corrupt one is removed."""
        folder = self.entry(name, key)
        if not folder.exists():
            return None
        if entry_is_valid(folder):
            return folder
        log.info("execution cache: %s entry %s is incomplete or corrupt; re-running", name, key)
        self.discard(name, key)
        return None

    def discard(self, name: str, key: str) -> None:
        shutil.rmtree(self.entry(name, key), ignore_errors=True)

    def write(self, name: str, key: str, fill: Callable[[Path], None]) -> Path:
        """Make the entry: `fill(folder)` writes its files into a temporary folder, which gets
        its manifest and is renamed into place (the entry appears whole or not at all)."""
        final = self.entry(name, key)
        tmp = final.with_name(f"{TMP_PREFIX}{key}-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            fill(tmp)
            hashes = {p.name: sha256_of(p) for p in sorted(tmp.iterdir()) if p.is_file()}
            (tmp / MANIFEST).write_text(json.dumps(hashes, indent=1))
            os.replace(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return final

    def mark_used(self, name: str, key: str) -> None:
        """The entry is the most recently used one; the least recently used beyond `keep` go."""
        os.utime(self.entry(name, key))
        home = self.root / name
        entries = sorted((p for p in home.iterdir() if p.is_dir() and not p.name.startswith(TMP_PREFIX)),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[self.keep:]:
            shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _remove_abandoned(home: Path) -> None:
        """Temporary folders of runs whose process is gone (killed, or the machine restarted)."""
        for folder in home.glob(f"{TMP_PREFIX}*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if folder.is_dir() and pid.isdigit() and workspace.remove_if_owner_gone(folder, int(pid)):
                log.info("execution cache: removed %s, left by a run that was stopped", folder)
