"""The site's languages, read from the MkDocs configurations.

`mkdocs.yml` is the base language (Chinese); every `mkdocs.<code>.yml` next
to it is one more language that INHERITs it. A language is its config file
and its `docs/<code>/` folder; its name in the language menu and every
interface word the build writes (figure labels, demo, notebook links, output
titles) are under `extra.language_name` and `extra.words` of its own config
file. A word missing from a language's own file fails the build (MkDocs'
INHERIT would otherwise quietly show the base language's word).
"""
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from sitebuild.errors import BuildError
from sitebuild.settings import PROJECT_ROOT

BASE_CONFIG = "mkdocs.yml"


class LanguageError(BuildError):
    pass


@dataclass(frozen=True)
class Language:
    code: str          # theme.language, and the site folder: site/<code>/
    name: str          # shown in the language menu
    site_name: str
    config_file: Path
    docs_dir: Path
    words: dict        # interface words, by key
    author: str = ""   # site_author: the article's author (the PDF's cover)
    repository: str = ""  # extra.repository


def _read(path: Path, inherit: bool) -> dict:
    try:
        with open(path, "rb") as f:
            if inherit:
                return yaml_load(f) or {}
            return yaml.load(f, Loader=_OwnKeysLoader) or {}  # without INHERIT's merge
    except OSError as err:
        raise LanguageError(f"{path}: cannot read ({err.strerror})") from None
    except (yaml.YAMLError, ConfigurationError) as err:  # MkDocs' loader wraps YAML errors
        raise LanguageError(f"{path}: not valid YAML: {err}") from None


class _OwnKeysLoader(yaml.SafeLoader):
    """The base config names Python objects (!!python/name:...); here only the keys matter."""


_OwnKeysLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_OwnKeysLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _missing_words(own: dict, reference: dict, prefix: str = "") -> list[str]:
    missing = []
    for key, value in reference.items():
        if key not in own:
            missing.append(prefix + key)
        elif isinstance(value, dict):
            missing += _missing_words(own[key] if isinstance(own[key], dict) else {}, value,
                                      f"{prefix}{key}.")
    return missing


@cache
def languages(root: Path = PROJECT_ROOT) -> tuple[Language, ...]:
    """The base language first, then the others in file-name order."""
    files = [root / BASE_CONFIG] + sorted(root.glob("mkdocs.*.yml"))
    base_words = None
    found = []
    for path in files:
        config = _read(path, inherit=True)
        extra = config.get("extra") or {}
        code = (config.get("theme") or {}).get("language")
        where = path.relative_to(root)
        if not code:
            raise LanguageError(f"{where}: no theme.language")
        own_words = ((_read(path, inherit=False).get("extra") or {}).get("words")) or {}
        if base_words is None:
            base_words = own_words
        missing = _missing_words(own_words, base_words)
        if missing:
            raise LanguageError(f"{where}: extra.words lacks {', '.join(missing)} "
                                f"(every language states every interface word in its own config)")
        docs_dir = root / config.get("docs_dir", "docs")
        if docs_dir != root / "docs" / code:
            raise LanguageError(f"{where}: docs_dir must be docs/{code}")
        found.append(Language(code, extra.get("language_name") or code, config.get("site_name") or "",
                              path, docs_dir, extra.get("words") or {}, config.get("site_author") or "",
                              extra.get("repository") or ""))
    codes = [lang.code for lang in found]
    if len(set(codes)) != len(codes):
        raise LanguageError(f"two configs declare the same language: {codes}")
    return tuple(found)


def codes(root: Path = PROJECT_ROOT) -> list[str]:
    return [lang.code for lang in languages(root)]


def get(code: str, root: Path = PROJECT_ROOT) -> Language:
    for lang in languages(root):
        if lang.code == code:
            return lang
    raise LanguageError(f"unknown language '{code}' (configured: {', '.join(codes(root))})")


def nav(code: str, root: Path = PROJECT_ROOT) -> list | None:
    """The language's `nav:` (None: MkDocs orders the pages by file name)."""
    return _read(get(code, root).config_file, inherit=True).get("nav")
