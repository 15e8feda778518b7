"""Build-time benchmark: measured side by side in one run, printed as ratios.

    .venv/bin/python benchmarks/build_benchmark.py [--skip-cold] [--edits 5]

1. cold build: every language, empty execution and figure caches
2. warm build: nothing changed
3. prose edit: one paragraph added to an English page, then rebuilt
4. plain build: the same pages with execution switched off (SITE_EXECUTE=0)
5. bare runs: `python -m snippets.<name>` for each experiment, one after another
6. the fast tier: `./dev.sh check`, with its own cold execution cache
7. save-to-visible: a prose edit until the open page shows it, for
   `./dev.sh serve` and for `mkdocs serve` of one language (benchmarks/live_preview.py)
8. the browser tier (`pytest -m browser`, on this run's warm caches): its wall
   time and the suite's page loads, which sitebuild/dev/browser.py counts
   (build/page-loads.json); skip it with --skip-browser

Executions are counted from the record each build writes
(site/.build-record.json), not from log text. Targets: warm/plain <= 1.3; a
prose edit executes nothing; cold <= 1.1 x the sum of bare runs; fast tier
<= 60 s; save-to-visible median <= 1.0 s; page loads <= 250 (tests/conftest.py). Uses its own temporary caches and
site folder; the edited page is restored afterwards.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import live_preview  # noqa: E402
from sitebuild.build import RECORD_NAME  # noqa: E402
from sitebuild.engine.experiments import EXPERIMENTS  # noqa: E402

PROSE_PAGE = ROOT / "docs" / "en" / "01-background.md"


def timed_build(env: dict, site: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sitebuild.build", "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    record = json.loads((site / RECORD_NAME).read_text())
    return seconds, sum(how == "executed" for how in record["experiments"].values())


def fast_tier_seconds() -> float:
    started = time.perf_counter()
    done = subprocess.run([str(ROOT / "dev.sh"), "check", "-q"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:  # its time still counts, but say so
        print(f"note: ./dev.sh check failed:\n{done.stdout[-2000:]}", file=sys.stderr)
    return time.perf_counter() - started


def browser_tier(env: dict) -> tuple[float, int]:
    """(seconds, page loads) of `pytest -m browser`; the loads are what the suite's counter wrote."""
    loads_file = ROOT / "build" / "page-loads.json"
    loads_file.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "browser"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:  # its time and count still stand, but say so
        print(f"note: the browser tier failed:\n{done.stdout[-2000:]}", file=sys.stderr)
    return seconds, json.loads(loads_file.read_text())["total"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build, fast-tier and live-preview benchmark.")
    parser.add_argument("--skip-cold", action="store_true",
                        help="skip the cold build and bare runs (minutes of training)")
    parser.add_argument("--edits", type=int, default=5, help="edits per tool for save-to-visible")
    parser.add_argument("--skip-browser", action="store_true", help="skip the browser tier and its page loads")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="build-benchmark-"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               SITE_CACHE_DIR=str(work / "executions"), SITE_FIGURE_CACHE_DIR=str(work / "figures"))
    env.pop("SITE_FORCE_EXECUTE", None)
    site = work / "site"
    results = {}
    if args.skip_cold:  # the project's own (warm) caches
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("SITE_FORCE_EXECUTE", None)
        timed_build(env, site)
    else:
        results["cold"] = timed_build(env, site)
    results["warm"] = timed_build(env, site)
    original = PROSE_PAGE.read_text()
    try:
        PROSE_PAGE.write_text(original + "\nA paragraph added by the benchmark.\n")
        results["prose edit"] = timed_build(env, site)
    finally:
        PROSE_PAGE.write_text(original)
    results["plain (no execution)"] = timed_build(dict(env, SITE_EXECUTE="0"), work / "plain")

    bare = {}
    for name in [] if args.skip_cold else EXPERIMENTS:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", f"snippets.{name}"], cwd=ROOT, check=True,
                       env=dict(env, TF_CPP_MIN_LOG_LEVEL="3"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bare[name] = time.perf_counter() - started

    fast_tier = fast_tier_seconds()
    preview = live_preview.compare(edits=args.edits)
    browser = None if args.skip_browser else browser_tier(env)

    print("\nstep                      seconds  executions")
    for step, (seconds, executions) in results.items():
        print(f"{step:<25} {seconds:7.1f}  {executions:>10}")
    for name, seconds in bare.items():
        print(f"bare python -m snippets.{name:<22} {seconds:7.1f}")
    print(f"fast tier (./dev.sh check) {fast_tier:6.1f}")
    if browser:
        print(f"browser tier (pytest -m browser) {browser[0]:6.1f}  page loads {browser[1]}")
    for tool, result in preview.items():
        values = result["seconds"]
        print(f"save-to-visible, {tool:<14} median {statistics.median(values):5.2f} s  "
              f"(all: {', '.join(f'{v:.2f}' for v in values)})")
    warm, plain = results["warm"][0], results["plain (no execution)"][0]
    print(f"\nwarm / plain          = {warm / plain:.2f}   (target <= 1.3)")
    print(f"prose edit executions = {results['prose edit'][1]}      (target 0)")
    if bare:
        print(f"cold / sum(bare runs) = {results['cold'][0] / sum(bare.values()):.2f}   (target <= 1.1)")
    print(f"fast tier             = {fast_tier:.1f} s (target <= 60)")
    ours, theirs = (statistics.median(preview[tool]["seconds"]) for tool in ("ours", "mkdocs serve"))
    print(f"save-to-visible       = {ours:.2f} s vs {theirs:.2f} s: ratio {ours / theirs:.2f} "
          f"(ours / mkdocs serve; target: ours <= 1.0 s)")
    if browser:
        print(f"suite's page loads    = {browser[1]}   (target <= 250)")


if __name__ == "__main__":
    main()
