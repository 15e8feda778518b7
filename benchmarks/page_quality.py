"""What a reader's first visit costs and how Lighthouse rates it, measured on the built site.

    .venv/bin/python benchmarks/page_quality.py [--site site]

Serves the site like GitHub Pages (gzip, see sitebuild/dev/static_server.py) and
1. runs Lighthouse (npm, mobile preset, Debian's Chromium) on the home page and
   the tutorial page in both languages: performance, accessibility, best
   practices, SEO;
2. loads the tutorial page in a fresh browser, scrolls to the end (so lazy
   figures load) and adds up the bytes transferred, by kind, against the budget.

Budget for a first visit to the tutorial page, scrolled to the end (compressed
bytes on the wire): total <= 900 KB. Why: Material's CSS/JS and the HTML are
~90 KB gzip; the three figures ~155 KB of PNG; the search index ~40 KB; and,
once the reader reaches it, the digit demo ~320 KB (244 KB of float16 weights,
78 KB of sample digits, the script). 900 KB loads in about a second on a
typical 4G link; the page before any scrolling is far smaller.
"""
import gzip
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild.dev.browser import CHROMIUM, CHROMIUM_ARGS, record_page_load  # noqa: E402
from sitebuild.dev.static_server import serve  # noqa: E402

PAGES = ["zh/", "zh/05-project/", "en/", "en/05-project/"]
BUDGET_BYTES = 900_000
PAGE_LOADS_FILE = ROOT / "build" / "page-loads.json"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


SCHEME_FLAGS = {"light": [], "dark": ["--blink-settings=preferredColorScheme=0"]}  # prefers-color-scheme


def lighthouse(url: str, categories=CATEGORIES, scheme: str = "light") -> dict:
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS, *SCHEME_FLAGS[scheme], f"--user-data-dir={profile}"])
        report = Path(out) / "report.json"
        subprocess.run([str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet",
                        f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}",
                        "--output=json", f"--output-path={report}",
                        "--only-categories=" + ",".join(categories)],
                       check=True, cwd=ROOT, timeout=300)
        record_page_load()  # Lighthouse's navigation mode loads the page once, in its own Chromium
        data = json.loads(report.read_text())
    scores = {c: round(100 * data["categories"][c]["score"]) for c in categories}
    failing = [a["id"] for a in data["audits"].values()
               if a.get("score") is not None and a["score"] < 0.9
               and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    return {"scores": scores, "below_0.9": failing}


def first_visit_bytes(url: str) -> dict[str, int]:
    from playwright.sync_api import sync_playwright
    sizes = defaultdict(int)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        client = page.context.new_cdp_session(page)
        client.send("Network.enable")
        kinds = {}
        client.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
        client.on("Network.loadingFinished",
                  lambda e: sizes.__setitem__(kinds.get(e["requestId"], "Other"),
                                              sizes[kinds.get(e["requestId"], "Other")]
                                              + int(e["encodedDataLength"])))
        page.goto(url, wait_until="networkidle")
        for _ in range(60):  # scroll like a reader, so lazy figures load
            page.mouse.wheel(0, 1200)
            page.wait_for_timeout(50)
        page.wait_for_load_state("networkidle")
        browser.close()
    return dict(sizes)


IMAGE = re.compile(r'<(?:img|source)\b[^>]*?(?:src|srcset)="([^"]+)"')


def page_weights(site: Path) -> dict[str, tuple[int, int]]:
    """Each page's (HTML gzip bytes, bytes of the images it shows, every size offered)."""
    weights = {}
    for html_file in sorted(site.glob("*/**/index.html")):
        html = html_file.read_text(encoding="utf-8")
        images = set()
        for match in IMAGE.finditer(html):
            for candidate in match.group(1).split(","):
                target = (html_file.parent / candidate.strip().split(" ")[0]).resolve()
                if target.is_file():
                    images.add(target)
        weights[str(html_file.parent.relative_to(site)) + "/"] = (
            len(gzip.compress(html.encode(), 9)), sum(i.stat().st_size for i in images))
    return weights


def print_weights(site: Path, before: Path | None) -> None:
    now, then = page_weights(site), page_weights(before) if before else {}
    print("\nPage weights (HTML gzip / images shown, KB)" + (f", before = {before}" if before else ""))
    for page, (html, images) in now.items():
        line = f"  {page:<34} {html / 1000:6.1f} / {images / 1000:6.1f}"
        if page in then:
            line += f"    before {then[page][0] / 1000:6.1f} / {then[page][1] / 1000:6.1f}"
        print(line)


def main(argv: list[str] | None = None) -> None:
    import argparse
    parser = argparse.ArgumentParser(description="Lighthouse scores and first-visit bytes of the built site.")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--before", type=Path, help="an earlier build, to print its page weights side by side")
    parser.add_argument("--weights-only", action="store_true", help="only the page weights (no browser)")
    args = parser.parse_args(argv)
    site = args.site
    print_weights(site, args.before)
    if PAGE_LOADS_FILE.is_file():  # written by the last pytest run (tests/conftest.py)
        print(f"\nBrowser page loads of the last test run: {json.loads(PAGE_LOADS_FILE.read_text())['total']} "
              f"({PAGE_LOADS_FILE.relative_to(ROOT)})")
    if args.weights_only:
        return
    with serve(site) as base:
        print("Lighthouse (mobile preset)                 perf  a11y  best   seo")
        for path in PAGES:
            for scheme in ("light", "dark"):
                result = lighthouse(f"{base}/{path}", scheme=scheme)
                s = result["scores"]
                print(f"  {path + ' ' + scheme:<38} {s['performance']:>6} {s['accessibility']:>5} "
                      f"{s['best-practices']:>5} {s['seo']:>5}   below 0.9: {', '.join(result['below_0.9']) or '-'}")
        sizes = first_visit_bytes(f"{base}/zh/05-project/")
    total = sum(sizes.values())
    print("\nFirst visit to zh/05-project/, bytes on the wire (gzip):")
    for kind, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<12} {size / 1000:8.1f} KB")
    print(f"  {'total':<12} {total / 1000:8.1f} KB   budget {BUDGET_BYTES / 1000:.0f} KB: "
          f"{'met' if total <= BUDGET_BYTES else 'EXCEEDED'}")


if __name__ == "__main__":
    main()
