"""A throw-away copy of the project that builds on its own, for tests and benchmarks
that must edit pages, snippets or build code without touching the real ones."""
import shutil
from pathlib import Path

from sitebuild.settings import PROJECT_ROOT

COPIED = ("docs", "snippets", "sitebuild", "overrides", "study")
LINKED = ("data", "node_modules")  # large and never edited: linked, not copied


def copy_project(dest: Path, root: Path = PROJECT_ROOT) -> Path:
    """Copy what a build reads into `dest` (every mkdocs*.yml too); return `dest`."""
    for name in COPIED:
        shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for config in root.glob("mkdocs*.yml"):
        shutil.copy(config, dest / config.name)
    for name in LINKED:
        (dest / name).symlink_to(root / name)
    return dest
