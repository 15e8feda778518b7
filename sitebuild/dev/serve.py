"""Live preview: build every language, serve site/, rebuild what a saved change affects,
and reload the open page.

    python -m sitebuild serve [--port 8000] [--site-dir site]

This process serves (live_server.py, in a thread) and watches (watcher.py, the
main thread); the builder is a child process (builder.py). A change under
docs/<code>/ rebuilds that language; anything else every language; a change
under sitebuild/ is built by a fresh builder process; a language whose last
build failed is rebuilt with the next change. This process never imports the
build, so a broken edit cannot stop the server (the server's own code takes
effect on the next start).
"""
import argparse
import os
import sys
import threading
from pathlib import Path

from sitebuild.dev.builder import Builder
from sitebuild.dev.live_server import LiveServer, LiveState
from sitebuild.dev.watcher import affected, snapshot, wait_for_change
from sitebuild.settings import PROJECT_ROOT


def rebuild(builder: Builder, live: LiveState, only: set[str] | None, quiet: bool = True) -> set[str]:
    """Build; tell the pages after each language. Returns the languages that failed ('' : all)."""
    failed = set()
    with live.changed:
        live.building = True
    for reply in builder.build(only, quiet):
        if reply.get("done"):
            if reply["error"]:
                failed.add("")
                print(f"build failed: {reply['error']}", file=sys.stderr)
            live.update([], {"": reply["error"]}, finished=True)
        elif reply["ok"]:
            print(f"{reply['lang']}: built in {reply['seconds']:.2f} s", file=sys.stderr)
            live.update([reply["lang"]], {reply["lang"]: None})
        else:
            failed.add(reply["lang"])
            print(f"{reply['lang']}: BUILD FAILED, still serving the last good build:\n  "
                  + reply["error"].replace("\n", "\n  "), file=sys.stderr)
            live.update([], {reply["lang"]: reply["error"]})
    return failed


def watch(root: Path, builder: Builder, live: LiveState) -> None:
    seen = snapshot(root)
    failed = rebuild(builder, live, None, quiet=False)
    while True:
        # taken before the build: what changes during the build is seen next time
        seen, changed = wait_for_change(root, seen)
        only, fresh = affected(changed)
        if only is not None and "" not in failed:
            only |= failed
        else:
            only = None
        print(f"changed: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}"
              f" -> rebuilding {', '.join(sorted(only)) if only else 'everything'}"
              f"{' in a fresh builder process' if fresh else ''}", file=sys.stderr)
        if fresh:
            builder.stop()
        failed = rebuild(builder, live, only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild serve", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="0: any free port (default 8000)")
    parser.add_argument("--site-dir", type=Path, default=PROJECT_ROOT / "site")
    args = parser.parse_args(argv)
    site_dir = args.site_dir.resolve()
    site_dir.mkdir(parents=True, exist_ok=True)
    live = LiveState()
    try:
        server = LiveServer(site_dir, args.port, live)
    except OSError as err:
        print(f"error: cannot serve on 127.0.0.1:{args.port} ({err.strerror}); choose another with --port",
              file=sys.stderr)
        return 1
    port = server.server_address[1]
    os.environ.setdefault("SITE_BASE_URL", f"http://127.0.0.1:{port}/")  # the builder inherits it
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://127.0.0.1:{port}/ (the open page reloads after each build); Ctrl+C stops",
          file=sys.stderr)
    builder = Builder(site_dir)
    try:
        watch(PROJECT_ROOT, builder, live)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        builder.stop()
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
