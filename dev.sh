#!/usr/bin/env bash
# One entry point for a fresh clone:
#   ./dev.sh serve   set up, build every language, serve on http://127.0.0.1:8000/ with live
#                    preview (the open page reloads itself after a save; errors show in it)
#   ./dev.sh check   set up, lint, and run the fast tier: every test that needs neither a
#                    training run nor a browser, on a site built with execution off (~1 min)
#   ./dev.sh test    set up, run every test (builds the site; trains the models on a cold cache)
#   ./dev.sh build   set up and build into site/
#   ./dev.sh lint    set up, run ruff and zizmor (CI runs it before the tests)
#   ./dev.sh study   set up, run the seed study into study/seed-study.json (~35 min on 2 cores;
#                    resumable: Ctrl-C and the same command go on where it stopped)
# Other maintenance commands (typography, notebooks, execute): .venv/bin/python -m sitebuild --help
# Set-up is idempotent: a Python venv in .venv (requirements.txt), KaTeX from
# npm (package-lock.json), and on Debian/Ubuntu the CJK font the Chinese
# figures need.
set -euo pipefail
cd "$(dirname "$0")"

setup() {
  # System packages: the CJK font for Chinese figure labels, Debian's Chromium
  # for the browser tests (Playwright's own browser download does not work offline).
  local missing=()
  fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  # The PDF's Chinese text: a TrueType font, which Chromium embeds as a font (sitebuild/reader/pdf.css)
  fc-list 2>/dev/null | grep -q "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
  command -v chromium >/dev/null || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "warning: not installed: ${missing[*]} (Debian packages; needed for Chinese figures / browser tests)" >&2
    fi
  fi
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  if ! cmp -s requirements.txt .venv/.installed-requirements; then
    .venv/bin/pip install --quiet --upgrade pip
    .venv/bin/pip install --quiet -r requirements.txt
    cp requirements.txt .venv/.installed-requirements
  fi
  # npm's own node_modules/.package-lock.json differs from package-lock.json in form, so
  # keep a copy of the lock that was installed, as for requirements.txt above.
  if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.installed-package-lock.json
  fi
}

lint() {
  .venv/bin/ruff check .
  .venv/bin/zizmor --offline --quiet .github/workflows/
}

export NO_MKDOCS_2_WARNING=1
case "${1:-}" in
  serve) setup; exec .venv/bin/python -m sitebuild serve "${@:2}" ;;
  build) setup; exec .venv/bin/python -m sitebuild build "${@:2}" ;;
  check)
    setup
    lint
    # A cold, throw-away execution cache: if anything tried to train, it would show.
    cache="$(mktemp -d)"; trap 'rm -rf "$cache"' EXIT
    SITE_EXECUTE=0 SITE_PDF=0 SITE_CACHE_DIR="$cache" .venv/bin/python -m pytest -q -m "not training and not browser" "${@:2}" ;;
  lint)  setup; lint ;;
  study) setup; exec .venv/bin/python -m sitebuild study "${@:2}" ;;
  test)  setup; exec .venv/bin/python -m pytest "${@:2}" ;;
  *) echo "usage: ./dev.sh serve | check | test | build | lint | study" >&2; exit 2 ;;
esac
