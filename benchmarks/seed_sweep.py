"""Test accuracy of each MNIST experiment over several seeds (the pages show seed 42).

    .venv/bin/python benchmarks/seed_sweep.py [seed ...]     # default: 1 2 3

Runs each snippet module as written, with only the seed in its `seed` section
changed, one process per run, and prints a table. Slow: minutes per run.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = ["first_draft_cnn", "expanded_cnn", "expanded_cnn_momentum"]


def accuracy(name: str, seed: int) -> float:
    source = (ROOT / "snippets" / f"{name}.py").read_text()
    changed = source.replace("set_random_seed(42)", f"set_random_seed({seed})")
    assert changed != source, f"{name}: no seed line"
    # `import snippets` first, as `python -m snippets.<name>` does: offline MNIST.
    code = f"import snippets\nexec(compile(SOURCE, 'snippets/{name}.py', 'exec'), {{'__name__': '__main__'}})"
    done = subprocess.run([sys.executable, "-c", code.replace("SOURCE", repr(changed))], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    if done.returncode != 0:
        sys.exit(done.stderr[-2000:])
    return float(re.search(r"Test accuracy: ([0-9.]+)", done.stdout).group(1))


def main(argv: list[str] | None = None) -> None:
    import argparse
    parser = argparse.ArgumentParser(description="Test accuracy of every experiment for other seeds.")
    parser.add_argument("seeds", nargs="*", type=int, default=[1, 2, 3])
    seeds = parser.parse_args(argv).seeds
    print(f"{'experiment':<24}" + "".join(f"seed {s:<6}" for s in seeds))
    for name in EXPERIMENTS:
        row = [accuracy(name, s) for s in seeds]
        print(f"{name:<24}" + "".join(f"{100 * a:6.2f} %  " for a in row), flush=True)


if __name__ == "__main__":
    main()
