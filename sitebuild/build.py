"""Build both languages and assemble the site that GitHub Pages publishes.

    python -m sitebuild.build [--site-dir site]

site/zh/ and site/en/ are two ordinary MkDocs builds (mkdocs.yml and
mkdocs.en.yml); the root gets an index.html that sends a reader to a language
and a 404.html. The experiments run once (first build); the second build
reads the same cache entries.
"""
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from sitebuild.experiments import PROJECT_ROOT

LANGUAGES = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}

ROOT_INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>基础模型的学术研究与未来发展 · Academic Research and Future Development of Foundation Models</title>
<script>
  // A Chinese browser goes to the Chinese pages, every other to the English ones.
  var langs = navigator.languages || [navigator.language || ""];
  location.replace(/^zh\\b/i.test(langs[0] || "") ? "zh/" : "en/");
</script>
<noscript><meta http-equiv="refresh" content="0; url=en/"></noscript>
</head>
<body>
<p><a href="zh/" lang="zh">中文</a> · <a href="en/">English</a></p>
</body>
</html>
"""

NOT_FOUND = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>404 · 页面不存在 / Page not found</title>
<style>body{{font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}</style>
</head>
<body>
<h1>404</h1>
<p lang="zh">页面不存在。<a href="{base}zh/">前往中文首页</a></p>
<p>This page does not exist. <a href="{base}en/">Go to the English home page</a></p>
</body>
</html>
"""


def base_path() -> str:
    """Path of the site root on its host: '/' locally, '/<repo>/' on GitHub Pages."""
    url = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000/")
    return urlparse(url).path.rstrip("/") + "/"


def build(site_dir: Path = PROJECT_ROOT / "site", quiet: bool = False) -> dict[str, float]:
    seconds = {}
    for lang, config in LANGUAGES.items():
        started = time.perf_counter()
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config,
                   "--site-dir", str(site_dir / lang)] + (["--quiet"] if quiet else [])
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=env)
        if done.returncode != 0:
            raise SystemExit(f"the {lang} build failed ({config}); see the messages above")
        seconds[lang] = time.perf_counter() - started
        print(f"built {lang} in {seconds[lang]:.1f} s -> {site_dir / lang}", file=sys.stderr)
    (site_dir / "index.html").write_text(ROOT_INDEX, encoding="utf-8")
    (site_dir / "404.html").write_text(NOT_FOUND.format(base=base_path()), encoding="utf-8")
    return seconds


if __name__ == "__main__":
    args = sys.argv[1:]
    target = Path(args[args.index("--site-dir") + 1]) if "--site-dir" in args else PROJECT_ROOT / "site"
    build(target.resolve())
