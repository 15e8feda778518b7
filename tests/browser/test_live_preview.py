"""The live preview (`python -m sitebuild serve`): a saved change reaches the open page.

One dev server runs on a copy of the project (execution off, any free port) for
the whole module; each test restores what it edits and waits for the rebuild.
"""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from sitebuild.dev.browser import Visit
from sitebuild.dev.project_copy import copy_project

MARKER = b"/__live/events"  # the injected script's address; nothing else on the site has it
PAGE = "02-core-concepts"
PARAGRAPH = re.compile(r"^[^\s#*>|/`$<{!\-\d].+$", re.M)  # a plain paragraph line of a page


class DevServer:
    def __init__(self, root: Path):
        self.root = root
        env = dict(os.environ, SITE_EXECUTE="0", NO_MKDOCS_2_WARNING="1")
        env.pop("SITE_BASE_URL", None)  # the server sets it to its own port
        self.process = subprocess.Popen([sys.executable, "-m", "sitebuild", "serve", "--port", "0"],
                                        cwd=root, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()
        self.url = self._wait(lambda: next((m.group(0) for line in self.log
                                            if (m := re.search(r"http://127\.0\.0\.1:\d+/", line))), None))

    def _wait(self, found, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("the dev server stopped:\n" + "".join(self.log[-30:]))
            if value := found():
                return value
            time.sleep(0.05)
        pytest.fail("timed out; the dev server said:\n" + "".join(self.log[-30:]))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def state(self) -> dict:
        return json.loads(self.get("__live/state")[1])

    def wait_for_state(self, predicate, timeout=60.0) -> dict:
        def found():
            state = self.state()
            return state if predicate(state) else None
        return self._wait(found, timeout)

    def stop(self):
        self.process.send_signal(signal.SIGINT)  # the server stops its builder and its socket
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    server = DevServer(copy_project(tmp_path_factory.mktemp("project")))
    state = server.wait_for_state(lambda s: s["finished"])
    assert state["errors"] == {} and state["versions"]["zh"] == state["versions"]["en"] == 1
    yield server
    server.stop()


class Edit:
    """Change a file of the copy; restore it and wait for the good rebuild on exit."""

    def __init__(self, server: DevServer, relative: str):
        self.server, self.path = server, server.root / relative
        self.original = self.path.read_text(encoding="utf-8")

    def write(self, text: str):
        self.path.write_text(text, encoding="utf-8")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        before = self.server.wait_for_state(lambda s: not s["building"])["finished"]
        self.write(self.original)
        self.server.wait_for_state(lambda s: s["finished"] > before and not s["errors"])


def with_word(markdown: str, word: str) -> str:
    """The page with `word` appended to its first plain paragraph."""
    line = PARAGRAPH.search(markdown)
    return markdown[:line.end()] + word + markdown[line.end():]


def test_served_pages_carry_the_reload_script_and_built_files_do_not(dev_server):
    for path in ("zh/", f"en/{PAGE}/", "zh/no-such-page/"):
        status, body = dev_server.get(path)
        assert MARKER in body, path
        assert body.rstrip().endswith(b"</html>") and body.count(MARKER) == 1, path
    assert status == 404
    status, css = dev_server.get("zh/assets/stylesheets/site.css")
    assert status == 200 and css == (dev_server.root / "site/zh/assets/stylesheets/site.css").read_bytes()
    built = [p for p in (dev_server.root / "site").rglob("*") if p.is_file()]
    assert len(built) > 100
    assert [p for p in built if MARKER in p.read_bytes()] == []


def page_text(server, path) -> str:
    return server.get(path)[1].decode()


def test_a_saved_zh_paragraph_is_served_at_once_and_en_is_not_rebuilt(dev_server):
    before = dev_server.state()
    log_before = len(dev_server.log)
    with Edit(dev_server, f"docs/zh/{PAGE}.md") as edit:
        edit.write(with_word(edit.original, "实时预览测试词"))
        after = dev_server.wait_for_state(lambda s: s["versions"]["zh"] > before["versions"]["zh"]
                                          and not s["building"])["versions"]
        assert "实时预览测试词" in page_text(dev_server, f"zh/{PAGE}/")
        record = json.loads((dev_server.root / "site/.build-record.json").read_text())
        assert after["en"] == before["versions"]["en"]
        assert list(record["seconds"]) == ["zh"]
        assert not [line for line in dev_server.log[log_before:] if re.match(r"built en|en: ", line)]


def test_a_broken_edit_is_reported_keeps_the_last_good_build_and_recovers(dev_server):
    with Edit(dev_server, f"docs/zh/{PAGE}.md") as edit:
        missing_section = '\n```python\n--8<-- "snippets/expanded_cnn.py:no_such_section"\n```\n'
        edit.write(with_word(edit.original, "坏修改") + missing_section)
        state = dev_server.wait_for_state(lambda s: "zh" in s["errors"] and not s["building"])
        assert "no_such_section" in state["errors"]["zh"]
        assert any("no_such_section" in line for line in dev_server.log)
        status, body = dev_server.get(f"zh/{PAGE}/")
        assert status == 200 and "坏修改".encode() not in body

        edit.write(with_word(edit.original, "修好了"))
        dev_server.wait_for_state(lambda s: not s["errors"] and not s["building"])
        assert "修好了" in page_text(dev_server, f"zh/{PAGE}/")


def test_a_change_to_build_code_is_built_by_a_fresh_process(dev_server):
    """sitebuild/ modules are imported once per process: an edit must reach the next build."""
    before = dev_server.state()
    with Edit(dev_server, "sitebuild/pages/errata.py") as edit:
        edit.write(edit.original + "\n\n_markdown_list = markdown_list\n\n\ndef markdown_list(*args):\n"
                                   "    return _markdown_list(*args) + '\\nNEW-BUILD-CODE\\n'\n")
        after = dev_server.wait_for_state(lambda s: s["finished"] > before["finished"])["versions"]
        assert after["zh"] > before["versions"]["zh"] and after["en"] > before["versions"]["en"]
        for lang in ("zh", "en"):
            assert b"NEW-BUILD-CODE" in dev_server.get(f"{lang}/errata/")[1], lang
    assert any("fresh builder process" in line for line in dev_server.log)


def test_the_open_page_reloads_itself_and_shows_a_broken_build(dev_server, browser):
    article = "document.querySelector('article').innerText"
    with Edit(dev_server, f"docs/zh/{PAGE}.md") as edit:
        visit = Visit(browser, f"{dev_server.url}zh/{PAGE}/", wait_until="load")  # the event stream never idles
        try:
            edit.write(with_word(edit.original, "实时预览测试词"))
            visit.page.wait_for_function(f"() => {article}.includes('实时预览测试词')", timeout=15000)
            missing_section = '\n```python\n--8<-- "snippets/expanded_cnn.py:no_such_section"\n```\n'
            edit.write(with_word(edit.original, "坏修改") + missing_section)
            box = visit.page.wait_for_selector("#live-preview-error", timeout=15000)
            assert "no_such_section" in box.inner_text()
            assert "坏修改" not in visit.page.inner_text("article")
            edit.write(with_word(edit.original, "修好了"))
            visit.page.wait_for_function(
                f"() => !document.getElementById('live-preview-error') && {article}.includes('修好了')",
                timeout=15000)
            assert visit.errors == []
        finally:
            visit.close()  # before the edit is undone and the page would reload again


def site_files(site: Path) -> list[str]:
    """Every file of a built site but the build record (its seconds differ)."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*")
                  if p.is_file() and p.name != ".build-record.json")


def test_a_warm_builder_writes_what_a_fresh_build_writes(dev_server, tmp_path):
    """The builder keeps work between builds (builder.Reuse); the pages must not show it."""
    with Edit(dev_server, f"docs/zh/{PAGE}.md") as edit:  # one page changed, the others as before
        edit.write(with_word(edit.original, "缓存测试词"))
        dev_server.wait_for_state(lambda s: "缓存测试词" in page_text(dev_server, f"zh/{PAGE}/")
                                  and not s["building"])
        # The live preview never makes the PDF (SITE_PDF): the fresh build is asked not to either.
        env = dict(os.environ, SITE_EXECUTE="0", SITE_PDF="0", NO_MKDOCS_2_WARNING="1", SITE_BASE_URL=dev_server.url)
        subprocess.run([sys.executable, "-m", "sitebuild", "build", "--quiet", "--site-dir", str(tmp_path)],
                       cwd=dev_server.root, env=env, check=True, capture_output=True)
        served, names = dev_server.root / "site", site_files(tmp_path)
        assert len(names) > 100 and site_files(served) == names
        assert [n for n in names if (served / n).read_bytes() != (tmp_path / n).read_bytes()] == []
