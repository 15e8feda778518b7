"""The committed seed-study record is what the study writes, and fresh for the code as it is."""
import pytest

from benchmarks import seed_study as table_script
from sitebuild.engine import study


def test_the_record_is_exactly_what_the_study_writes_from_its_runs():
    assert study.dump(study.load()) == study.RECORD_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", study.STUDIED)
def test_the_record_holds_every_seed_of_the_code_as_it_is_now(name):
    _, entry = study.fresh_entry(name)
    assert [run["seed"] for run in entry["runs"]] == list(study.SEEDS)
    assert entry["finished"] is not None


def test_the_readme_shows_the_records_numbers_as_the_benchmark_script_prints_them():
    readme = table_script.README.read_text(encoding="utf-8")
    assert table_script.readme_with(table_script.table(study.load()), readme) == readme, \
        "README.md's seed-study table is stale: run .venv/bin/python benchmarks/seed_study.py --readme"
