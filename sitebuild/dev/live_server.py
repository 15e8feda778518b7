"""The live preview's web server: site/ as GitHub Pages serves it (static_server.py),
plus what makes the open page follow the builds.

* Every HTML response gets sitebuild/dev/live_reload.js injected before </body>,
  with the page's language and the build version it came from (the files on disk
  never contain it), and `Cache-Control: no-cache`.
* The build state (a version per language, the current errors) is pushed to the
  pages as server-sent events at /__live/events, and readable once at /__live/state.

It never imports the build, so a broken edit of build code cannot stop it.
"""
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.dev.static_server import PagesLikeHandler

CLIENT = Path(__file__).with_name("live_reload.js")
EVENTS_PATH, STATE_PATH = "/__live/events", "/__live/state"


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
