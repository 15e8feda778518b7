"""The live preview's builder: a long-lived child process that builds on request, and the
server's handle on it.

    python -m sitebuild.dev.builder --site-dir site    (started by the server, not by hand)

It imports MkDocs and the build once and builds in-process, each language into
site/.staging/, swapped into site/<code>/ only if it succeeded: a failed build
leaves the last good one served. Requests and replies are JSON lines on its
stdin and stdout. An imported process cannot pick up edited Python code, so the
server replaces it with a fresh process after an edit under sitebuild/.

Between builds it keeps work whose result depends only on its input (`Reuse`), so
a build in a warm process does less than a cold one and writes the same files.
"""
import argparse
import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

from sitebuild.settings import PROJECT_ROOT

STAGING = ".staging"  # inside the site folder, so the swap is a rename on one file system


class _Messages(logging.Handler):
    """The warnings and errors MkDocs logs during one build: the detail a page's error box shows."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        line = record.getMessage().strip()
        if line not in self.lines:
            self.lines.append(line)


class Reuse:
    """What a warm builder keeps from one build to the next; each is keyed by its whole input.

    * Jinja's compiled templates, by template and source checksum (Jinja's own
      BytecodeCache protocol): MkDocs makes a new Jinja environment per build, which
      would otherwise compile every theme template again.
    * A page's search index entries (Material parses its HTML and segments the Chinese
      words with jieba), by everything they are made of: the page's URL, HTML, title,
      meta and table of contents. An edit changes one page; the others are as before.
      Pages unused for a build are dropped, and all of them when a configuration may
      have changed (the search settings are there).
    """

    def __init__(self):
        import jinja2
        import mkdocs.theme
        from material.plugins.search.plugin import SearchIndex

        class TemplatesInMemory(jinja2.BytecodeCache):
            def __init__(self):
                self.compiled: dict[str, bytes] = {}

            def load_bytecode(self, bucket):
                if bucket.key in self.compiled:
                    bucket.bytecode_from_string(self.compiled[bucket.key])  # ignored if the source changed

            def dump_bytecode(self, bucket):
                self.compiled[bucket.key] = bucket.bytecode_to_string()

        templates = TemplatesInMemory()
        new_env = mkdocs.theme.Theme.get_env

        def get_env(theme):
            env = new_env(theme)
            env.bytecode_cache = templates
            return env

        self.indexed, self.indexed_before = {}, {}
        add_entries = SearchIndex.add_entry_from_context

        def add_entries_once(index, page):
            key = _search_input(page)
            entries = self.indexed.get(key) or self.indexed_before.get(key)
            if entries is None:
                first = len(index.entries)
                add_entries(index, page)
                entries = json.dumps(index.entries[first:], default=str)  # as the index file will
            else:
                index.entries.extend(json.loads(entries))
            self.indexed[key] = entries

        mkdocs.theme.Theme.get_env = get_env
        SearchIndex.add_entry_from_context = add_entries_once

    def next_build(self, config_may_have_changed: bool) -> None:
        self.indexed_before = {} if config_may_have_changed else self.indexed
        self.indexed = {}


def _search_input(page) -> str:
    """Everything Material's SearchIndex.add_entry_from_context reads from a page."""
    def toc(items):
        return [[item.id, item.url, item.title, toc(item.children)] for item in items]
    meta = {name: page.meta.get(name) for name in ("search", "title", "tags")}
    return json.dumps([page.url, page.title, page.content, meta, toc(page.toc)], default=repr)


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
        from sitebuild import build, languages, settings
        from sitebuild.engine.session import BuildSession
        from sitebuild.errors import BuildError
        reuse = Reuse()
    except Exception:  # e.g. a syntax error just saved under sitebuild/: say so on every request
        error = traceback.format_exc()
        print(error, file=sys.stderr)
        for _ in sys.stdin:
            answer(done=True, error=error)
        return 1
    messages = _Messages()
    logging.getLogger("mkdocs").addHandler(messages)
    staging = site_dir / STAGING
    forced: set[str] = set()

    try:
        for line in sys.stdin:
            request = json.loads(line)
            languages.languages.cache_clear()  # a mkdocs*.yml may have changed
            reuse.next_build(config_may_have_changed=request["only"] is None)
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
                    # No PDF in the live preview: printing it would add seconds to every save.
                    build_session = BuildSession.start(dataclasses.replace(settings.current(), pdf=False))
                    build_session.forced = forced  # SITE_FORCE_EXECUTE: once per builder process
                    build.build(staging, quiet=request["quiet"], only=[code], build_session=build_session)
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
                [sys.executable, "-m", "sitebuild.dev.builder", "--site-dir", str(self.site_dir)],
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.dev.builder", description=__doc__.split("\n")[0])
    parser.add_argument("--site-dir", type=Path, required=True)
    return run_builder(parser.parse_args(argv).site_dir.resolve())


if __name__ == "__main__":
    sys.exit(main())
