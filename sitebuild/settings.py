"""Every SITE_* environment setting, and every folder the build writes, named in this one place.

    SITE_BASE_URL         where the site is served ('/<lang>/' is appended per language);
                          default http://127.0.0.1:8000/
    SITE_EXECUTE          0: build without running anything (placeholders instead of outputs)
    SITE_FORCE_EXECUTE    1: re-run every experiment once in this build, ignoring the cache
    SITE_CACHE_DIR        the execution cache; default .cache/executions
    SITE_CACHE_ENTRIES    entries kept per experiment (older ones are evicted); default 4
    SITE_FIGURE_CACHE_DIR drawn figures; default .cache/figures
    SITE_TEST_DIR         where the tests build the site; default a temporary folder
    SITE_PDF              0: no PDF of the article (quick builds, the fast tier; the live preview
                          never makes one); default 1, which needs Debian's Chromium

The two caches are shared by every build (each writes an entry whole, then
renames it into place). What a build derives from the sources for MkDocs to
read (the snippets with each language's comments, the notebook pages,
mkdocs-jupyter's render cache) goes to a work folder of its own process,
`.cache/work/<pid>/`, so that two builds at once in one checkout (the dev
server and `./dev.sh check`) never write or delete each other's files; the
notebook renders are shared through a store that is only ever added to whole.

`Settings.from_environment()` is called when a value is needed, so a test or a
command that changes the environment sees its change; nothing else reads
os.environ for these names. A bad value is a SettingError naming the variable.
"""
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sitebuild.errors import BuildError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORK_ROOT = PROJECT_ROOT / ".cache" / "work"  # one folder per build process: <pid>/


class SettingError(BuildError):
    pass


def _flag(env, name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or value == "":
        return default
    if value not in ("0", "1"):
        raise SettingError(f"{name} must be 0 or 1, not {value!r}")
    return value == "1"


def _positive_int(env, name: str, default: int) -> int:
    value = env.get(name, "")
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise SettingError(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


def _folder(env, name: str, default: Path | None) -> Path | None:
    value = env.get(name)
    if not value:
        return default
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise SettingError(f"{name} must name a folder, not the file {value!r}")
    return path


def _base_url(env) -> str:
    value = env.get("SITE_BASE_URL") or "http://127.0.0.1:8000/"
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingError(f"SITE_BASE_URL must be an http(s) address with a host, not {value!r}")
    return value.rstrip("/") + "/"


@dataclass(frozen=True)
class Settings:
    base_url: str
    execute: bool
    force_execute: bool
    cache_dir: Path
    cache_entries: int
    figure_cache_dir: Path
    test_dir: Path | None
    pdf: bool       # the article as one PDF per language (sitebuild/reader/pdf.py)
    work_dir: Path  # this process's derived files (see the module's docstring)

    @classmethod
    def from_environment(cls, env=None) -> "Settings":
        env = os.environ if env is None else env
        return cls(
            base_url=_base_url(env),
            execute=_flag(env, "SITE_EXECUTE", True),
            force_execute=_flag(env, "SITE_FORCE_EXECUTE", False),
            cache_dir=_folder(env, "SITE_CACHE_DIR", PROJECT_ROOT / ".cache" / "executions"),
            cache_entries=_positive_int(env, "SITE_CACHE_ENTRIES", 4),
            figure_cache_dir=_folder(env, "SITE_FIGURE_CACHE_DIR", PROJECT_ROOT / ".cache" / "figures"),
            test_dir=_folder(env, "SITE_TEST_DIR", None),
            pdf=_flag(env, "SITE_PDF", True),
            work_dir=WORK_ROOT / str(os.getpid()),
        )

    @property
    def base_path(self) -> str:
        """Path of the site root on its host: '/' locally, '/<repo>/' on GitHub Pages."""
        return urlparse(self.base_url).path.rstrip("/") + "/"

    def snippet_variants_dir(self, lang: str) -> Path:
        """The include base of a language's pages: `<this>/snippets/` with its comments."""
        return self.work_dir / "snippets" / lang

    def notebook_pages_dir(self, lang: str) -> Path:
        """Where a language's notebook pages are written for MkDocs: `<this>/notebooks/<name>.ipynb`."""
        return self.work_dir / "notebook-pages" / lang

    def notebook_render_cache_dir(self, lang: str) -> Path:
        """mkdocs-jupyter's render cache for this build (it evicts every entry the build did not use)."""
        return self.work_dir / "mkdocs-jupyter" / lang

    def notebook_render_store_dir(self, lang: str) -> Path:
        """The renders every build shares: copied into a build's cache before, added to after it."""
        return PROJECT_ROOT / ".cache" / "mkdocs-jupyter" / lang


def current() -> Settings:
    return Settings.from_environment()
