"""Without Chromium, a build that makes the PDF stops with one line saying how to build without it."""
import pytest

from sitebuild import build
from sitebuild.dev import browser
from sitebuild.errors import BuildError


def test_a_build_without_chromium_says_how_to_skip_the_pdf(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(BuildError) as error:
        build.make_pdfs(tmp_path, ["zh"], "http://127.0.0.1:8000/")
    assert "SITE_PDF=0" in str(error.value) and "no-chromium" in str(error.value)
