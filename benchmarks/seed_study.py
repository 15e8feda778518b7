"""The seed study's numbers, as the README's table: accuracy over the seeds and the time each run took.

    .venv/bin/python benchmarks/seed_study.py            # print the table
    .venv/bin/python benchmarks/seed_study.py --readme   # write it into README.md between its markers

Reads the committed record (study/seed-study.json, written by `./dev.sh study`); it runs
nothing. tests/pages/test_seed_study_record.py checks that README.md holds this table.
"""
import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild.engine import study  # noqa: E402
from sitebuild.engine.experiments import get  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- seed-study: benchmarks/seed_study.py --readme -->", "<!-- /seed-study -->"


def _range(values, fmt) -> str:
    return f"{fmt(min(values))}–{fmt(max(values))}"


def table(record: dict) -> str:
    machine, versions = record["machine"], record["versions"]
    lines = [
        f"Made by `{study.COMMAND}` on {machine['cpu']} ({machine['cores']} cores, {machine['memory_gb']} GB), "
        f"Python {versions['python']}, TensorFlow {versions['tensorflow']}, Keras {versions['keras']}; "
        f"seeds {', '.join(map(str, record['seeds']))}; one process per run.",
        "",
        "| experiment | the article says | seeds | mean | sd (points) | min–max | reaching the claim "
        "| wall s per run: mean (min–max) | CPU s per run | peak memory MB | wall time in all |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    total = 0.0
    for name, entry in record["experiments"].items():
        runs = entry["runs"]
        accuracies = [r["test_accuracy"] for r in runs]
        walls = [r["wall_seconds"] for r in runs]
        claim = get(name).claim
        total += sum(walls)
        lines.append(
            f"| `{name}` | {100 * claim:.2f} % | {len(runs)} | {100 * statistics.fmean(accuracies):.2f} % "
            f"| {100 * statistics.stdev(accuracies):.2f} | {_range(accuracies, lambda a: f'{100 * a:.2f}')} % "
            f"| {sum(a >= claim for a in accuracies)} of {len(runs)} "
            f"| {statistics.fmean(walls):.0f} ({_range(walls, lambda w: f'{w:.0f}')}) "
            f"| {statistics.fmean(r['cpu_seconds'] for r in runs):.0f} "
            f"| {max(r['peak_memory_mb'] for r in runs)} | {sum(walls) / 60:.1f} min |")
    lines += ["", f"The whole study: {total / 60:.1f} minutes of runs."]
    return "\n".join(lines)


def readme_with(text: str, readme: str) -> str:
    before, start, rest = readme.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md lacks the markers {START} … {END}")
    return f"{before}{START}\n{text}\n{END}{after}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args(argv)
    text = table(study.load())
    if args.readme:
        README.write_text(readme_with(text, README.read_text(encoding="utf-8")), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
