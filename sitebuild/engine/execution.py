"""Run each experiment once per change: serve it from the cache, or run it and cache it.

    python -m sitebuild execute [experiment ...] [--force]

`execute(session, name)` looks the experiment up in the session's cache
(cache.py, under the experiment's lock) and runs it (runner.py) only when no
whole entry has its key; the session (session.py) records what the build did.
A run below its floor is kept: the next build reports it at once instead of
training again to fail again. SITE_FORCE_EXECUTE=1 re-runs each experiment
once per session; SITE_EXECUTE=0 builds without any run (the hooks do not
call this).
"""
import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sitebuild.engine import runner
from sitebuild.engine.cache import cache_key
from sitebuild.engine.experiments import EXPERIMENTS, Experiment, get
from sitebuild.engine.runner import ExecutionError
from sitebuild.engine.session import BuildSession
from sitebuild.errors import exit_status

log = logging.getLogger("mkdocs.sitebuild.engine.execution")


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


def check_floor(experiment: Experiment, results: dict, folder: Path | None = None) -> None:
    if experiment.floor is None:
        return
    accuracy = results["test_accuracy"]
    if accuracy < experiment.floor:
        where = f" (run kept in {folder}; it is not re-run until its code, data or libraries change)" \
            if folder else ""
        raise BelowFloorError(
            f"snippet {experiment.source}: test accuracy "
            f"{accuracy:.4f} is below its floor {experiment.floor} "
            f"(sitebuild/engine/experiments.py){where}")


def execute(session: BuildSession, name: str, force: bool | None = None, enforce_floor: bool = True) -> Run:
    """The experiment's run, executed only when the cache has no whole entry for its key.

    force=None follows SITE_FORCE_EXECUTE (once per session). enforce_floor=False returns a
    run below its floor instead of raising (for the tests that check the accuracy themselves).
    """
    experiment = get(name)
    if force is None:
        force = session.must_force(name)
    started = time.perf_counter()
    key, inputs = cache_key(experiment, session.project_root)
    cache = session.cache
    with cache.locked(name):
        if force:
            cache.discard(name, key)
        folder = cache.valid_entry(name, key)
        executed = folder is None
        if executed:
            def fill(tmp: Path) -> None:
                run_info = runner.run_child(experiment, tmp, session.project_root)
                run_info.update(key=key, inputs=inputs)
                (tmp / "run.json").write_text(json.dumps(run_info, indent=1))
            folder = cache.write(name, key, fill)
            if force:
                session.forced.add(name)
        cache.mark_used(name, key)
        results = json.loads((folder / "results.json").read_text())
        run_info = json.loads((folder / "run.json").read_text())
    how = "executed" if executed else "cached"
    session.note(name, how)
    seconds = time.perf_counter() - started
    log.info("experiment %s: %s in %.1f s", name, how, seconds)
    if enforce_floor:
        check_floor(experiment, results, folder)
    return Run(experiment, folder, results, run_info, executed, seconds)


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python -m sitebuild execute",
                                     description="Fill the execution cache from the command line.")
    parser.add_argument("names", nargs="*", choices=[[], *EXPERIMENTS], metavar="experiment",
                        help=f"default: all ({', '.join(EXPERIMENTS)})")
    parser.add_argument("--force", action="store_true", help="re-run even when cached")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    session = BuildSession.start()
    for name in args.names or list(EXPERIMENTS):
        run = execute(session, name, force=args.force or None)
        print(f"{name}: {'executed' if run.executed else 'cached'} in {run.seconds:.1f} s; "
              f"run took {run.run_info['wall_seconds']} s, peak {run.run_info['peak_memory_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main))
