"""The execution cache re-runs an experiment exactly when something that can change its output changes."""
import dataclasses
import resource
import shutil
import sys

import pytest

from sitebuild.engine import execution, experiments

ROOT = experiments.PROJECT_ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's code (data linked), with its own empty cache."""
    for folder in ("snippets", "sitebuild", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.setattr(experiments, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(execution, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(execution, "_forced", set())
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SITE_FORCE_EXECUTE", raising=False)
    monkeypatch.delenv("SITE_CACHE_ENTRIES", raising=False)
    return tmp_path


def key(name="linear_regression"):
    return execution.cache_key(experiments.get(name))[0]


def test_an_unchanged_experiment_is_served_from_the_cache(project):
    assert execution.execute("linear_regression").executed
    again = execution.execute("linear_regression")
    assert not again.executed
    assert "gradient descent" in again.results["section_outputs"]["result"]


def test_editing_a_project_module_the_snippet_imports_reruns_it(project):
    helper = project / "snippets" / "helper_for_test.py"
    helper.write_text("OFFSET = 0.0\n")
    snippet = project / "snippets" / "linear_regression.py"
    snippet.write_text(snippet.read_text().replace(
        "import numpy as np\n", "import numpy as np\nfrom snippets.helper_for_test import OFFSET\n", 1))
    execution.execute("linear_regression")
    before = key()
    helper.write_text("OFFSET = 1.0\n")
    assert key() != before
    assert execution.execute("linear_regression").executed


def test_the_package_set_up_and_the_runner_are_part_of_the_key(project):
    before = key()
    init = project / "snippets" / "vendored_mnist.py"
    init.write_text(init.read_text() + "\n# changed\n")
    after_setup = key()
    child = project / "sitebuild" / "engine" / "child.py"
    child.write_text(child.read_text() + "\n# changed\n")
    assert len({before, after_setup, key()}) == 3


def test_floors_claims_and_the_engines_messages_are_not_part_of_the_key(project, monkeypatch):
    before = key("expanded_cnn")
    real = experiments.EXPERIMENTS["expanded_cnn"]
    monkeypatch.setitem(experiments.EXPERIMENTS, "expanded_cnn",
                        dataclasses.replace(real, floor=0.5, claim=0.5, figures=()))
    for module in ("engine/execution.py", "engine/experiments.py", "reader/figures.py"):
        path = project / "sitebuild" / module
        path.write_text(path.read_text() + "\n# a message or a floor changed\n")
    assert key("expanded_cnn") == before
    monkeypatch.setitem(experiments.EXPERIMENTS, "expanded_cnn", dataclasses.replace(real, kind="regression"))
    assert key("expanded_cnn") != before  # what the child collects does change the entry


def test_library_versions_are_part_of_the_key(project, monkeypatch):
    before = key()
    real = execution.environment_versions
    monkeypatch.setattr(execution, "environment_versions", lambda: {**real(), "numpy": "0.0"})
    assert key() != before


def test_prose_and_the_other_language_cost_no_execution(project):
    before = key("expanded_cnn")
    for lang in ("zh", "en"):
        page = project / "docs" / lang / "05-project.md"
        page.write_text(page.read_text() + "\nMore prose.\n")
    figures = project / "sitebuild" / "reader" / "figures.py"
    figures.write_text(figures.read_text() + "\n# figure style changed\n")
    assert key("expanded_cnn") == before


def test_a_corrupt_entry_is_detected_and_recomputed(project):
    first = execution.execute("linear_regression")
    (first.folder / "results.json").write_text('{"truncated": ')
    assert not execution.entry_is_valid(first.folder)
    again = execution.execute("linear_regression")
    assert again.executed and "result" in again.results["section_outputs"]


def test_an_entry_without_manifest_counts_as_absent(project):
    first = execution.execute("linear_regression")
    (first.folder / "manifest.json").unlink()
    assert execution.execute("linear_regression").executed


def test_a_failing_snippet_fails_loudly_and_leaves_no_entry(project):
    snippet = project / "snippets" / "linear_regression.py"
    snippet.write_text(snippet.read_text().replace(
        "# --8<-- [end:result]", 'raise RuntimeError("deliberate failure")\n# --8<-- [end:result]'))
    with pytest.raises(execution.ExecutionError) as error:
        execution.execute("linear_regression")
    assert "snippets/linear_regression.py" in str(error.value)
    assert "deliberate failure" in str(error.value)
    home = project / "cache" / "linear_regression"
    assert [p.name for p in home.iterdir() if not p.name.startswith(".lock")] == []


def test_the_force_switch_reruns_once_per_process(project, monkeypatch):
    execution.execute("linear_regression")
    monkeypatch.setenv("SITE_FORCE_EXECUTE", "1")
    assert execution.execute("linear_regression").executed
    assert not execution.execute("linear_regression").executed  # the second language's build


def test_the_record_says_executed_when_a_later_lookup_was_cached(project):
    execution.reset_record()
    execution.execute("linear_regression")  # the first language's build runs it
    execution.execute("linear_regression")  # the second one reads the cache
    assert execution.record() == {"linear_regression": "executed"}


def test_switching_back_to_an_earlier_version_is_served_from_the_cache(project):
    snippet = project / "snippets" / "linear_regression.py"
    original = snippet.read_text()
    assert execution.execute("linear_regression").executed
    snippet.write_text(original.replace("import numpy as np\n", "import numpy as np  # other branch\n", 1))
    assert execution.execute("linear_regression").executed
    snippet.write_text(original)
    assert not execution.execute("linear_regression").executed


def test_the_cache_keeps_a_bounded_number_of_entries_per_experiment(project, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_ENTRIES", "2")
    snippet = project / "snippets" / "linear_regression.py"
    original = snippet.read_text()
    for version in range(3):
        snippet.write_text(original + f"\n# version {version}\n")
        execution.execute("linear_regression")
    entries = [p for p in (project / "cache" / "linear_regression").iterdir() if p.is_dir()]
    assert len(entries) == 2
    snippet.write_text(original + "\n# version 0\n")  # the least recently used one was evicted
    assert execution.execute("linear_regression").executed


def test_a_run_below_its_floor_is_kept_and_reported_at_once_on_the_next_build(project, monkeypatch):
    real = experiments.EXPERIMENTS["linear_regression"]
    experiment = dataclasses.replace(real, kind="classifier", floor=0.9)
    monkeypatch.setitem(experiments.EXPERIMENTS, "linear_regression", experiment)
    monkeypatch.setattr(execution, "_run_child", fake_child(accuracy=0.5))
    with pytest.raises(execution.BelowFloorError, match="snippets/linear_regression.py.*0.5000.*below its floor 0.9"):
        execution.execute("linear_regression")
    monkeypatch.setattr(execution, "_run_child",
                        lambda *a: pytest.fail("re-ran a run already known to be below its floor"))
    with pytest.raises(execution.BelowFloorError, match="not re-run"):
        execution.execute("linear_regression")


def fake_child(accuracy):
    def run(experiment, out):
        (out / "results.json").write_text(f'{{"test_accuracy": {accuracy}, "section_outputs": {{}}}}')
        return {"wall_seconds": 0.0, "cpu_cores": 2, "peak_memory_mb": 1}
    return run


@pytest.mark.parametrize("platform, maxrss, megabytes", [("linux", 2 * 1024 * 1024, 2048),
                                                         ("darwin", 3 * 2**30, 3072)])
def test_peak_memory_reads_ru_maxrss_in_the_platforms_unit(monkeypatch, platform, maxrss, megabytes):
    monkeypatch.setattr(sys, "platform", platform)
    usage = resource.struct_rusage((0,) * 2 + (maxrss,) + (0,) * 13)
    assert execution.peak_memory_mb(usage) == megabytes


def test_an_accuracy_below_the_floor_fails_naming_the_snippet():
    experiment = experiments.get("expanded_cnn_momentum")
    with pytest.raises(execution.ExecutionError, match="snippets/expanded_cnn_momentum.py.*below its floor"):
        execution.check_floor(experiment, {"test_accuracy": 0.5})
