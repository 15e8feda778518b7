"""Every SITE_* environment setting, read in this one place.

    SITE_BASE_URL         where the site is served ('/<lang>/' is appended per language);
                          default http://127.0.0.1:8000/
    SITE_EXECUTE          0: build without running anything (placeholders instead of outputs)
    SITE_FORCE_EXECUTE    1: re-run every experiment once in this build, ignoring the cache
    SITE_CACHE_DIR        the execution cache; default .cache/executions
    SITE_CACHE_ENTRIES    entries kept per experiment (older ones are evicted); default 4
    SITE_FIGURE_CACHE_DIR drawn figures; default .cache/figures
    SITE_TEST_DIR         where the tests build the site; default a temporary folder

`Settings.from_environment()` is called when a value is needed, so a test or a
command that changes the environment sees its change; nothing else reads
os.environ for these names.
"""
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
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
    if not value.isdigit() or int(value) < 1:
        raise SettingError(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class Settings:
    base_url: str
    execute: bool
    force_execute: bool
    cache_dir: Path
    cache_entries: int
    figure_cache_dir: Path
    test_dir: Path | None

    @classmethod
    def from_environment(cls, env=None) -> "Settings":
        env = os.environ if env is None else env
        base_url = env.get("SITE_BASE_URL") or "http://127.0.0.1:8000/"
        if urlparse(base_url).scheme not in ("http", "https"):
            raise SettingError(f"SITE_BASE_URL must be an http(s) address, not {base_url!r}")
        return cls(
            base_url=base_url.rstrip("/") + "/",
            execute=_flag(env, "SITE_EXECUTE", True),
            force_execute=_flag(env, "SITE_FORCE_EXECUTE", False),
            cache_dir=Path(env.get("SITE_CACHE_DIR") or PROJECT_ROOT / ".cache" / "executions"),
            cache_entries=_positive_int(env, "SITE_CACHE_ENTRIES", 4),
            figure_cache_dir=Path(env.get("SITE_FIGURE_CACHE_DIR") or PROJECT_ROOT / ".cache" / "figures"),
            test_dir=Path(env["SITE_TEST_DIR"]) if env.get("SITE_TEST_DIR") else None,
        )

    @property
    def base_path(self) -> str:
        """Path of the site root on its host: '/' locally, '/<repo>/' on GitHub Pages."""
        return urlparse(self.base_url).path.rstrip("/") + "/"


def current() -> Settings:
    return Settings.from_environment()
