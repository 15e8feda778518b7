"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright: the one
place the tests, the benchmarks and the screenshot script start a browser.

Playwright's own browser download does not work offline; Debian's Chromium
does, with flags that stop it calling Google's hosts.

Every page load of a browser started here is counted (`PAGE_LOADS`), whoever
asks for it: a page a test opens, a `goto`, a reload, a link followed, and a
page Material's instant navigation fetches and swaps in. The suite's budget
of page loads is checked against this count.
"""
import queue
import shutil
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

# Debian names it chromium; GitHub's Ubuntu runners carry a Chromium as chromium-browser too.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

SCREENS = {1280: 900, 390: 844}  # viewport width -> height: a desktop and a phone

PAGE_LOADS: Counter[str] = Counter()  # whom the loads were for (see charge_loads_to) -> page loads
_charged_to = ["other"]


def chromium_installed() -> bool:
    return Path(CHROMIUM).exists()


def charge_loads_to(label: str) -> None:
    """Count the page loads from now on under `label` (the tests pass their id)."""
    _charged_to[0] = label


_counting_lock = threading.Lock()  # tour_in_parallel's browsers count from their own threads


def record_page_load(n: int = 1) -> None:
    """For a browser this module does not start (Lighthouse's own Chromium)."""
    with _counting_lock:
        PAGE_LOADS[_charged_to[0]] += n


def page_loads() -> int:
    return sum(PAGE_LOADS.values())


def _is_page(url: str) -> bool:
    path = urlparse(url).path
    return path.endswith("/") or path.endswith(".html")


def _count_loads_of(page) -> None:
    def on_request(request):
        try:
            main = request.frame == page.main_frame
        except Exception:  # a worker's request has no frame: never a page load
            return
        if main and (request.resource_type == "document"
                     # Material's instant navigation: the next page's HTML, fetched and swapped in
                     or (request.resource_type in ("fetch", "xhr") and _is_page(request.url))):
            record_page_load()
    page.on("request", on_request)


def _counting(browser):
    """Make every page of every context of `browser` count its loads."""
    new_context, new_page = browser.new_context, browser.new_page

    def counting_new_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("page", _count_loads_of)
        return context

    def counting_new_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        _count_loads_of(page)
        return page

    browser.new_context, browser.new_page = counting_new_context, counting_new_page
    return browser


@contextmanager
def launch():
    """A headless Chromium (Playwright Browser) for the duration of the block."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = _counting(playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS))
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
        self._in_flight, self._last_request = set(), time.monotonic()
        self.page.on("request", self._started)
        self.page.on("requestfinished", lambda r: self._in_flight.discard(r))
        self.page.on("requestfailed", lambda r: self._in_flight.discard(r))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until=wait_until)

    def _started(self, request):
        self.requests.append(request.url)
        self._in_flight.add(request)
        self._last_request = time.monotonic()

    def network_quiet(self, quiet: float = 0.3, timeout: float = 15) -> None:
        """Wait until no request is under way and none has started for `quiet` seconds: what a
        page loads late is then in `requests`. Like Playwright's "networkidle" (0.5 s), except
        that the time spent measuring the page counts towards the quiet time: a request a page
        made 300 ms after its load event was still caught on every page measured."""
        deadline = time.monotonic() + timeout
        while self._in_flight or time.monotonic() - self._last_request < quiet:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.page.url}: still loading {sorted(r.url for r in self._in_flight)[:5]}")
            self.page.wait_for_timeout(20)

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


def site_pages() -> list[str]:
    """Every page of a language's site, as a path under `<lang>/`: the Markdown pages (home first),
    then the notebook pages."""
    from sitebuild import languages
    from sitebuild.engine.experiments import EXPERIMENTS
    docs = languages.languages()[0].docs_dir
    return ([""] + sorted(f"{p.stem}/" for p in docs.glob("*.md") if p.stem != "index")
            + [f"notebooks/{name}/" for name, e in sorted(EXPERIMENTS.items()) if e.notebook])


def tour_in_parallel(base: str, langs, paths, views, measure, workers: int = 2) -> list:
    """What `measure(lang, path, width, scheme, visit)` returns for each page of `paths`, in each
    language and view (scheme, width), in that order, each loaded once, with `workers` browsers
    loading pages at once. A page load is mostly waiting (for the network to go quiet, for
    fonts, for a script to run), which the other browser fills. Each worker is a thread with its
    own Playwright and Chromium (Playwright is not thread-safe)."""
    jobs = [(lang, path, width, scheme) for scheme, width in views for lang in langs for path in paths]
    results, failures, todo = [None] * len(jobs), [], queue.SimpleQueue()
    for index in range(len(jobs)):
        todo.put(index)

    def work():
        try:
            with launch() as browser:
                while not failures:
                    try:
                        index = todo.get_nowait()
                    except queue.Empty:
                        return
                    lang, path, width, scheme = jobs[index]
                    visit = Visit(browser, f"{base}/{lang}/{path}", width, SCREENS[width], color_scheme=scheme,
                                  wait_until="load")  # measure() waits for a quiet network (network_quiet)
                    try:
                        results[index] = measure(lang, path, width, scheme, visit)
                    finally:
                        visit.close()
        except BaseException as err:  # re-raised in the caller's thread, with its traceback
            failures.append(err)

    threads = [threading.Thread(target=work, name=f"tour-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results
