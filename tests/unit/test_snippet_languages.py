"""Each language's snippets are the same program as the file the build runs; only comments differ."""
import io
import re
import shutil
import tokenize

import pytest

from sitebuild.pages import snippet_comments
from sitebuild.settings import PROJECT_ROOT
from tests.support.pages import LANGS

SNIPPETS = sorted(p for p in (PROJECT_ROOT / "snippets").glob("*.py") if p.name != "__init__.py")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
WORD = re.compile(r"[A-Za-z]{3,}")


def program(text: str) -> list[tuple[int, str]]:
    """The token stream without comments and docstrings."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    docstrings = {t.start for t in snippet_comments._docstring_tokens(tokens)}
    return [(t.type, t.string) for t in tokens
            if t.type not in (tokenize.COMMENT, tokenize.NL) and t.start not in docstrings]


def shown_comments(text: str) -> list[str]:
    """Comments and docstrings on the lines the pages show."""
    lines = text.splitlines()
    shown = snippet_comments._shown_lines(lines)
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    found = [t.string for t in tokens if t.type == tokenize.COMMENT and t.start[0] in shown
             and "--8<--" not in t.string]
    return found + [t.string for t in snippet_comments._docstring_tokens(tokens) if t.start[0] in shown]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_every_language_variant_is_the_same_program(path, lang):
    variant = snippet_comments.variant_text(path, lang)
    assert program(variant) == program(path.read_text(encoding="utf-8"))
    compile(variant, str(path), "exec")


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_english_code_blocks_have_no_chinese_comments(path):
    comments = shown_comments(snippet_comments.variant_text(path, "en"))
    assert [c for c in comments if CJK.search(c)] == []


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.name)
def test_chinese_code_blocks_have_no_untranslated_english_comments(path):
    comments = shown_comments(snippet_comments.variant_text(path, "zh"))
    assert [c for c in comments if WORD.search(c) and not CJK.search(c)] == []


def test_the_comments_do_differ_between_languages():
    path = PROJECT_ROOT / "snippets" / "expanded_cnn.py"
    zh, en = (snippet_comments.variant_text(path, lang) for lang in ("zh", "en"))
    assert "# 加载数据集" in zh and "# Load the dataset" in en and "加载数据集" not in en


def test_a_shown_comment_without_a_translation_fails_naming_file_and_line(tmp_path):
    shutil.copytree(PROJECT_ROOT / "snippets", tmp_path / "snippets")
    snippet = tmp_path / "snippets" / "expanded_cnn.py"
    snippet.write_text(snippet.read_text().replace("# 增维", "# 新的注释"))
    line = snippet.read_text().splitlines().index("# 新的注释") + 1
    with pytest.raises(snippet_comments.CommentTranslationError,
                       match=rf"snippets/expanded_cnn.py:{line}: the comment '新的注释'.*snippets/comments.yml"):
        snippet_comments.variant_text(snippet, "en", root=tmp_path)
