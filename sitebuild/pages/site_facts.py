"""Facts about the site itself that a page may state, counted when the site is built.

    {{ count: errata }}   the number of erratum blocks on the language's pages

The home page says how many errata the site has; typed by hand, that number
would go stale with the next erratum. An unknown fact fails the build, naming the page.
"""
import re

from sitebuild import languages
from sitebuild.errors import BuildError
from sitebuild.pages import errata

COUNT = re.compile(r"\{\{\s*count:\s*([\w-]+)\s*\}\}")


class SiteFactError(BuildError):
    pass


def _errata(lang: str) -> int:
    return len(errata.collect(languages.get(lang).docs_dir))


COUNTS = {"errata": _errata}


def expand(markdown: str, lang: str, where: str) -> str:
    """Replace every `{{ count: … }}` of a page (`where` names it in errors) in language `lang`."""
    def replace(match):
        if match.group(1) not in COUNTS:
            raise SiteFactError(f"{where}: {match.group(0)}: unknown count '{match.group(1)}' "
                                f"(known: {', '.join(COUNTS)})")
        return str(COUNTS[match.group(1)](lang))
    return COUNT.sub(replace, markdown)
