"""Languages come from configuration: a third language is one config file and one docs/ folder."""
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from sitebuild import languages
from sitebuild.dev.project_copy import copy_project
from sitebuild.settings import PROJECT_ROOT


@pytest.fixture
def project_with_french(tmp_path):
    """A copy of the project with docs/fr, mkdocs.fr.yml, French code comments and glossary (English, for the test)."""
    copy_project(tmp_path)
    shutil.copytree(tmp_path / "docs" / "en", tmp_path / "docs" / "fr")
    english = yaml.safe_load((PROJECT_ROOT / "mkdocs.en.yml").read_text())
    french = {"INHERIT": "mkdocs.yml", "site_name": "Recherche sur les modèles de fondation",
              "docs_dir": "docs/fr", "site_dir": "site/fr", "theme": {"language": "fr"},
              "extra": {**english["extra"], "language_name": "Français"},
              "plugins": [{"search": {"lang": "fr"}}]}
    (tmp_path / "mkdocs.fr.yml").write_text(yaml.safe_dump(french, allow_unicode=True))
    comments = tmp_path / "snippets" / "comments.yml"
    entries = yaml.safe_load(comments.read_text())
    comments.write_text(yaml.safe_dump([{**e, "fr": e["en"]} for e in entries], allow_unicode=True))
    terms = tmp_path / "docs" / "glossary.yml"
    entries = yaml.safe_load(terms.read_text())
    terms.write_text(yaml.safe_dump([{**e, "fr": e["en"]} for e in entries], allow_unicode=True))
    return tmp_path


def test_the_configured_languages_are_the_base_and_its_siblings():
    assert languages.codes() == ["zh", "en"]
    assert [lang.config_file.name for lang in languages.languages()] == ["mkdocs.yml", "mkdocs.en.yml"]


def test_a_third_language_is_picked_up_and_built(project_with_french):
    assert languages.codes(project_with_french) == ["zh", "en", "fr"]
    env = dict(os.environ, SITE_EXECUTE="0")
    done = subprocess.run([sys.executable, "-m", "sitebuild.build", "--quiet", "--site-dir", "out"],
                          cwd=project_with_french, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = project_with_french / "out"
    assert '<html lang="fr"' in (out / "fr" / "index.html").read_text()
    zh_home = (out / "zh" / "index.html").read_text()
    assert 'hreflang="fr"' in zh_home and "Français" in zh_home  # in every language's menu
    assert '"fr"' in (out / "index.html").read_text()  # the root can send readers there


def test_a_language_missing_an_interface_word_fails_naming_its_config(project_with_french):
    config = project_with_french / "mkdocs.fr.yml"
    data = yaml.safe_load(config.read_text())
    del data["extra"]["words"]["demo"]["clear"]
    config.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(languages.LanguageError, match=r"mkdocs\.fr\.yml: extra\.words lacks demo\.clear"):
        languages.languages(project_with_french)


def test_a_page_missing_in_the_third_language_fails_the_build(project_with_french):
    (project_with_french / "docs" / "fr" / "09-faq.md").unlink()
    done = subprocess.run([sys.executable, "-m", "sitebuild.build", "--quiet", "--lang", "zh", "--site-dir", "out"],
                          cwd=project_with_french, env=dict(os.environ, SITE_EXECUTE="0"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "missing translation: docs/fr/09-faq.md" in done.stderr


def test_a_config_that_is_not_yaml_fails_naming_it(project_with_french):
    (project_with_french / "mkdocs.fr.yml").write_text("theme: [unclosed\n")
    with pytest.raises(languages.LanguageError, match=r"mkdocs\.fr\.yml: not valid YAML"):
        languages.languages(project_with_french)
