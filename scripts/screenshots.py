"""Full-page screenshots of the built site in headless Chromium, for eyes.

    .venv/bin/python scripts/screenshots.py [--site site] [--scheme light --scheme dark] [page ...]

Pages are paths such as `05-project/` (default: every page). Serves the site
on a free local port and saves each page in every language, at desktop
(1280 px) and phone (390 px) widths, in the chosen colour schemes, to
build/screenshots/<lang>-<page>-<width>-<scheme>.png.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild import languages
from sitebuild.dev.browser import Visit, launch
from sitebuild.dev.static_server import serve

OUT = ROOT / "build" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def all_pages() -> list[str]:
    base = languages.languages()[0].docs_dir
    return [""] + sorted(f"{p.stem}/" for p in base.glob("*.md") if p.stem != "index")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="e.g. 05-project/ (default: every page)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--scheme", action="append", choices=["light", "dark"],
                        help="colour scheme, repeatable (default: light and dark)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with serve(args.site) as base, launch() as browser:
        for scheme in args.scheme or ["light", "dark"]:
            for width_name, (width, height) in WIDTHS.items():
                for path in args.pages or all_pages():
                    for lang in languages.codes():
                        visit = Visit(browser, f"{base}/{lang}/{path}", width, height, color_scheme=scheme)
                        # Figures are lazy-loaded; a full-page capture does not scroll, so load them now.
                        visit.load_lazy_images()
                        name = f"{lang}-{path.strip('/') or 'index'}-{width_name}-{scheme}.png"
                        visit.page.screenshot(path=OUT / name, full_page=True)
                        visit.close()
                        print(OUT / name)


if __name__ == "__main__":
    main()
