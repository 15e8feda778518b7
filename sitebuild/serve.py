"""Build both languages, serve site/ on http://127.0.0.1:8000/, rebuild on change.

    python -m sitebuild.serve [--port 8000]

MkDocs' own `serve` handles one configuration at a time, and the language
switch needs both builds under one root. This server rebuilds (cache warm:
seconds) when a file under docs/, snippets/, sitebuild/, overrides/ or a
config changes; reload the page to see it.
"""
import os
import sys
import threading
import time
from pathlib import Path

from sitebuild.build import build
from sitebuild.experiments import PROJECT_ROOT
from sitebuild.static_server import serve

WATCHED = ["docs", "snippets", "sitebuild", "overrides", "mkdocs.yml", "mkdocs.en.yml"]


def snapshot() -> dict:
    state = {}
    for name in WATCHED:
        root = PROJECT_ROOT / name
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                state[path] = path.stat().st_mtime_ns
    return state


def watch(site_dir: Path) -> None:
    seen = snapshot()
    while True:
        time.sleep(1)
        now = snapshot()
        if now != seen:
            seen = now
            print("change detected: rebuilding", file=sys.stderr)
            try:
                build(site_dir, quiet=True)
            except SystemExit as err:  # keep serving the last good build
                print(err, file=sys.stderr)


def main(argv: list[str]) -> None:
    port = int(argv[argv.index("--port") + 1]) if "--port" in argv else 8000
    os.environ.setdefault("SITE_BASE_URL", f"http://127.0.0.1:{port}/")
    site_dir = PROJECT_ROOT / "site"
    build(site_dir)
    threading.Thread(target=watch, args=(site_dir,), daemon=True).start()
    with serve(site_dir, port):
        print(f"serving http://127.0.0.1:{port}/ (zh: /zh/, en: /en/); Ctrl+C stops", file=sys.stderr)
        threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1:])
