"""The typography rules added for the review of issue 16 (sitebuild/pages/typography.py): each one
on the kind of line it was written for, and the glossary's data file checked like the pages."""
import pytest

from sitebuild.pages import typography
from sitebuild.pages.typography import fix_line, fix_text
from tests.support.pages import DOCS


@pytest.mark.parametrize("before, after", [
    ("数据预处理（与§5.2.1 相同）：", "数据预处理（与 §5.2.1 相同）："),
    ("本文[§5.2.1](05-project.md#data)的代码", "本文 [§5.2.1](05-project.md#data) 的代码"),
    ("与[§5.1 的勘误](05-project.md#e)相同", "与 [§5.1 的勘误](05-project.md#e)相同"),
    ("见[附录](appendix.md)的说明", "见[附录](appendix.md)的说明"),          # a Chinese link text is Chinese
    ("缩放到[0, 1]范围内", "缩放到[0, 1]范围内"),                           # brackets that are not a link
    ("- 内存：至少 16GB", "- 内存：至少 16 GB"),
    ("常见的池化方式包括 2x2 的最大池化", "常见的池化方式包括 2×2 的最大池化"),
    ("代码 `x[0x2]` 与 $2x2$ 不变", "代码 `x[0x2]` 与 $2x2$ 不变"),            # code and math are not prose
])
def test_chinese_lines(before, after):
    assert fix_line(before, chinese=True) == after


def test_units_and_sizes_in_every_language():
    assert fix_line("- Memory: at least 16GB, images of 28x28 pixels", chinese=False) == \
        "- Memory: at least 16 GB, images of 28×28 pixels"


def test_english_titles_in_the_sites_chinese_words_are_cited_in_book_title_marks():
    page = ("正文提到 *Deep Learning* 一书。\n\n"
            "/// erratum | 勘误：x\n    attrs: {id: erratum-x, data-kind: fact}\n\n"
            "见 Hochreiter、Schmidhuber，*Long Short-Term Memory*，1997；**粗体**不变。\n///\n\n"
            "**本站补充：**见 *Adam: A Method for Stochastic Optimization*。\n{ .site-note }\n\n"
            "之后的 *Italic Title* 是原文。\n")
    fixed = fix_text(page, chinese=True)
    assert "正文提到 *Deep Learning* 一书。" in fixed and "之后的 *Italic Title* 是原文。" in fixed  # the source's
    assert "《Long Short-Term Memory》" in fixed and "**粗体**不变" in fixed
    assert "见《Adam: A Method for Stochastic Optimization》。" in fixed


def test_the_glossary_data_follows_the_rules(tmp_path):
    assert typography.violations(DOCS / "glossary.yml") == []
    bad = tmp_path / "glossary.yml"
    bad.write_text('- id: x\n  zh: {term: 验证集, definition: 留出10%的数据}\n'
                   '  en: {term: validation set, definition: "holds out 10 %"}\n', encoding="utf-8")
    found = typography.violations(bad)
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in found] == ["2", "3"]
    assert typography.fix_glossary(bad.read_text(encoding="utf-8")).endswith('definition: "holds out 10%"}\n')
