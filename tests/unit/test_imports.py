"""Every module of sitebuild/ imports on its own, whatever was imported before it: an import
cycle between modules that only works in one order (pages/: directives, structure, errata,
glossary) would otherwise fail in whichever test, command or hook happens to import it first."""
import subprocess
import sys

from tests.support.pages import ROOT

EACH_ALONE = """
import importlib, pkgutil, sys
import sitebuild
names = [m.name for m in pkgutil.walk_packages(sitebuild.__path__, "sitebuild.")]
for name in names:
    for loaded in [m for m in sys.modules if m == "sitebuild" or m.startswith("sitebuild.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as err:
        print(f"{name}: {type(err).__name__}: {err}")
print(f"imported {len(names)} modules")
"""


def test_every_module_imports_first():
    done = subprocess.run([sys.executable, "-c", EACH_ALONE], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    failures = done.stdout.strip().splitlines()
    assert failures[-1].startswith("imported ") and int(failures[-1].split()[1]) >= 40, failures
    assert failures[:-1] == []
