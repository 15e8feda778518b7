"""The execution cache re-runs an experiment exactly when something that can change its output changes."""
import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys

import pytest

from sitebuild import settings
from sitebuild.engine import cache, execution, experiments, runner, workspace
from sitebuild.engine.session import BuildSession

ROOT = experiments.PROJECT_ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's code (data linked), with its own empty cache."""
    for folder in ("snippets", "sitebuild", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.setattr(experiments, "PROJECT_ROOT", tmp_path)
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SITE_FORCE_EXECUTE", raising=False)
    monkeypatch.delenv("SITE_CACHE_ENTRIES", raising=False)
    return tmp_path


def new_session(project):
    """A build's session on the copy, with the settings of the environment now."""
    return BuildSession.start(project_root=project)


@pytest.fixture
def session(project):
    return new_session(project)


def execute(session, name="linear_regression"):
    return execution.execute(session, name)


def key(name="linear_regression"):
    return cache.cache_key(experiments.get(name), experiments.PROJECT_ROOT)[0]


def test_an_unchanged_experiment_is_served_from_the_cache(session):
    assert execute(session).executed
    again = execute(session)
    assert not again.executed
    assert "gradient descent" in again.results["section_outputs"]["result"]


def test_editing_a_project_module_the_snippet_imports_reruns_it(project, session):
    helper = project / "snippets" / "helper_for_test.py"
    helper.write_text("OFFSET = 0.0\n")
    snippet = project / "snippets" / "linear_regression.py"
    snippet.write_text(snippet.read_text().replace(
        "import numpy as np\n", "import numpy as np\nfrom snippets.helper_for_test import OFFSET\n", 1))
    execute(session)
    before = key()
    helper.write_text("OFFSET = 1.0\n")
    assert key() != before
    assert execute(session).executed


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
    for module in ("engine/execution.py", "engine/cache.py", "engine/runner.py", "engine/session.py",
                   "engine/experiments.py", "reader/figures.py"):
        path = project / "sitebuild" / module
        path.write_text(path.read_text() + "\n# a message or a floor changed\n")
    assert key("expanded_cnn") == before
    monkeypatch.setitem(experiments.EXPERIMENTS, "expanded_cnn", dataclasses.replace(real, kind="regression"))
    assert key("expanded_cnn") != before  # what the child collects does change the entry


def test_library_versions_are_part_of_the_key(project, monkeypatch):
    before = key()
    real = cache.environment_versions
    monkeypatch.setattr(cache, "environment_versions", lambda: {**real(), "numpy": "0.0"})
    assert key() != before


def test_prose_and_the_other_language_cost_no_execution(project):
    before = key("expanded_cnn")
    for lang in ("zh", "en"):
        page = project / "docs" / lang / "05-project.md"
        page.write_text(page.read_text() + "\nMore prose.\n")
    figures = project / "sitebuild" / "reader" / "figures.py"
    figures.write_text(figures.read_text() + "\n# figure style changed\n")
    assert key("expanded_cnn") == before


def test_a_corrupt_entry_is_detected_and_recomputed(session):
    first = execute(session)
    (first.folder / "results.json").write_text('{"truncated": ')
    assert not cache.entry_is_valid(first.folder)
    again = execute(session)
    assert again.executed and "result" in again.results["section_outputs"]


def test_an_entry_without_manifest_counts_as_absent(session):
    first = execute(session)
    (first.folder / "manifest.json").unlink()
    assert execute(session).executed


def test_a_failing_snippet_fails_loudly_and_leaves_no_entry(project, session):
    snippet = project / "snippets" / "linear_regression.py"
    snippet.write_text(snippet.read_text().replace(
        "# --8<-- [end:result]", 'raise RuntimeError("deliberate failure")\n# --8<-- [end:result]'))
    with pytest.raises(execution.ExecutionError) as error:
        execute(session)
    assert "snippets/linear_regression.py" in str(error.value)
    assert "deliberate failure" in str(error.value)
    home = project / "cache" / "linear_regression"
    assert [p.name for p in home.iterdir() if not p.name.startswith(".lock")] == []


def test_what_a_run_writes_to_stderr_is_kept_in_its_entry(project, session):
    snippet = project / "snippets" / "linear_regression.py"
    snippet.write_text(snippet.read_text().replace(
        "# --8<-- [end:result]", 'import sys; print("a library warning", file=sys.stderr)\n# --8<-- [end:result]'))
    run = execute(session)
    assert "a library warning" in run.file("stderr.txt").read_text()
    assert "stderr.txt" in json.loads(run.file("manifest.json").read_text())


def test_a_killed_runs_temporary_folder_is_removed_by_the_next_build(project, session):
    home = project / "cache" / "linear_regression"
    home.mkdir(parents=True)
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    abandoned = home / f".tmp-0123456789abcdef0123-{finished.pid}"
    abandoned.mkdir()
    (abandoned / "results.json").write_text('{"half": ')
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        in_progress = home / f".tmp-0123456789abcdef0123-{running.pid}"
        in_progress.mkdir()
        try:
            execute(session)
            assert not abandoned.exists()
            assert in_progress.is_dir()  # another build is still writing it
        finally:
            running.kill()


def test_the_force_switch_reruns_once_per_build(project, session, monkeypatch):
    execute(session)
    monkeypatch.setenv("SITE_FORCE_EXECUTE", "1")
    forced = new_session(project)
    assert execute(forced).executed
    assert not execute(forced).executed  # the second language's build
    assert execute(new_session(project)).executed  # the next build re-runs it again


def test_the_record_says_executed_when_a_later_lookup_was_cached(project, session):
    execute(session)  # the first language's build runs it
    execute(session)  # the second one reads the cache
    assert session.outcomes == {"linear_regression": "executed"}
    later = new_session(project)
    execute(later)
    assert later.outcomes == {"linear_regression": "cached"}  # each build records its own


def test_switching_back_to_an_earlier_version_is_served_from_the_cache(project, session):
    snippet = project / "snippets" / "linear_regression.py"
    original = snippet.read_text()
    assert execute(session).executed
    snippet.write_text(original.replace("import numpy as np\n", "import numpy as np  # other branch\n", 1))
    assert execute(session).executed
    snippet.write_text(original)
    assert not execute(session).executed


def test_the_cache_keeps_a_bounded_number_of_entries_per_experiment(project, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_ENTRIES", "2")
    session = new_session(project)
    snippet = project / "snippets" / "linear_regression.py"
    original = snippet.read_text()
    for version in range(3):
        snippet.write_text(original + f"\n# version {version}\n")
        execute(session)
    entries = [p for p in (project / "cache" / "linear_regression").iterdir() if p.is_dir()]
    assert len(entries) == 2
    snippet.write_text(original + "\n# version 0\n")  # the least recently used one was evicted
    assert execute(session).executed


def test_a_run_below_its_floor_is_kept_and_reported_at_once_on_the_next_build(session, monkeypatch):
    real = experiments.EXPERIMENTS["linear_regression"]
    experiment = dataclasses.replace(real, kind="classifier", floor=0.9)
    monkeypatch.setitem(experiments.EXPERIMENTS, "linear_regression", experiment)
    monkeypatch.setattr(runner, "run_child", fake_child(accuracy=0.5))
    with pytest.raises(execution.BelowFloorError, match="snippets/linear_regression.py.*0.5000.*below its floor 0.9"):
        execute(session)
    monkeypatch.setattr(runner, "run_child",
                        lambda *a: pytest.fail("re-ran a run already known to be below its floor"))
    with pytest.raises(execution.BelowFloorError, match="not re-run"):
        execute(session)


def fake_child(accuracy):
    def run(experiment, out, project_root):
        (out / "results.json").write_text(f'{{"test_accuracy": {accuracy}, "section_outputs": {{}}}}')
        return {"wall_seconds": 0.0, "cpu_cores": 2, "peak_memory_mb": 1}
    return run


@pytest.mark.parametrize("platform, maxrss, megabytes", [("linux", 2 * 1024 * 1024, 2048),
                                                         ("darwin", 3 * 2**30, 3072)])
def test_peak_memory_reads_ru_maxrss_in_the_platforms_unit(monkeypatch, platform, maxrss, megabytes):
    monkeypatch.setattr(sys, "platform", platform)
    usage = resource.struct_rusage((0,) * 2 + (maxrss,) + (0,) * 13)
    assert runner.peak_memory_mb(usage) == megabytes


def test_an_accuracy_below_the_floor_fails_naming_the_snippet():
    experiment = experiments.get("expanded_cnn_momentum")
    with pytest.raises(execution.ExecutionError, match="snippets/expanded_cnn_momentum.py.*below its floor"):
        execution.check_floor(experiment, {"test_accuracy": 0.5})


def test_a_killed_builds_work_folder_is_removed_by_the_next_build(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            left, in_use = tmp_path / str(finished.pid), tmp_path / str(running.pid)
            for folder in (left, in_use):
                (folder / "snippets" / "en").mkdir(parents=True)
            mine = dataclasses.replace(settings.current(), work_dir=tmp_path / str(os.getpid()))
            assert workspace.prepare_work_dir(mine).is_dir()
            assert not left.exists()
            assert in_use.is_dir()  # another build is still using it
        finally:
            running.kill()
