"""A broken page fails the build loudly, saying what and where."""
import os
import subprocess
import sys

import pytest

from sitebuild.dev.project_copy import copy_project
from sitebuild.settings import PROJECT_ROOT


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def build(project, config="mkdocs.yml"):
    env = dict(os.environ, SITE_EXECUTE="0", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_the_unchanged_copy_builds(project):
    done = build(project)
    assert done.returncode == 0, done.stderr[-2000:]


def test_an_include_of_a_missing_section_fails(project):
    page = project / "docs" / "zh" / "05-project.md"
    page.write_text(page.read_text().replace("expanded_cnn.py:model", "expanded_cnn.py:no_such_section"))
    done = build(project)
    assert done.returncode != 0
    assert "no_such_section" in done.stderr


def test_an_include_of_a_missing_file_fails(project):
    page = project / "docs" / "en" / "05-project.md"
    page.write_text(page.read_text().replace("snippets/install.sh", "snippets/missing.sh"))
    done = build(project, "mkdocs.en.yml")
    assert done.returncode != 0
    assert "snippets/missing.sh" in done.stderr


def test_a_missing_translation_fails(project):
    (project / "docs" / "en" / "09-faq.md").unlink()
    done = build(project)
    assert done.returncode != 0
    assert "missing translation: docs/en/09-faq.md" in done.stderr


def test_a_formula_katex_cannot_parse_fails_naming_the_page(project):
    page = project / "docs" / "zh" / "04-math.md"
    page.write_text(page.read_text() + "\n$$\n\\frac{1}{\n$$\n")
    done = build(project)
    assert done.returncode != 0
    assert "docs/zh/04-math.md" in done.stderr and "KaTeX" in done.stderr


def test_an_unknown_output_directive_fails_naming_the_page(project):
    page = project / "docs" / "zh" / "05-project.md"
    page.write_text(page.read_text() + "\n{{ value: expanded_cnn/no_such_value }}\n")
    env_build = build(project)
    assert env_build.returncode != 0
    assert "docs/zh/05-project.md" in env_build.stderr and "no_such_value" in env_build.stderr


def test_a_corrupt_data_file_fails_the_build_with_its_path_and_hash(project):
    (project / "data").unlink()
    (project / "data").mkdir()
    good = (PROJECT_ROOT / "data" / "mnist.npz").read_bytes()
    (project / "data" / "mnist.npz").write_bytes(good[: len(good) // 2])  # truncated
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_EXECUTE="1", SITE_CACHE_DIR=str(project / "cache"))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "corrupt or altered" in done.stderr and str(project / "data" / "mnist.npz") in done.stderr
    assert "Traceback" not in done.stderr


def test_a_snippet_edit_without_a_refreshed_seed_study_fails_naming_the_command(project):
    snippet = project / "snippets" / "first_draft_cnn.py"
    snippet.write_text(snippet.read_text().replace("epochs=5", "epochs=6"))
    done = build(project)
    assert done.returncode != 0
    assert "study/seed-study.json is stale for first_draft_cnn" in done.stderr
    assert "`./dev.sh study first_draft_cnn`" in done.stderr
