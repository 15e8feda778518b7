"""Two builds at once in one checkout both succeed, each making the pages it makes alone.

The dev server's builder (execution on) and `./dev.sh check`'s build (SITE_EXECUTE=0) used to
share the derived folders (the snippets with each language's comments, the notebook pages,
mkdocs-jupyter's render cache), and wrote, replaced and evicted each other's files. The
builder reads the runs this session's build made (the `training_run` fixture puts the test
in the training tier: it needs those runs, and trains nothing they did not).
"""
import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from sitebuild import settings
from sitebuild.build import RECORD_NAME
from sitebuild.dev.project_copy import copy_project
from sitebuild.engine.experiments import EXPERIMENTS

BUILDER_ROUNDS, CHECK_ROUNDS = 3, 2  # several overlapping builds each, so that shared folders would collide
REQUEST = json.dumps({"only": None, "quiet": True}) + "\n"


def differing_files(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=[RECORD_NAME])
    found, todo = [], [(compared, "")]
    while todo:
        node, prefix = todo.pop()
        # A PDF is compared by name only: Chromium stamps each print with its time and node ids.
        changed = [name for name in node.diff_files if not name.endswith(".pdf")]
        found += [prefix + name for name in node.left_only + node.right_only + changed + node.funny_files]
        todo += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def start_builder(project: Path, site: Path, env: dict, rounds: int, log: Path) -> subprocess.Popen:
    """The dev server's builder process, asked for `rounds` builds of every language."""
    with open(log, "w") as stderr:  # a file, not a pipe that nobody reads while the other build runs
        builder = subprocess.Popen([sys.executable, "-m", "sitebuild.dev.builder", "--site-dir", str(site)],
                                   cwd=project, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=stderr, text=True)
    builder.stdin.write(REQUEST * rounds)
    builder.stdin.close()
    return builder


def finish_builder(builder: subprocess.Popen, rounds: int, log: Path) -> None:
    replies = [json.loads(line) for line in builder.stdout]
    assert builder.wait(timeout=600) == 0, log.read_text()[-3000:]
    failed = [reply for reply in replies if reply.get("ok") is False or reply.get("error")]
    assert not failed, failed
    assert sum(1 for reply in replies if reply.get("ok")) == 2 * rounds  # every language, every round


def check_build(project: Path, site: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitebuild.build", "--quiet", "--site-dir", str(site)],
                          cwd=project, env=dict(env, SITE_EXECUTE="0"), capture_output=True, text=True, timeout=600)


def test_the_dev_servers_builder_and_a_check_build_at_once_make_the_pages_each_makes_alone(tmp_path, training_run):
    for name in EXPERIMENTS:
        training_run(name)  # the builder below finds every run in the cache
    project = copy_project(tmp_path / "project")
    env = dict(os.environ, SITE_EXECUTE="1", SITE_CACHE_DIR=str(settings.current().cache_dir),
               NO_MKDOCS_2_WARNING="1")
    for name in ("SITE_FIGURE_CACHE_DIR", "SITE_FORCE_EXECUTE"):  # the copy's own figure cache, shared by both
        env.pop(name, None)
    alone = {"served": project / "served-alone", "checked": project / "checked-alone"}
    finish_builder(start_builder(project, alone["served"], env, 1, tmp_path / "alone.log"), 1, tmp_path / "alone.log")
    done = check_build(project, alone["checked"], env)
    assert done.returncode == 0, done.stderr[-3000:]

    log = tmp_path / "builder.log"
    builder = start_builder(project, project / "served", env, BUILDER_ROUNDS, log)
    checks = [check_build(project, project / "checked", env) for _ in range(CHECK_ROUNDS)]
    finish_builder(builder, BUILDER_ROUNDS, log)
    for check in checks:
        assert check.returncode == 0, check.stderr[-3000:]
    said = log.read_text() + "".join(check.stderr for check in checks)
    assert "Error" not in said and "Traceback" not in said, said[-3000:]
    assert differing_files(alone["served"], project / "served") == []
    assert differing_files(alone["checked"], project / "checked") == []
    assert not list((project / ".cache" / "work").glob("*"))  # each build removed its own folder
