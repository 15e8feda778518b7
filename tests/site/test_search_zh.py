"""Chinese search agrees with its index (overrides/assets/javascripts/workers/site-search.js).

At build time jieba cuts the zh pages into words; in the browser the query must
be cut into the same words, or 梯度下降 is searched as 梯度 + 下 and 过拟合 as 过.
The fast tests run the cutter with Node on the built index; the browser tests
search the built site in Chromium (tests/browser/test_search.py).
"""
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "site-search.js"
MATERIAL_WORKERS = Path(__import__("material").__file__).parent / "templates" / "assets" / "javascripts" / "workers"

# Technical terms of the article (each must occur in docs/zh, checked below).
TERMS = ["梯度下降", "混淆矩阵", "卷积神经网络", "反向传播", "损失函数", "过拟合",
         "激活函数", "学习率", "测试准确率", "数据增强", "交叉熵", "池化"]
HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _node(script: str, payload) -> object:
    done = subprocess.run(["node", "-e", script, str(WORKER)], input=json.dumps(payload),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


CUT_ALL = """
const zh = require(process.argv[1]);
let input = ""; process.stdin.on("data", d => input += d).on("end", () => {
  const { index, runs, queries } = JSON.parse(input);
  const separator = "(?:" + index.config.separator + ")|" + zh.FULL_WIDTH_PUNCTUATION;
  const words = zh.vocabulary(index.docs, separator);
  process.stdout.write(JSON.stringify({
    cuts: runs.map(run => zh.cut(run, words)),
    rewrites: queries.map(query => zh.rewrite(query, words)),
  }));
});
"""


def _jieba_runs(index) -> list[list[str]]:
    """Each stretch of consecutive Chinese words of the index, as jieba cut it."""
    runs = []
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"]):
            text = re.sub(r"<[^>]*>", " ", field)
            for stretch in re.split(f"[^\u200b{HAN}]+", text):
                words = [w for w in stretch.split("\u200b") if w]
                if words:
                    runs.append(words)
    return runs


@pytest.fixture(scope="module")
def zh_index(built_site):
    return json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_every_search_term_occurs_in_the_chinese_pages():
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "zh").glob("*.md"))
    assert [t for t in TERMS if t not in text] == []


def test_query_is_cut_into_the_words_jieba_cut_the_index_into(zh_index):
    runs = _jieba_runs(zh_index)
    joined = ["".join(run) for run in runs]
    # How the index most often cut each term, where the term stands as whole words.
    expected = {}
    for term in TERMS:
        found = Counter(tuple(run[i:j]) for run in runs for i in range(len(run))
                        for j in range(i + 1, len(run) + 1) if "".join(run[i:j]) == term)
        assert found, f"{term} is not in the zh search index as whole words"
        expected[term] = list(found.most_common(1)[0][0])
    result = _node(CUT_ALL, {"index": zh_index, "runs": joined + TERMS, "queries": []})
    cuts, term_cuts = result["cuts"][:len(runs)], result["cuts"][len(runs):]
    agree = sum(cut == run for cut, run in zip(cuts, runs, strict=True)) / len(runs)
    assert agree >= 0.97, f"only {agree:.1%} of the index's Chinese text is cut as jieba cut it"
    assert dict(zip(TERMS, term_cuts, strict=True)) == expected
    words = {w for run in runs for w in run}
    alone = _node(CUT_ALL, {"index": zh_index, "runs": sorted(words), "queries": []})["cuts"]
    assert [w for w, cut in zip(sorted(words), alone, strict=True) if cut != [w]] == []


def test_a_chinese_term_becomes_required_index_words_the_last_a_prefix(zh_index):
    queries = ["过拟合", "动量", "梯度下降 dropout", '"学习率"', "-过拟合", "CNN卷积", "梯度下降，动量"]
    rewrites = _node(CUT_ALL, {"index": zh_index, "runs": [], "queries": queries})["rewrites"]
    assert dict(zip(queries, rewrites, strict=True)) == {
        "过拟合": "+过 +拟合*",
        "动量": "动量",                        # one word: Material's own prefix search
        "梯度下降 dropout": "+梯度 +下降* dropout",
        '"学习率"': "+学习 +率*",
        "-过拟合": "-过拟合",                  # exclusion is left to Material
        "CNN卷积": "+CNN* +卷积*",
        "梯度下降，动量": "+梯度 +下降 +动量*",
    }


WITH_TERMS = """
const worker = require(process.argv[1]);
let input = ""; process.stdin.on("data", d => input += d).on("end", () => {
  process.stdout.write(JSON.stringify(worker.withTerms(JSON.parse(input))));
});
"""


def test_a_result_found_only_by_its_sections_links_with_their_words():
    # Material's results for "梯度下降": a page whose sections matched comes with no words of its
    # own (terms {}), and its link would carry an empty ?h=.
    items = [[{"location": "04-math/", "terms": {}},
              {"location": "04-math/#gradient-descent", "terms": {"梯度": True, "下降": True}},
              {"location": "04-math/#adam", "terms": {"梯度": True}}],
             [{"location": "03-algorithms/", "terms": {"梯度": True, "下降": False}}]]
    pages = _node(WITH_TERMS, items)
    assert [[doc["terms"] for doc in page] for page in pages] == [
        [{"梯度": True, "下降": True}, {"梯度": True, "下降": True}, {"梯度": True}],
        [{"梯度": True, "下降": False}]]


def test_material_worker_still_offers_what_search_zh_relies_on():
    # site-search.js registers its message listener before loading Material's worker,
    # patches lunr.Builder.build (global lunr) and answers `word in invertedIndex`; Material's
    # worker answers through the global postMessage (site-search.js adds the words to results).
    # A Material upgrade that changes these must be looked at again.
    [worker] = MATERIAL_WORKERS.glob("search.*.min.js")
    source = worker.read_text(encoding="utf-8")
    assert re.fullmatch(r"search\.[0-9a-f]+\.min\.js", worker.name)
    assert "self.lunr=" in source and 'addEventListener("message"' in source
    assert "this.index.invertedIndex" in source and "case 0:" in source and "case 2:" in source
    assert "postMessage(yield" in source and "terms:{}" in source and "{type:3," in source


def test_every_language_runs_search_in_the_site_worker(built_site):
    # The worker gives every language's result links their words (?h=); it cuts the query
    # only for a Chinese index (it reads the index's language).
    for lang in ("zh", "en"):
        assert "workers/site-search.js" in (built_site / lang / "index.html").read_text(encoding="utf-8")
