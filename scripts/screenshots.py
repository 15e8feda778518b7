"""Full-page screenshots of the built site in headless Chromium (Debian's), for eyes.

    .venv/bin/python scripts/screenshots.py [page ...]   # e.g. 05-project/ ; default: every page

Serves site/ on a free local port and saves each page in both languages at
desktop (1280 px) and phone (390 px) widths to build/screenshots/.
"""
import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def all_pages() -> list[str]:
    return [""] + sorted(f"{p.stem}/" for p in (ROOT / "docs" / "zh").glob("*.md") if p.stem != "index")


def main(pages: list[str]) -> None:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=str(ROOT / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for path in pages or all_pages():
                for lang in ("zh", "en"):
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{lang}/{path}")
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
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
