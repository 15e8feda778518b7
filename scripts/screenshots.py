"""Full-page screenshots of the built site in headless Chromium (Debian's), for eyes.

    .venv/bin/python scripts/screenshots.py [page ...]   # e.g. 05-project/ ; default: every page

Serves site/ on a free local port and saves each page in both languages at
desktop (1280 px) and phone (390 px) widths to build/screenshots/.
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild.static_server import serve  # noqa: E402
OUT = ROOT / "build" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def all_pages() -> list[str]:
    return [""] + sorted(f"{p.stem}/" for p in (ROOT / "docs" / "zh").glob("*.md") if p.stem != "index")


def main(pages: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with serve(ROOT / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for path in pages or all_pages():
                for lang in ("zh", "en"):
                    page.goto(f"{base}/{lang}/{path}")
                    # Figures are lazy-loaded; a full-page capture does not scroll, so load them now.
                    page.evaluate("""Promise.all([...document.images].map(img => {
                        img.loading = "eager";
                        return img.complete ? null : new Promise(done => img.onload = img.onerror = done);
                    }))""")
                    name = f"{lang}-{path.strip('/') or 'index'}-{width_name}.png"
                    page.screenshot(path=OUT / name, full_page=True)
                    print(OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
