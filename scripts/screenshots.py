"""Full-page screenshots of the built site in headless Chromium, for eyes.

    .venv/bin/python scripts/screenshots.py [--site site] [--scheme light --scheme dark] [page ...]

Pages are paths such as `05-project/` (default: every page, the notebook pages
too). Serves the site on a free local port and saves each page in every
language, at desktop (1280 px) and phone (390 px) widths, in the chosen colour
schemes, to build/screenshots/<lang>-<page>-<width>-<scheme>.png.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild import languages
from sitebuild.dev.browser import site_pages, tour_in_parallel
from sitebuild.dev.static_server import serve

OUT = ROOT / "build" / "screenshots"
WIDTH_NAMES = {1280: "desktop", 390: "phone"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help="e.g. 05-project/ (default: every page)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--scheme", action="append", choices=["light", "dark"],
                        help="colour scheme, repeatable (default: light and dark)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    views = [(scheme, width) for scheme in args.scheme or ["light", "dark"] for width in WIDTH_NAMES]
    def shoot(lang, path, width, scheme, visit) -> Path:
        # Figures are lazy-loaded; a full-page capture does not scroll, so load them now.
        visit.load_lazy_images()
        visit.network_quiet()
        name = f"{lang}-{path.strip('/').replace('/', '-') or 'index'}-{WIDTH_NAMES[width]}-{scheme}.png"
        visit.page.screenshot(path=OUT / name, full_page=True)
        return OUT / name

    with serve(args.site) as base:
        for shot in tour_in_parallel(base, languages.codes(), args.pages or site_pages(), views, shoot):
            print(shot)

if __name__ == "__main__":
    main()
