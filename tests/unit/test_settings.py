"""Every SITE_* setting: a bad value is a BuildError naming the variable and the value; good values work."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild.errors import BuildError
from sitebuild.settings import PROJECT_ROOT, SettingError, Settings


def settings_of(**env) -> Settings:
    return Settings.from_environment(env)


@pytest.mark.parametrize("name, bad", [
    ("SITE_BASE_URL", "example.org/site/"),
    ("SITE_BASE_URL", "ftp://example.org/"),
    ("SITE_BASE_URL", "http://"),
    ("SITE_EXECUTE", "yes"),
    ("SITE_EXECUTE", "true"),
    ("SITE_EXECUTE", " 1"),
    ("SITE_FORCE_EXECUTE", "2"),
    ("SITE_FORCE_EXECUTE", "on"),
    ("SITE_CACHE_ENTRIES", "0"),
    ("SITE_CACHE_ENTRIES", "-1"),
    ("SITE_CACHE_ENTRIES", "four"),
    ("SITE_CACHE_ENTRIES", "2.5"),
    ("SITE_CACHE_ENTRIES", "٣"),  # a digit, but not one int() should be given silently
    ("SITE_CACHE_DIR", "README.md"),
    ("SITE_FIGURE_CACHE_DIR", "README.md"),
    ("SITE_TEST_DIR", "README.md"),
    ("SITE_PDF", "no"),
])
def test_a_bad_value_names_the_variable_and_the_value(name, bad):
    value = str(PROJECT_ROOT / bad) if bad == "README.md" else bad
    with pytest.raises(SettingError) as error:
        settings_of(**{name: value})
    assert name in str(error.value) and repr(value) in str(error.value)
    assert isinstance(error.value, BuildError)  # so the build prints it without a traceback


def test_the_defaults():
    s = settings_of()
    assert s.base_url == "http://127.0.0.1:8000/" and s.base_path == "/"
    assert (s.execute, s.force_execute, s.cache_entries, s.test_dir, s.pdf) == (True, False, 4, None, True)
    assert s.cache_dir == PROJECT_ROOT / ".cache" / "executions"
    assert s.figure_cache_dir == PROJECT_ROOT / ".cache" / "figures"


def test_an_empty_value_means_the_default():
    assert settings_of(SITE_EXECUTE="", SITE_CACHE_ENTRIES="", SITE_BASE_URL="", SITE_TEST_DIR="") == settings_of()


def test_good_values(tmp_path):
    s = settings_of(SITE_BASE_URL="https://someone.github.io/article", SITE_EXECUTE="0", SITE_PDF="0",
                    SITE_FORCE_EXECUTE="1", SITE_CACHE_ENTRIES="12", SITE_CACHE_DIR=str(tmp_path / "runs"),
                    SITE_FIGURE_CACHE_DIR=str(tmp_path), SITE_TEST_DIR=str(tmp_path / "site"))
    assert s.base_url == "https://someone.github.io/article/" and s.base_path == "/article/"
    assert (s.execute, s.force_execute, s.cache_entries, s.pdf) == (False, True, 12, False)
    assert (s.cache_dir, s.figure_cache_dir, s.test_dir) == (tmp_path / "runs", tmp_path, tmp_path / "site")


def test_every_derived_folder_is_in_this_processs_work_folder():
    s = settings_of()
    assert s.work_dir == PROJECT_ROOT / ".cache" / "work" / str(os.getpid())
    for folder in (s.snippet_variants_dir("en"), s.notebook_pages_dir("en"), s.notebook_render_cache_dir("en")):
        assert folder.is_relative_to(s.work_dir) and folder.name == "en"


@pytest.mark.parametrize("command", [["sitebuild", "build"], ["sitebuild", "execute", "linear_regression"],
                                     ["sitebuild.build"]])
def test_a_bad_setting_ends_the_command_with_one_line_and_no_traceback(command, tmp_path):
    done = subprocess.run([sys.executable, "-m", *command], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env=dict(os.environ, SITE_EXECUTE="yes", SITE_CACHE_ENTRIES="none",
                                   SITE_CACHE_DIR=str(tmp_path)), timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("error: SITE_EXECUTE must be 0 or 1, not 'yes'")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr  # no traceback
    assert not Path(tmp_path).joinpath("linear_regression").exists()  # nothing ran
