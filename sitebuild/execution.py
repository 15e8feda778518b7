"""The one execution engine: run each experiment once per change, cache the result.

A cache entry is keyed by everything that can change an experiment's output:
the snippet's source, every project module it imports (transitively, the
`snippets` package's __init__ included), the child runner, the data file, and
the Python / TensorFlow / Keras / NumPy versions. Prose, the other language
and figure code are not in the key, so they cost no execution.

Entries are written to a temporary folder and renamed into place, with a
manifest of SHA-256 hashes; an entry whose manifest is missing or does not
match is treated as absent and recomputed. Set SITE_FORCE_EXECUTE=1 to re-run
everything; SITE_EXECUTE=0 builds the pages without any run (placeholders).
"""
import ast
import fcntl
import hashlib
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

from sitebuild.experiments import PROJECT_ROOT, Experiment, get

log = logging.getLogger("mkdocs.sitebuild.execution")

CACHE_ROOT = Path(os.environ.get("SITE_CACHE_DIR", PROJECT_ROOT / ".cache" / "executions"))
RUNNER_MODULES = ("sitebuild/experiment_child.py", "sitebuild/experiments.py",
                  "sitebuild/snippet_sections.py", "sitebuild/execution.py")
VERSIONED_PACKAGES = ("tensorflow", "keras", "numpy")


class ExecutionError(RuntimeError):
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


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def execution_enabled() -> bool:
    return os.environ.get("SITE_EXECUTE", "1") != "0"


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


def cache_key(experiment: Experiment) -> tuple[str, dict]:
    # Imported here, not at the top: importing `snippets` checks the data file, and
    # a bad file must fail the build with its message, not while MkDocs loads hooks.
    from snippets.vendored_mnist import check_vendored_mnist
    files = sorted(project_imports(experiment.path)) + [PROJECT_ROOT / m for m in RUNNER_MODULES]
    inputs = {
        "experiment": experiment.name,
        "files": {str(f.relative_to(PROJECT_ROOT)): sha256_of(f) for f in files},
        "data": sha256_of(check_vendored_mnist()),
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


def _run_child(experiment: Experiment, out: Path) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1",
               PYTHONPATH=str(PROJECT_ROOT))
    stderr_path = out / "stderr.txt"
    started = time.perf_counter()
    with open(stderr_path, "w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "sitebuild.experiment_child", experiment.name, str(out)],
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
    return {"wall_seconds": round(seconds, 1), "cpu_cores": os.cpu_count(),
            "peak_memory_mb": round(usage.ru_maxrss / 1024)}  # Linux: KiB


def check_floor(experiment: Experiment, results: dict) -> None:
    if experiment.floor is None:
        return
    accuracy = results["test_accuracy"]
    if accuracy < experiment.floor:
        raise ExecutionError(
            f"snippet {experiment.path.relative_to(PROJECT_ROOT)}: test accuracy "
            f"{accuracy:.4f} is below its floor {experiment.floor}")


def execute(name: str, force: bool | None = None) -> Run:
    """Return the experiment's results, running it only when the cache has no valid entry."""
    experiment = get(name)
    if force is None:
        force = os.environ.get("SITE_FORCE_EXECUTE") == "1"
    started = time.perf_counter()
    key, inputs = cache_key(experiment)
    home = CACHE_ROOT / experiment.name
    home.mkdir(parents=True, exist_ok=True)
    final = home / key
    # One lock per experiment: two builds (zh and en served side by side) never run it twice.
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
                results = json.loads((tmp / "results.json").read_text())
                check_floor(experiment, results)
                run_info.update(key=key, inputs=inputs)
                (tmp / "run.json").write_text(json.dumps(run_info, indent=1))
                _write_manifest(tmp)
                os.replace(tmp, final)  # the entry appears whole or not at all
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            for old in home.iterdir():  # keep only the current entry
                if old.is_dir() and old.name != key and not old.name.startswith(".tmp-"):
                    shutil.rmtree(old, ignore_errors=True)
        results = json.loads((final / "results.json").read_text())
        run_info = json.loads((final / "run.json").read_text())
    check_floor(experiment, results)
    seconds = time.perf_counter() - started
    log.info("experiment %s: %s in %.1f s", name, "executed" if executed else "cached", seconds)
    return Run(experiment, final, results, run_info, executed, seconds)


def main(argv: list[str]) -> None:
    """python -m sitebuild.execution [--force] [name ...]: fill the cache from the command line."""
    force = "--force" in argv
    names = [a for a in argv if not a.startswith("--")] or list(__import__(
        "sitebuild.experiments", fromlist=["EXPERIMENTS"]).EXPERIMENTS)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name in names:
        run = execute(name, force=force or None)
        print(f"{name}: {'executed' if run.executed else 'cached'} in {run.seconds:.1f} s; "
              f"run took {run.run_info['wall_seconds']} s, peak {run.run_info['peak_memory_mb']} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
