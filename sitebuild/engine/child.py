"""Child process of the execution engine: run one snippet module, save results.

    python -m sitebuild.engine.child <name> <output dir>

The module runs exactly as `python -m snippets.<name>` would (same file, same
order, one namespace, __name__ == "__main__"), but segment by segment, so the
output of each named section is kept for the page and the notebook.
With --seed N (the seed study, engine/study.py) the `seed` section's one
`set_random_seed(...)` call gets N instead; nothing else changes.
"""
import argparse
import builtins
import contextlib
import io
import json
import re
import sys
from pathlib import Path

import snippets  # noqa: F401  (sets up the vendored MNIST before TensorFlow loads)
from sitebuild.engine.experiments import get
from sitebuild.engine.sections import Segment, split_sections
from sitebuild.errors import BuildError

SEED_SECTION = "seed"
SEED_CALL = re.compile(r"set_random_seed\((\d+)\)")


class SeedError(BuildError):
    pass


def with_seed(segments: list[Segment], seed: int, path: Path) -> list[Segment]:
    """The segments with the seed section's one seed call given `seed`."""
    sections = [s for s in segments if s.name == SEED_SECTION]
    calls = SEED_CALL.findall(sections[0].code) if sections else []
    if len(calls) != 1:
        raise SeedError(f"{path}: a seed study needs one section '{SEED_SECTION}' with one "
                        f"set_random_seed(<int>) call; found {len(sections)} section(s), {len(calls)} call(s)")
    return [Segment(s.name, s.first_line, SEED_CALL.sub(f"set_random_seed({seed})", s.code))
            if s.name == SEED_SECTION else s for s in segments]


class Tee(io.TextIOBase):
    """Keep what a section prints and still show it live."""

    def __init__(self, echo):
        self.echo, self.buffer_ = echo, io.StringIO()

    def write(self, text):
        self.echo.write(text)
        self.echo.flush()
        return self.buffer_.write(text)

    def flush(self):
        self.echo.flush()


def run_sections(path: Path, seed: int | None = None) -> tuple[dict, dict]:
    namespace = {"__name__": "__main__", "__file__": str(path), "__builtins__": builtins}
    outputs = {}
    segments = split_sections(path)
    if seed is not None:
        segments = with_seed(segments, seed, path)
    for segment in segments:
        # Pad with blank lines so tracebacks point at the file's real line numbers.
        code = compile("\n" * (segment.first_line - 1) + segment.code, str(path), "exec")
        tee = Tee(sys.stdout)
        with contextlib.redirect_stdout(tee):
            exec(code, namespace)
        if segment.name:
            outputs[segment.name] = tee.buffer_.getvalue()
    return namespace, outputs


def collect_classifier(ns: dict, out: Path) -> dict:
    import numpy as np
    model = ns["model"]
    probabilities = model.predict(ns["x_test"], batch_size=1000, verbose=0)
    labels = np.asarray(ns["y_test"])
    if labels.ndim == 2:  # one-hot (expanded version)
        labels = labels.argmax(axis=1)
    history = {k: [float(v) for v in vs] for k, vs in model.history.history.items()}
    np.savez_compressed(out / "arrays.npz", probabilities=probabilities.astype("float32"),
                        labels=labels.astype("uint8"))
    model.save(out / "model.keras")
    return {"test_loss": float(ns["test_loss"]), "test_accuracy": float(ns["test_acc"]),
            "history": history, "epochs": len(history["loss"]),
            "parameters": int(model.count_params())}


def collect_regression(ns: dict, out: Path, names) -> dict:
    import numpy as np
    return {name: np.asarray(ns[name]).tolist() for name in names}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.engine.child",
                                     description="Run one snippet section by section; save its results.")
    parser.add_argument("name", help="experiment name (snippets/<name>.py)")
    parser.add_argument("out", type=Path, help="folder for results.json and the run's files")
    parser.add_argument("--seed", type=int, help="run with this seed instead of the snippet's")
    args = parser.parse_args(argv)
    experiment, out = get(args.name), args.out
    ns, outputs = run_sections(experiment.path, args.seed)
    if experiment.kind == "classifier":
        results = collect_classifier(ns, out)
    else:
        results = collect_regression(ns, out, experiment.collect)
    results["section_outputs"] = outputs
    if "tensorflow" in sys.modules:  # what the run had to compute on
        results["gpus"] = len(sys.modules["tensorflow"].config.list_physical_devices("GPU"))
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
