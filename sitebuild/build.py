"""Build every language and assemble the site that GitHub Pages publishes.

    python -m sitebuild.build [--site-dir site] [--lang zh] [--quiet]

site/<code>/ is one ordinary MkDocs build per language (sitebuild/languages.py
lists them); the root gets an index.html that sends a reader to a language
and a 404.html. All languages are built in this one process: the experiments
run (or come from the cache) once and every build reads the same runs, and
libraries load once. The build's session (sitebuild/engine/session.py) is
the hooks' one handle on what this build ran. What the build did is written to
<site-dir>/.build-record.json (per language: seconds; per experiment:
executed or cached), for the benchmark and the tests.
"""
import argparse
import html
import json
import logging
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sitebuild import languages
from sitebuild.engine import session, workspace
from sitebuild.engine.session import BuildSession
from sitebuild.errors import BuildError, exit_status
from sitebuild.reader import page_meta, pdf
from sitebuild.settings import PROJECT_ROOT

RECORD_NAME = ".build-record.json"


class BuildFailed(BuildError):
    pass


@dataclass
class BuildRecord:
    seconds: dict = field(default_factory=dict)      # language -> seconds
    experiments: dict = field(default_factory=dict)  # experiment -> "executed" | "cached"
    pdf: dict = field(default_factory=dict)          # language -> {pages, bytes, seconds, prints}


def root_index() -> str:
    langs = languages.languages()
    links = " · ".join(f'<a href="{lang.code}/" lang="{lang.code}">{html.escape(lang.name)}</a>'
                       for lang in langs)
    codes = json.dumps([lang.code for lang in langs])
    titles = " · ".join(html.escape(lang.site_name) for lang in langs)
    return f"""<!doctype html>
<html lang="{langs[0].code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{titles}</title>
<script>
  // The first of the reader's languages that the site has; otherwise the last configured one.
  var codes = {codes}, wanted = navigator.languages || [navigator.language || ""];
  var pick = codes[codes.length - 1];
  for (var i = 0; i < wanted.length; i++) {{
    var code = (wanted[i] || "").toLowerCase().split("-")[0];
    if (codes.indexOf(code) >= 0) {{ pick = code; break; }}
  }}
  location.replace(pick + "/");
</script>
<noscript><meta http-equiv="refresh" content="0; url={langs[-1].code}/"></noscript>
</head>
<body>
<p>{links}</p>
</body>
</html>
"""


def not_found_page(base_path: str) -> str:
    lines = "\n".join(
        f'<p lang="{lang.code}">{html.escape(lang.words["not_found"])} '
        f'<a href="{base_path}{lang.code}/">{html.escape(lang.words["not_found_home"])}</a></p>'
        for lang in languages.languages())
    return f"""<!doctype html>
<html lang="{languages.languages()[0].code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>404 · {" / ".join(html.escape(lang.words["not_found"]) for lang in languages.languages())}</title>
<style>body{{font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}</style>
</head>
<body>
<h1>404</h1>
{lines}
</body>
</html>
"""


def _set_up_logging(quiet: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_sitebuild", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._sitebuild = True
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


def build_language(code: str, site_dir: Path) -> float:
    """One language's MkDocs build (strict) into site_dir; returns its seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from pymdownx.snippets import SnippetMissingError

    lang = languages.get(code)
    started = time.perf_counter()
    try:
        config = load_config(str(lang.config_file), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except (MkDocsException, SnippetMissingError) as err:  # MkDocs logged the details above
        raise BuildFailed(f"the {code} build failed ({lang.config_file.name}): {err}") from None
    return time.perf_counter() - started


def build(site_dir: Path = PROJECT_ROOT / "site", quiet: bool = False,
          only: list[str] | None = None, build_session: BuildSession | None = None) -> BuildRecord:
    """Build the languages (`only` these, if given) in `build_session` (default: a new one)."""
    _set_up_logging(quiet)
    build_session = build_session or BuildSession.start()
    record = BuildRecord()
    with session.active(build_session):
        for lang in languages.languages():
            if only and lang.code not in only:
                continue
            workspace.seed_render_cache(build_session.settings, lang.code)
            record.seconds[lang.code] = build_language(lang.code, site_dir / lang.code)
            workspace.publish_render_cache(build_session.settings, lang.code)
            print(f"built {lang.code} in {record.seconds[lang.code]:.1f} s -> {site_dir / lang.code}",
                  file=sys.stderr)
    record.experiments = dict(build_session.outcomes)
    if build_session.settings.pdf:
        record.pdf = make_pdfs(site_dir, list(record.seconds), build_session.settings.base_url)
    (site_dir / "index.html").write_text(root_index(), encoding="utf-8")
    (site_dir / "404.html").write_text(not_found_page(build_session.settings.base_path), encoding="utf-8")
    (site_dir / RECORD_NAME).write_text(json.dumps(asdict(record), indent=1), encoding="utf-8")
    return record


def make_pdfs(site_dir: Path, codes: list[str], base_url: str) -> dict:
    """Each built language's article as a PDF (sitebuild/reader/pdf.py), printed by one Chromium."""
    from sitebuild.dev import browser
    if not codes:
        return {}
    if not browser.chromium_installed():
        raise BuildFailed(f"the article's PDF is printed by Chromium, and {browser.CHROMIUM} is missing: "
                          "install it (apt-get install chromium) or build without the PDF (SITE_PDF=0)")
    commit, built = page_meta.build_commit(), page_meta.build_date()
    made, failures = {}, []

    def print_all():
        try:
            with browser.launch() as chromium:
                for code in codes:
                    result = pdf.make(site_dir, code, f"{base_url}{code}/", built, commit, chromium)
                    size = result.path.stat().st_size
                    made[code] = {"pages": result.pages, "bytes": size, "seconds": round(result.seconds, 1),
                                  "prints": result.prints}
                    print(f"made {result.path.relative_to(site_dir)}: {result.pages} pages, "
                          f"{size / 1e6:.1f} MB, {result.seconds:.1f} s ({result.prints} prints)", file=sys.stderr)
        except BaseException as err:  # re-raised in the caller's thread, with its traceback
            failures.append(err)

    # A thread of its own: Playwright's sync API cannot start in a thread where another one runs
    # (the tests' browser, when the session's site is built after it started).
    printer = threading.Thread(target=print_all, name="pdf")
    printer.start()
    printer.join()
    if failures:
        raise failures[0]
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild build", description=__doc__.split("\n")[0])
    parser.add_argument("--site-dir", type=Path, default=PROJECT_ROOT / "site")
    parser.add_argument("--lang", action="append", metavar="CODE",
                        help="build only this language (repeatable); default: all")
    parser.add_argument("--quiet", action="store_true", help="warnings and errors only")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.lang or ()) - set(languages.codes()))
    if unknown:
        raise BuildError(f"--lang {', '.join(unknown)}: no such language (mkdocs*.yml has: "
                         f"{', '.join(languages.codes())})")
    build(args.site_dir.resolve(), quiet=args.quiet, only=args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(exit_status(main))
