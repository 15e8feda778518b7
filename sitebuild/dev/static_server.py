"""A local static server that answers the way GitHub Pages does: gzip for text,
`Cache-Control: max-age=600`, directory index and 404.html. Used by the dev
server, the browser tests and the page-quality benchmark, so what they measure
is what readers get.
"""
import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".ipynb"}


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    _gzip_cache: dict = {}

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.exists() and (Path(self.directory) / "404.html").is_file():
            return self._send_file(Path(self.directory) / "404.html", 404)
        if path.is_file() and path.suffix in COMPRESSIBLE \
                and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send_file(path, 200)
        return super().do_GET()

    def _send_file(self, path: Path, status: int):
        raw = path.read_bytes()
        key = (path, path.stat().st_mtime_ns)
        compressed = "gzip" in self.headers.get("Accept-Encoding", "")
        if compressed:
            if key not in self._gzip_cache:
                self._gzip_cache[key] = gzip.compress(raw, 6)
            raw = self._gzip_cache[key]
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@contextmanager
def serve(directory: Path, port: int = 0):
    """Serve `directory` on 127.0.0.1 in a background thread; yields the base URL."""
    handler = functools.partial(PagesLikeHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
