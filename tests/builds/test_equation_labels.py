"""A reference to a formula label that no page defines fails the build, naming the page and the label."""
import os
import subprocess
import sys

from sitebuild.dev.project_copy import copy_project


def test_a_reference_to_an_unknown_formula_label_fails_the_build(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "zh" / "04-math.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("从{{ eq: matmul }}本身", "从{{ eq: matmul-typo }}本身"), encoding="utf-8")
    line = text[:text.index("从{{ eq: matmul }}本身")].count("\n") + 1
    env = dict(os.environ, SITE_EXECUTE="0", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert f"docs/zh/04-math.md:{line}: {{{{ eq: matmul-typo }}}}: unknown equation label 'eq:matmul-typo'" \
        in done.stderr, done.stderr[-1500:]
