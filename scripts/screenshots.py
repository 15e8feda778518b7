"""Screenshots of built pages in headless Chromium (Debian's `chromium`), for eyes.

    .venv/bin/python scripts/screenshots.py [page ...]      # e.g. 05-project/ index

Serves site/ on a local port, captures each page in both languages at desktop
(1280 px) and phone (390 px) widths into build/screenshots/.
"""
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "screenshots"
SIZES = {"desktop": "1280,2400", "phone": "390,2400"}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=3000"]


def main(pages: list[str]) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "site"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    OUT.mkdir(parents=True, exist_ok=True)
    for page in pages or [""]:
        for lang in ("zh", "en"):
            for size_name, size in SIZES.items():
                name = f"{lang}-{(page.strip('/') or 'index').replace('/', '_')}-{size_name}.png"
                with tempfile.TemporaryDirectory() as profile:
                    subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}",
                                    f"--window-size={size}", f"--screenshot={OUT / name}",
                                    f"http://127.0.0.1:{port}/{lang}/{page}"],
                                   check=True, capture_output=True, timeout=120)
                print(OUT / name)
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
