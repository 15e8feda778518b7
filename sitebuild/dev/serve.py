"""Live preview: build every language, serve site/, rebuild what a saved change affects,
and reload the open page.

    python -m sitebuild.dev.serve [--port 8000] [--site-dir site]

Three parts:

* The server (this process) serves site/ like sitebuild/dev/static_server.py, except
  that it injects sitebuild/dev/live_reload.js into every HTML response (the files
  on disk never contain it), sends `Cache-Control: no-cache`, and pushes the
  build state (a version per language, the current errors) to the pages over
  server-sent events at /__live/events (also readable once at /__live/state).
* The watcher (this process's main thread) polls the mtimes of docs/,
  snippets/, sitebuild/, overrides/ and mkdocs*.yml every 0.1 s. A change under
  docs/<code>/ rebuilds that language; anything else rebuilds every language. A
  language whose last build failed is rebuilt with the next change.
* The builder is a long-lived child process (`--builder`) that imports MkDocs
  and the build once and builds on request, in-process, each language into
  site/.staging/ and swaps it into site/<code>/ only if it succeeded; a failed
  build leaves the last good one served. An imported process cannot pick up
  edited Python code, so a change under sitebuild/ replaces the builder with a
  fresh process (which then rebuilds everything). This process never imports
  the build, so a broken edit cannot stop the server (its own code, the server
  part of this file and static_server.py, takes effect on the next start).
"""
import argparse
import http.server
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.dev.static_server import PagesLikeHandler
from sitebuild.settings import PROJECT_ROOT

WATCHED_DIRS = ("docs", "snippets", "sitebuild", "overrides")
WATCHED_FILES = "mkdocs*.yml"
POLL_SECONDS = 0.1
CLIENT = Path(__file__).with_name("live_reload.js")
EVENTS_PATH, STATE_PATH = "/__live/events", "/__live/state"
STAGING = ".staging"  # inside the site folder, so the swap is a rename on one file system


# --- the watcher ---------------------------------------------------------------------------

def _ignored(name: str) -> bool:
    """Editor leftovers and caches: swap files, backups, bytecode."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".pyc"))
            or name in ("__pycache__", "4913"))


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file, by path relative to the project."""
    state = {}
    for name in WATCHED_DIRS:
        for folder, dirs, files in os.walk(root / name):
            dirs[:] = [d for d in dirs if not _ignored(d)]
            for file in files:
                if not _ignored(file):
                    path = os.path.join(folder, file)
                    try:
                        stat = os.stat(path)
                    except FileNotFoundError:  # deleted while we looked
                        continue
                    state[os.path.relpath(path, root)] = (stat.st_mtime_ns, stat.st_size)
    for path in root.glob(WATCHED_FILES):
        stat = path.stat()
        state[path.name] = (stat.st_mtime_ns, stat.st_size)
    return state


def affected(changed: list[str]) -> tuple[set[str] | None, bool]:
    """(languages to rebuild, None for all; whether the builder must be a fresh process)."""
    languages, everything, fresh = set(), False, False
    for path in changed:
        parts = Path(path).parts
        if parts[0] == "docs" and len(parts) > 2:
            languages.add(parts[1])  # the builder rebuilds everything if it is not a language
        else:
            everything = True
        fresh = fresh or parts[0] == "sitebuild"
    return (None if everything else languages), fresh


# --- the builder (child process) ---------------------------------------------------------------

class _Messages(logging.Handler):
    """The warnings and errors MkDocs logs during one build: the detail a page's error box shows."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        line = record.getMessage().strip()
        if line not in self.lines:
            self.lines.append(line)


def _swap_in(staging: Path, site_dir: Path, code: str) -> None:
    live, old = site_dir / code, staging / f"old-{code}"
    if live.exists():
        live.rename(old)
    (staging / code).rename(live)
    for name in os.listdir(staging):  # the root files: index.html, 404.html, the build record
        if (staging / name).is_file():
            os.replace(staging / name, site_dir / name)


def run_builder(site_dir: Path) -> int:
    """Read build requests (JSON lines) on stdin, answer one JSON line per language, then done."""
    replies = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # anything the build prints goes to the terminal, not into the replies

    def answer(**reply):
        replies.write(json.dumps(reply) + "\n")

    try:
        from sitebuild import build, languages
        from sitebuild.errors import BuildError
    except Exception:  # e.g. a syntax error just saved under sitebuild/: say so on every request
        error = traceback.format_exc()
        print(error, file=sys.stderr)
        for _ in sys.stdin:
            answer(done=True, error=error)
        return 1
    messages = _Messages()
    logging.getLogger("mkdocs").addHandler(messages)
    staging = site_dir / STAGING

    try:
        for line in sys.stdin:
            request = json.loads(line)
            languages.languages.cache_clear()  # a mkdocs*.yml may have changed
            try:
                codes = languages.codes()
            except BuildError as err:
                answer(done=True, error=str(err))
                continue
            wanted = [c for c in codes if c in (request["only"] or ())] or codes
            for code in wanted:
                shutil.rmtree(staging, ignore_errors=True)
                messages.lines.clear()
                started = time.perf_counter()
                try:
                    build.build(staging, quiet=request["quiet"], only=[code])
                except BuildError as err:  # a mistake in a page, snippet or config
                    said = list(messages.lines)  # MkDocs logged the detail
                    if not any(str(err) in line for line in said):
                        said.append(str(err))
                    answer(lang=code, ok=False, error="\n".join(said))
                    continue
                except Exception as err:  # a bug: its traceback goes to the terminal; keep the last good build
                    traceback.print_exc()
                    answer(lang=code, ok=False, error=f"{type(err).__name__}: {err} (traceback in the terminal)")
                    continue
                _swap_in(staging, site_dir, code)
                answer(lang=code, ok=True, seconds=time.perf_counter() - started)
                shutil.rmtree(staging, ignore_errors=True)  # the replaced build, once the page is told
            answer(done=True, error=None)
    except KeyboardInterrupt:  # Ctrl+C reaches the whole process group; the server says goodbye
        return 130
    return 0


class Builder:
    """The server's handle on the builder process; starts one when needed."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.process: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.stdin.close()  # it exits at the end of its input
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def build(self, only: set[str] | None, quiet: bool = True):
        """Yield the builder's replies: one per language, then {"done": True, "error": ...}."""
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sitebuild.dev.serve", "--builder", "--site-dir", str(self.site_dir)],
                cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        try:
            self.process.stdin.write(json.dumps({"only": sorted(only) if only else None, "quiet": quiet}) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # it died on start; reported below
        for line in self.process.stdout:
            reply = json.loads(line)
            yield reply
            if reply.get("done"):
                return
        code = self.process.wait()
        self.process = None
        yield {"done": True, "error": f"the builder process stopped (exit code {code}); see the terminal"}


# --- the server ------------------------------------------------------------------------------

class LiveState:
    """What the pages are told: a build version per language ('' counts every build) and the
    errors; for tests and benchmarks also whether a build is under way and how many finished."""

    def __init__(self):
        self.changed = threading.Condition()
        self.serial = 0
        self.versions = {"": 0}
        self.errors: dict[str, str] = {}  # language ('' for the whole site) -> message
        self.building, self.finished = False, 0

    def update(self, built: list[str], errors: dict[str, str | None], finished: bool = False) -> None:
        with self.changed:
            if finished:
                self.building, self.finished = False, self.finished + 1
            for code in built:
                self.versions[code] = self.versions.get(code, 0) + 1
                self.versions[""] += 1
            for code, error in errors.items():
                if error:
                    self.errors[code] = error
                else:
                    self.errors.pop(code, None)
            self.serial += 1
            self.changed.notify_all()

    def as_json(self) -> str:
        with self.changed:
            return json.dumps({"versions": self.versions, "errors": self.errors,
                               "building": self.building, "finished": self.finished})


class LiveReloadHandler(PagesLikeHandler):
    """PagesLikeHandler plus the reload script in HTML, the events stream, and no caching."""

    def end_headers(self):
        # Not the parent's max-age: after a rebuild the browser must ask again.
        self.send_header("Cache-Control", "no-cache")
        http.server.SimpleHTTPRequestHandler.end_headers(self)

    def do_GET(self):
        url_path = urlsplit(self.path).path
        if url_path == EVENTS_PATH:
            return self._send_events()
        if url_path == STATE_PATH:
            return self._send(200, "application/json", self.server.live.as_json().encode())
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send_file(path, 200)
        return super().do_GET()  # other files, directories, 404.html

    def _send_file(self, path: Path, status: int):
        body = path.read_bytes()  # uncompressed: the browser is on this machine
        if path.suffix == ".html":
            body = self._with_client(body)
        self._send(status, self.guess_type(str(path)), body)

    def _with_client(self, body: bytes) -> bytes:
        live = self.server.live
        first = urlsplit(self.path).path.strip("/").split("/")[0]
        with live.changed:
            lang = first if first in live.versions else ""
            version = live.versions[lang]
        tag = (f'<script data-lang="{lang}" data-version="{version}">'
               f'{self.server.client}</script>').encode()
        end = body.rfind(b"</body>")
        return body[:end] + tag + body[end:] if end >= 0 else body + tag

    def _send(self, status: int, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_events(self):
        live = self.server.live
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not self.server.stopping:
                with live.changed:
                    live.changed.wait_for(lambda seen=seen: live.serial != seen or self.server.stopping, timeout=15)
                    fresh, seen = live.serial != seen, live.serial
                # a comment line every 15 s finds closed connections
                self.wfile.write(f"data: {live.as_json()}\n\n".encode() if fresh else b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


class LiveServer(http.server.ThreadingHTTPServer):
    def __init__(self, site_dir: Path, port: int, live: LiveState):
        self.live, self.stopping = live, False
        self.client = CLIENT.read_text(encoding="utf-8")

        def handler(*args):
            return LiveReloadHandler(*args, directory=str(site_dir))

        super().__init__(("127.0.0.1", port), handler)

    def stop(self):
        self.stopping = True
        with self.live.changed:
            self.live.changed.notify_all()
        self.shutdown()
        self.server_close()


# --- putting it together -----------------------------------------------------------------------

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
        time.sleep(POLL_SECONDS)
        now = snapshot(root)
        changed = sorted(p for p in now.keys() | seen.keys() if now.get(p) != seen.get(p))
        if not changed:
            continue
        seen = now  # taken before the build: what changes during the build is seen next time
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
    parser = argparse.ArgumentParser(prog="python -m sitebuild.dev.serve", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="0: any free port (default 8000)")
    parser.add_argument("--site-dir", type=Path, default=PROJECT_ROOT / "site")
    parser.add_argument("--builder", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    site_dir = args.site_dir.resolve()
    if args.builder:
        return run_builder(site_dir)

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
