"""Build-time benchmark: measured side by side in one run, printed as ratios.

    .venv/bin/python benchmarks/build_benchmark.py

1. cold build: both languages, empty execution and figure caches
2. warm build: nothing changed
3. prose edit: one paragraph added to an English page, then rebuilt
4. plain build: the same pages with execution switched off (SITE_EXECUTE=0)
5. bare runs: `python -m snippets.<name>` for each experiment, one after another

Targets: warm/plain <= 1.3; a prose edit executes nothing; cold <= 1.1 x the
sum of bare runs. Uses its own temporary caches and site folder; the edited
page is restored afterwards.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild.experiments import EXPERIMENTS  # noqa: E402

PROSE_PAGE = ROOT / "docs" / "en" / "01-background.md"


def timed_build(env: dict, site: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sitebuild.build", "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    executions = len(re.findall(r"experiment \S+: executed", done.stderr))
    return seconds, executions, done.stderr


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="build-benchmark-"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               SITE_CACHE_DIR=str(work / "executions"), SITE_FIGURE_CACHE_DIR=str(work / "figures"))
    env.pop("SITE_FORCE_EXECUTE", None)
    site = work / "site"
    results = {}
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
    for name in EXPERIMENTS:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", f"snippets.{name}"], cwd=ROOT, check=True,
                       env=dict(env, TF_CPP_MIN_LOG_LEVEL="3"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bare[name] = time.perf_counter() - started

    print("\nstep                      seconds  executions")
    for step, (seconds, executions, _) in results.items():
        print(f"{step:<25} {seconds:7.1f}  {executions:>10}")
    for name, seconds in bare.items():
        print(f"bare python -m snippets.{name:<22} {seconds:7.1f}")
    warm, plain, cold = results["warm"][0], results["plain (no execution)"][0], results["cold"][0]
    print(f"\nwarm / plain          = {warm / plain:.2f}   (target <= 1.3)")
    print(f"prose edit executions = {results['prose edit'][1]}      (target 0)")
    print(f"cold / sum(bare runs) = {cold / sum(bare.values()):.2f}   (target <= 1.1)")


if __name__ == "__main__":
    main()
