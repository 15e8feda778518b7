"""The directive registry: one syntax, found in one place; a wrong directive fails before anything
runs, naming the page, the line, the directive and the keys it could have used."""
import pytest

from sitebuild import languages
from sitebuild.engine import experiments
from sitebuild.engine.execution import Run
from sitebuild.pages import directives, structure
from sitebuild.pages.typography import fix_line
from tests.support.pages import LANGS


def context(runs=None, where="docs/en/04-math.md", **fields):
    return directives.PageContext(where=where, lang="en", words=languages.get("en").words, runs=runs or {},
                                  notebook_urls=None, **fields)


def regression_run() -> Run:
    """A linear-regression run as the build records it: no epochs, no GPUs, no claim."""
    return Run(experiments.get("linear_regression"), folder=None, results={"losses": [1.0, 0.5], "beta": [1, 2]},
               run_info={"wall_seconds": 3, "cpu_cores": 2}, executed=False, seconds=0.0)


def test_find_reads_name_experiment_key_line_and_span():
    markdown = "# Title\n\nIt reaches {{ value: expanded_cnn/test_accuracy }}.\n\n{{ count: errata }} {{glossary}}"
    found = directives.find(markdown)
    assert [(o.name, o.experiment, o.key, o.line) for o in found] == [
        ("value", "expanded_cnn", "test_accuracy", 3), ("count", None, "errata", 5), ("glossary", None, None, 5)]
    assert [markdown[slice(*o.span)] for o in found] == [o.text for o in found]
    assert found[2].text == "{{glossary}}"


@pytest.mark.parametrize("key", ["epochs", "machine", "claim_percent"])
@pytest.mark.parametrize("runs", [{}, {"linear_regression": regression_run()}], ids=["execution off", "with a run"])
def test_a_value_the_experiments_kind_does_not_have_names_page_line_and_valid_keys(key, runs):
    markdown = f"# Math\n\nThe fit took {{{{ value: linear_regression/{key} }}}} here."
    with pytest.raises(directives.DirectiveError) as failed:
        directives.expand(markdown, context(runs))
    message = str(failed.value)
    assert message.startswith(f"docs/en/04-math.md:3: {{{{ value: linear_regression/{key} }}}}: "
                              f"unknown value '{key}' for 'linear_regression' (a regression experiment; "), message
    assert "valid keys: wall_time, peak_memory, versions, beta, beta_least_squares)" in message


def test_claim_values_exist_only_where_the_experiment_has_a_claim():
    with_claim = directives.DIRECTIVES["value"].keys(experiments.get("expanded_cnn"))
    assert "claim_percent" in with_claim and "gap_to_claim_points" in with_claim and "machine" in with_claim


@pytest.mark.parametrize("written, says", [
    ("{{ vaule: expanded_cnn/epochs }}", "unknown directive 'vaule' (known: output, value, figure,"),
    ("{{ value: expanded_cn/epochs }}", "unknown experiment 'expanded_cn' (known: first_draft_cnn,"),
    ("{{ figure: expanded_cnn/loss_curve }}", "unknown figure 'loss_curve' for 'expanded_cnn' (a classifier "
                                             "experiment with a claim; valid keys: curves, digits, confusion, seeds)"),
    ("{{ output: expanded_cnn/no-section }}", "unknown output 'no-section' for 'expanded_cnn'"),
    ("{{ notebook: expanded_cnn/train }}", "'notebook' is written {{ notebook: <experiment> }}"),
    ("{{ value: expanded_cnn }}", "'value' is written {{ value: <experiment>/<key> }}"),
    ("{{ notebook: linear_regression }}", "experiment 'linear_regression' has no notebook"),
    ("{{ demo: linear_regression }}", "'demo' takes a classifier experiment; 'linear_regression' is a regression"),
    ("{{ count: erata }}", "unknown key 'erata' (valid keys: errata)"),
    ("{{ glossary: en }}", "'glossary' is written {{ glossary }}"),
])
def test_every_kind_of_mistake_is_named_even_with_execution_off(written, says):
    with pytest.raises(directives.DirectiveError) as failed:
        directives.expand(f"Line one.\n{written}\n", context())
    assert str(failed.value).startswith(f"docs/en/04-math.md:2: {written}: {says}"), str(failed.value)


def test_the_line_counts_from_the_file_not_from_the_markdown_after_its_front_matter():
    with pytest.raises(directives.DirectiveError, match=r"^docs/en/index\.md:7: "):
        directives.expand("\n{{ count: erata }}", context(where="docs/en/index.md", first_line=6))
    page = structure.of("en").page("index.md")
    markdown = page.text.split("---\n", 2)[2]  # what MkDocs hands the hooks: the page after its front matter
    assert page.first_line(markdown) == page.text[:len(page.text) - len(markdown)].count("\n") + 1 > 1


def test_a_whole_language_is_checked_before_anything_runs(tmp_path):
    (tmp_path / "index.md").write_text("# Home\n")
    (tmp_path / "04-math.md").write_text("# Math\n\nFine: {{ value: linear_regression/beta }}.\n\n"
                                         "Took {{ value: linear_regression/machine }}.\n")
    with pytest.raises(directives.DirectiveError, match=r"^docs/xx/04-math\.md:5: \{\{ value: linear_regression/"
                                                        r"machine \}\}: unknown value 'machine'"):
        directives.checked_site(structure.read(tmp_path, "docs/xx"))


def test_a_directive_whose_files_have_fixed_names_is_used_for_one_experiment(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\n{{ demo: expanded_cnn }}\n")
    (tmp_path / "b.md").write_text("# B\n\n{{ demo: first_draft_cnn }}\n")
    with pytest.raises(directives.DirectiveError, match=r"one demo per site .* \['expanded_cnn', 'first_draft_cnn'\]"):
        directives.checked_site(structure.read(tmp_path, "docs/xx"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_directive_on_the_pages_is_valid_and_the_runs_follow_from_them(lang):
    used = directives.checked_site(structure.of(lang))
    assert {o.name for o in used} == set(directives.DIRECTIVES)  # each entry is used by some page
    assert directives.experiments_to_run(used) == set(experiments.EXPERIMENTS)


def test_with_execution_off_a_run_directive_shows_a_placeholder_and_the_rest_are_rendered():
    words = languages.get("en").words
    shown = directives.expand("{{ value: expanded_cnn/epochs }} · [link]({{ report_url }})",
                              context(report_url="https://example.org/report"))
    assert shown == f"*[value expanded_cnn/epochs: {words['not_executed']}]* · [link](https://example.org/report)"


def test_typography_treats_each_directive_as_its_entry_says():
    # count is a number (a Latin word); a claim mark and a block directive take no space.
    assert fix_line("共{{ count: errata }}处", chinese=True) == "共 {{ count: errata }} 处"
    assert fix_line("下降{{ claim: a/b }}。", chinese=True) == "下降{{ claim: a/b }}。"
    assert fix_line("见{{ figure: a/b }}", chinese=True) == "见{{ figure: a/b }}"
