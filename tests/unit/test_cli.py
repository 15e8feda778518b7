"""`python -m sitebuild <command>`: the one command line (sitebuild/__main__.py)."""
import subprocess
import sys

from sitebuild.__main__ import COMMANDS
from sitebuild.settings import PROJECT_ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitebuild", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


def test_help_lists_every_command_with_one_line():
    done = run("--help")
    assert done.returncode == 0
    listed = [line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")]
    assert listed == ["build", "serve", "typography", "notebooks", "execute", "study"] == list(COMMANDS)


def test_an_unknown_command_is_a_usage_message_and_exit_2():
    done = run("deploy")
    assert done.returncode == 2
    assert "usage: python -m sitebuild <command>" in done.stderr and "unknown command 'deploy'" in done.stderr
    assert run().returncode == 2


def test_typography_passes_on_the_current_pages():
    done = run("typography")
    assert done.returncode == 0, done.stdout


def test_a_command_gets_its_own_options():
    done = run("typography", "--no-such-option")
    assert done.returncode == 2 and "--no-such-option" in done.stderr


def test_serve_does_not_import_the_build_into_the_server_process():
    """A broken edit of build code must not stop the server: MkDocs loads in the builder only."""
    code = ("import sys; from sitebuild.__main__ import COMMANDS; import importlib; "
            "importlib.import_module(COMMANDS['serve'][0]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'jinja2')"
            " or m in ('sitebuild.build', 'sitebuild.mkdocs_hooks')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
