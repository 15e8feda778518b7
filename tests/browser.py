"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against the built site."""
import os
import shutil
from pathlib import Path

import pytest

from sitebuild.static_server import serve  # noqa: F401  (answers like GitHub Pages: gzip, 404)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (dev.sh installs it)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")

