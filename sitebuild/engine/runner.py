"""Run one experiment in a child process (`engine/child.py`) and describe the run.

The child writes results.json and the run's files into the folder it is given;
this side adds what the child cannot know about itself: wall time, peak
memory, cores, the commit. What the run wrote to stderr (TensorFlow's and the
libraries' warnings) stays in that folder as `stderr.txt`, so an entry keeps
the warnings of the run that made it.
"""
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

from sitebuild.engine.experiments import Experiment
from sitebuild.errors import BuildError
from sitebuild.repository import current_commit
from sitebuild.settings import PROJECT_ROOT

# The engine's files that decide what a run records, besides the snippet and its imports
# (the cache key hashes them). Keyed by role, not path, so that moving them re-runs nothing.
RUNNER_FILES = {"runner": "sitebuild/engine/child.py", "section splitter": "sitebuild/engine/sections.py"}
STDERR_FILE = "stderr.txt"
FAILURE_TAIL_LINES = 25


class ExecutionError(BuildError):
    pass


def peak_memory_mb(usage) -> int:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return round(usage.ru_maxrss * scale / 2**20)


def run_child(experiment: Experiment, out: Path, project_root: Path = PROJECT_ROOT,
              seed: int | None = None) -> dict:
    """Run the experiment into `out` (with `seed` instead of the snippet's, for the seed study);
    return its run information, or raise ExecutionError."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1", PYTHONPATH=str(project_root))
    stderr_path = out / STDERR_FILE
    started = time.perf_counter()
    with open(stderr_path, "w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "sitebuild.engine.child", experiment.name, str(out),
             *(["--seed", str(seed)] if seed is not None else [])],
            cwd=project_root, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
        for line in child.stdout:  # live progress on the build's console
            sys.stderr.write(f"  [{experiment.name}] {line}")
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        tail = "".join(stderr_path.read_text(errors="replace").splitlines(True)[-FAILURE_TAIL_LINES:])
        raise ExecutionError(
            f"snippet {experiment.source} failed "
            f"(exit code {child.returncode}); end of its stderr:\n{tail}")
    commit = current_commit()  # shown with the outputs; not part of the cache key
    return {"wall_seconds": round(seconds, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "cpu_cores": os.cpu_count(),
            "peak_memory_mb": peak_memory_mb(usage),
            "finished": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
            "commit": commit[0] if commit else None, "dirty": commit[1] if commit else None}
