"""How fast and how heavy the digit demo's inside view is, measured on the built site.

    .venv/bin/python benchmarks/digit_demo_benchmark.py [--site site] [--runs 60] [--before REV]
                                                        [--before-site DIR] [--screenshots]

1. Redraw time: on the tutorial page (zh, 1280 px), with the demo started, it calls the page's
   own update() (the one forward pass, then every layer's maps, the legends, the units and the
   bars: what a stroke or "show me a test digit" triggers) on the first test digits in turn, and
   prints the median and 90th percentile, without and with Chromium's CPU throttling (CDP
   Emulation.setCPUThrottlingRate ×4, a phone-class CPU). Also: the forward pass alone, and the
   time until the next frame is painted. Goal: update() median <= 50 ms at ×4.
2. Bytes: the demo's script and the stylesheets holding its rules, gzip-compressed (-9), now and
   at REV (default: the branch's merge base with main), and the tutorial page's HTML (now, and in
   an older build's site/ if given; the inside view's markup and its printed rendering alone),
   so the added bytes are printed. Goal: added <= 30 KB gzip.
3. --screenshots: the demo after "show me a test digit", with the first convolution's map 3
   chosen, in both languages, 390 and 1280 px, light and dark, into build/screenshots/demo-*.png
   (the page's whole width, from the demo's top to its bottom).
"""
import argparse
import gzip
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitebuild import languages  # noqa: E402
from sitebuild.dev.browser import Visit, launch  # noqa: E402
from sitebuild.dev.static_server import serve  # noqa: E402

SCRIPT = "overrides/assets/javascripts/digit-demo.js"
STYLESHEETS = ["overrides/assets/stylesheets/digit-demo.css", "overrides/assets/stylesheets/site.css"]
OUT = ROOT / "build" / "screenshots"

TIME_UPDATES = """async runs => {
  const times = {update: [], forward: [], painted: []};
  const frame = () => new Promise(requestAnimationFrame);
  for (let i = 0; i < runs; i++) {
    const pixels = window.digitDemo.testDigit(i % window.digitDemo.manifest.sample_digits);
    let t = performance.now();
    window.digitDemo.forward(pixels);
    times.forward.push(performance.now() - t);
    await frame();
    t = performance.now();
    window.digitDemo.update(pixels);
    times.update.push(performance.now() - t);
    await frame();  // the frame that paints it has started once this resolves
    times.painted.push(performance.now() - t);
  }
  return times;
}"""


DEMO_ACROSS_THE_PAGE = """() => { const r = document.querySelector('.digit-demo').getBoundingClientRect();
    return {x: 0, y: r.top + scrollY - 20, width: innerWidth, height: r.height + 40}; }"""


def start_demo(page) -> None:
    page.evaluate("document.querySelector('.digit-demo').scrollIntoView({block: 'start'})")
    page.wait_for_selector(".digit-demo[data-state=ready]", timeout=30000)


def redraw_times(browser, base: str, runs: int) -> None:
    visit = Visit(browser, f"{base}/zh/05-project/", 1280, 900)
    try:
        start_demo(visit.page)
        cdp = visit.page.context.new_cdp_session(visit.page)
        visit.page.evaluate(TIME_UPDATES, 5)  # warm-up: the JIT compiles the loops
        for rate in (1, 4):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            times = visit.page.evaluate(TIME_UPDATES, runs)
            summary = ", ".join(f"{name} median {statistics.median(t):.1f} ms "
                                f"(p90 {sorted(t)[int(0.9 * len(t))]:.1f})" for name, t in times.items())
            print(f"CPU ×{rate}, {runs} test digits: {summary}")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        assert visit.errors == [], visit.errors
    finally:
        visit.close()


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def asset_bytes(rev: str) -> None:
    def at(path: str) -> bytes:
        done = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True)
        return done.stdout if done.returncode == 0 else b""
    script_now, script_then = gz((ROOT / SCRIPT).read_bytes()), gz(at(SCRIPT))
    css_now = sum(gz((ROOT / p).read_bytes()) for p in STYLESHEETS if (ROOT / p).is_file())
    css_then = sum(gz(at(p)) for p in STYLESHEETS if at(p))
    print(f"digit-demo.js gzip: {script_now} B now, {script_then} B at {rev[:10]} (+{script_now - script_then} B), "
          "loaded when the demo comes into view")
    print(f"site.css + digit-demo.css gzip: {css_now} B now, {css_then} B at {rev[:10]} (+{css_now - css_then} B), "
          "loaded with every page")


def html_bytes(site: Path, before: Path | None) -> None:
    for lang in languages.codes():
        page = (site / lang / "05-project" / "index.html").read_bytes()
        text = page.decode()
        inside = re.search(r'<section class="digit-demo__inside".*?</section>\n', text, re.S).group(0)
        printed = re.search(r'<figure class="digit-demo__print-inside">.*?</figure>', text, re.S).group(0)
        then = f", {gz((before / lang / '05-project' / 'index.html').read_bytes())} B in {before}" if before else ""
        print(f"{lang}/05-project/ HTML gzip: {gz(page)} B{then}; of it, on their own, the inside view's markup "
              f"~{gz(inside.encode())} B and its printed rendering ~{gz(printed.encode())} B")


def screenshots(browser, base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in languages.codes():
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                visit = Visit(browser, f"{base}/{lang}/05-project/", width, 900, color_scheme=scheme)
                try:
                    page = visit.page
                    start_demo(page)
                    page.click("[data-action=sample]")
                    page.focus(".digit-demo__layer[data-layer=conv1] canvas")
                    for _ in range(3):
                        page.keyboard.press("ArrowRight")
                    scrolls = page.evaluate("document.documentElement.scrollWidth > innerWidth")
                    path = OUT / f"demo-{lang}-{width}-{scheme}.png"
                    box = page.evaluate(DEMO_ACROSS_THE_PAGE)
                    page.screenshot(path=path, full_page=True, clip=box)  # the whole width: the page around it
                    print(path, "(page scrolls sideways!)" if scrolls else "", visit.errors or "")
                finally:
                    visit.close()


def only_screenshots(site: Path) -> None:
    with serve(site) as base, launch() as browser:
        screenshots(browser, base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--before", help="git revision to compare bytes with (default: merge base with main)")
    parser.add_argument("--before-site", type=Path, help="an older build's site/, to compare the HTML with")
    parser.add_argument("--screenshots", action="store_true")
    args = parser.parse_args()
    rev = args.before or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                        text=True, check=True).stdout.strip()
    asset_bytes(rev)
    html_bytes(args.site, args.before_site)
    with serve(args.site) as base, launch() as browser:
        redraw_times(browser, base, args.runs)
        if args.screenshots:
            screenshots(browser, base)


if __name__ == "__main__":
    main()
