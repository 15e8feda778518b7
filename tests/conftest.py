"""Shared fixtures. The built site is built once per test session (both
languages, through the execution cache: cold in CI, so the training tests
read runs made in this very session)."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LANGS = ("zh", "en")


def pytest_configure(config):
    config.addinivalue_line("markers", "training: runs or reads the real MNIST trainings (minutes on a cold cache)")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from sitebuild.build import build
    site = Path(os.environ.get("SITE_TEST_DIR") or tmp_path_factory.mktemp("site"))
    build(site, quiet=True)
    return site
