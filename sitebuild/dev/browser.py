"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright: the one
place the tests, the benchmarks and the screenshot script start a browser.

Playwright's own browser download does not work offline; Debian's Chromium
does, with flags that stop it calling Google's hosts.
"""
import shutil
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_installed() -> bool:
    return Path(CHROMIUM).exists()


@contextmanager
def launch():
    """A headless Chromium (Playwright Browser) for the duration of the block."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """One page load in a fresh context, recording every request and every console error."""

    def __init__(self, browser, url, width=1280, height=900, color_scheme="light",
                 wait_until="networkidle"):
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until=wait_until)

    def load_lazy_images(self):
        # decode() resolves once the chosen source (a <picture> may pick another) is loaded and decoded.
        self.page.evaluate("""Promise.all([...document.images].map(img => {
            img.loading = "eager";
            return img.decode().catch(() => null);
        }))""")

    def switch_language(self, code: str) -> None:
        """Pick `code` in the header's language menu, as a reader does."""
        self.page.locator(".md-header__option .md-select button").hover()
        self.page.locator(f".md-select__link[hreflang={code}]").click()

    def close(self):
        # Leave the page first: closing a context while its page reloads itself (the dev
        # server's live reload) hung Chromium here, 1 run in 3.
        self.page.goto("about:blank")
        self.context.close()
