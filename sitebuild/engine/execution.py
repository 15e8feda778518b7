"""The one execution engine: run each experiment once per change, cache the result.

A cache entry is keyed by what decides an experiment's output: the snippet's
source, every project module it imports (transitively, the `snippets`
package's __init__ included), the child process that runs it and the section
splitter, what the child collects (the experiment's kind), the data file, and
the Python / TensorFlow / Keras / NumPy versions. Build-side metadata (floors,
claims, figures, this module's messages) and prose are not in the key, so
editing them costs no execution.

Entries are written to a temporary folder and renamed into place, with a
manifest of SHA-256 hashes; an entry whose manifest is missing or does not
match is treated as absent and recomputed. Each experiment keeps its
`cache_entries` most recently used entries (settings), so switching branches
back and forth does not re-run. A run below its floor is kept too: the next
build reports it at once instead of training again to fail again.

SITE_FORCE_EXECUTE=1 re-runs each experiment once per process (a build of all
languages is one process); SITE_EXECUTE=0 builds without any run.
"""
import ast
import datetime
import fcntl
import hashlib
import importlib.util
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sitebuild import settings
from sitebuild.engine.experiments import EXPERIMENTS, Experiment, get
from sitebuild.errors import BuildError
from sitebuild.repository import current_commit

log = logging.getLogger("mkdocs.sitebuild.engine.execution")

PROJECT_ROOT = settings.PROJECT_ROOT
# The engine's files that decide what a run records, besides the snippet and its imports.
# Keyed by role, not path, so that moving them re-runs nothing.
RUNNER_FILES = {"runner": "sitebuild/engine/child.py", "section splitter": "sitebuild/engine/sections.py"}
# Bump when the layout of an entry written by this module (run.json) changes in a way
# older readers cannot take (fields that may be absent, like `commit`, need no bump).
ENTRY_FORMAT = 2
VERSIONED_PACKAGES = ("tensorflow", "keras", "numpy")


class ExecutionError(BuildError):
    pass


class BelowFloorError(ExecutionError):
    pass


@dataclass
class Run:
    experiment: Experiment
    folder: Path
    results: dict
    run_info: dict
    executed: bool  # False: served from the cache
    seconds: float  # time this build spent on it

    def file(self, name: str) -> Path:
        return self.folder / name


# What this process did: experiment -> "executed" | "cached" (the build writes it down),
# and which experiments SITE_FORCE_EXECUTE has already re-run here.
_record: dict[str, str] = {}
_forced: set[str] = set()


def record() -> dict[str, str]:
    return dict(_record)


def reset_record() -> None:
    _record.clear()


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def execution_enabled() -> bool:
    return settings.current().execute


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] not in ("snippets",):
        return None
    base = PROJECT_ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def project_imports(path: Path) -> set[Path]:
    """The snippet file and every project module it imports, transitively."""
    seen: set[Path] = set()
    todo = [path, PROJECT_ROOT / "snippets" / "__init__.py"]
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
                found = _module_file(name)
                if found:
                    todo.append(found)
    return seen


def environment_versions() -> dict:
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        versions[package] = metadata.version(package)
    return versions


class DataError(ExecutionError):
    pass


def _checked_data_hash() -> str:
    """SHA-256 of the vendored MNIST file, checked against the one Keras expects;
    a bad file is a DataError naming it. (The check hashes the file: no second hash.)"""
    # Loaded by path: importing the `snippets` package would run its set-up, which
    # raises on a bad file before we could turn the error into a message.
    spec = importlib.util.spec_from_file_location(
        "sitebuild._vendored_mnist", PROJECT_ROOT / "snippets" / "vendored_mnist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        module.check_vendored_mnist(PROJECT_ROOT / "data" / "mnist.npz")
    except module.DatasetError as err:
        raise DataError(str(err)) from None
    return module.MNIST_SHA256


def cache_key(experiment: Experiment) -> tuple[str, dict]:
    files = {str(f.relative_to(PROJECT_ROOT)): sha256_of(f) for f in sorted(project_imports(experiment.path))}
    files.update({role: sha256_of(PROJECT_ROOT / path) for role, path in RUNNER_FILES.items()})
    inputs = {
        "experiment": experiment.name,
        "runs_as": experiment.run_spec(),
        "entry_format": ENTRY_FORMAT,
        "files": files,
        "data": _checked_data_hash(),
        "versions": environment_versions(),
    }
    key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:20]
    return key, inputs


def _write_manifest(folder: Path) -> None:
    hashes = {p.name: sha256_of(p) for p in sorted(folder.iterdir()) if p.is_file()}
    (folder / "manifest.json").write_text(json.dumps(hashes, indent=1))


def entry_is_valid(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    if "results.json" not in manifest or "run.json" not in manifest:
        return False
    return all((folder / name).is_file() and sha256_of(folder / name) == digest
               for name, digest in manifest.items())


def peak_memory_mb(usage) -> int:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return round(usage.ru_maxrss * scale / 2**20)


def _run_child(experiment: Experiment, out: Path) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1",
               PYTHONPATH=str(PROJECT_ROOT))
    stderr_path = out / "stderr.txt"
    started = time.perf_counter()
    with open(stderr_path, "w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "sitebuild.engine.child", experiment.name, str(out)],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
        for line in child.stdout:  # live progress on the build's console
            sys.stderr.write(f"  [{experiment.name}] {line}")
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        tail = "".join(stderr_path.read_text(errors="replace").splitlines(True)[-25:])
        raise ExecutionError(
            f"snippet {experiment.path.relative_to(PROJECT_ROOT)} failed "
            f"(exit code {child.returncode}); end of its stderr:\n{tail}")
    stderr_path.unlink()  # TensorFlow's noise: not part of the entry
    commit = current_commit()  # shown with the outputs; not part of the cache key
    return {"wall_seconds": round(seconds, 1), "cpu_cores": os.cpu_count(),
            "peak_memory_mb": peak_memory_mb(usage),
            "finished": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
            "commit": commit[0] if commit else None, "dirty": commit[1] if commit else None}


def check_floor(experiment: Experiment, results: dict, folder: Path | None = None) -> None:
    if experiment.floor is None:
        return
    accuracy = results["test_accuracy"]
    if accuracy < experiment.floor:
        where = f" (run kept in {folder}; it is not re-run until its code, data or libraries change)" \
            if folder else ""
        raise BelowFloorError(
            f"snippet {experiment.path.relative_to(PROJECT_ROOT)}: test accuracy "
            f"{accuracy:.4f} is below its floor {experiment.floor} "
            f"(sitebuild/engine/experiments.py){where}")


def _evict_old_entries(home: Path, keep: int) -> None:
    """Keep the `keep` most recently used entries of one experiment."""
    entries = sorted((p for p in home.iterdir() if p.is_dir() and not p.name.startswith(".tmp-")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def execute(name: str, force: bool | None = None, enforce_floor: bool = True) -> Run:
    """Return the experiment's results, running it only when the cache has no valid entry.

    force=None follows SITE_FORCE_EXECUTE, which re-runs each experiment once in this process.
    enforce_floor=False returns a run below its floor instead of raising (for the tests
    that check the accuracy themselves).
    """
    experiment = get(name)
    config = settings.current()
    if force is None:
        force = config.force_execute and name not in _forced
    started = time.perf_counter()
    key, inputs = cache_key(experiment)
    home = config.cache_dir / experiment.name
    home.mkdir(parents=True, exist_ok=True)
    final = home / key
    # One lock per experiment: two builds side by side never run it twice.
    with open(home / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if final.exists() and (force or not entry_is_valid(final)):
            if not force:
                log.info("execution cache: %s entry %s is incomplete or corrupt; re-running",
                         name, key)
            shutil.rmtree(final)
        executed = not final.exists()
        if executed:
            tmp = home / f".tmp-{key}-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            try:
                run_info = _run_child(experiment, tmp)
                run_info.update(key=key, inputs=inputs)
                (tmp / "run.json").write_text(json.dumps(run_info, indent=1))
                _write_manifest(tmp)
                os.replace(tmp, final)  # the entry appears whole or not at all
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            if force:
                _forced.add(name)
        os.utime(final)  # most recently used: eviction keeps it
        _evict_old_entries(home, config.cache_entries)
        results = json.loads((final / "results.json").read_text())
        run_info = json.loads((final / "run.json").read_text())
    how = "executed" if executed else "cached"
    if _record.get(name) != "executed":  # a later language's cache hit does not hide the run
        _record[name] = how
    seconds = time.perf_counter() - started
    log.info("experiment %s: %s in %.1f s", name, how, seconds)
    if enforce_floor:
        check_floor(experiment, results, final)
    return Run(experiment, final, results, run_info, executed, seconds)


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m sitebuild.engine.execution",
                                     description="Fill the execution cache from the command line.")
    parser.add_argument("names", nargs="*", choices=[[], *EXPERIMENTS], metavar="experiment",
                        help=f"default: all ({', '.join(EXPERIMENTS)})")
    parser.add_argument("--force", action="store_true", help="re-run even when cached")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name in args.names or list(EXPERIMENTS):
        try:
            run = execute(name, force=args.force or None)
        except BuildError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        print(f"{name}: {'executed' if run.executed else 'cached'} in {run.seconds:.1f} s; "
              f"run took {run.run_info['wall_seconds']} s, peak {run.run_info['peak_memory_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
