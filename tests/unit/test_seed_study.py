"""The seed study runs the page's code with only the seed changed, resumes after an
interruption without redoing a run, and its record is checked: stale code, missing runs,
a seed-42 run that disagrees with the page's, hand edits."""
import copy
import json

import pytest

from sitebuild.engine import child, study
from sitebuild.engine.experiments import get
from sitebuild.engine.sections import split_sections


def fake_run(experiment, seed):
    """What _run_one returns, without training: an accuracy that depends on the seed."""
    return {"seed": seed, "test_accuracy": 0.9800 + seed / 10_000, "final_train_accuracy": 0.95,
            "final_val_accuracy": 0.97, "wall_seconds": 60.0, "cpu_seconds": 110.0, "peak_memory_mb": 1200}


def quiet(message):
    pass


@pytest.fixture
def record_file(tmp_path):
    return tmp_path / "seed-study.json"


@pytest.fixture
def full_record(record_file):
    study.run_study(list(study.STUDIED), path=record_file, run_one=fake_run, say=quiet)
    return record_file


# --- the run: the page's code, only the seed changed ------------------------------------------

@pytest.mark.parametrize("name", study.STUDIED)
def test_a_seed_changes_only_the_seed_call_of_the_seed_section(name):
    path = get(name).path
    segments = split_sections(path)
    seeded = child.with_seed(segments, 7, path)
    changed = [(a.name, a.code, b.code) for a, b in zip(segments, seeded, strict=True) if a.code != b.code]
    assert len(changed) == 1
    section, before, after = changed[0]
    assert section == "seed"
    assert "set_random_seed(42)" in before and after == before.replace("set_random_seed(42)", "set_random_seed(7)")


def test_the_child_runs_the_snippet_with_the_seed_it_is_given(tmp_path):
    snippet = tmp_path / "seeded.py"
    snippet.write_text("def set_random_seed(n):\n    global used\n    used = n\n"
                       "# --8<-- [start:seed]\nset_random_seed(42)\n# --8<-- [end:seed]\n")
    assert child.run_sections(snippet)[0]["used"] == 42
    assert child.run_sections(snippet, seed=7)[0]["used"] == 7


def test_a_snippet_without_a_seed_section_cannot_be_studied():
    path = get("linear_regression").path
    with pytest.raises(child.SeedError, match="linear_regression.py: a seed study needs one section 'seed'"):
        child.with_seed(split_sections(path), 7, path)


# --- running: resumable, balanced, progress -----------------------------------------------------

def test_an_interrupted_study_resumes_with_only_the_missing_runs(record_file):
    done = []

    def interrupted_after_four(experiment, seed):
        if len(done) == 4:
            raise KeyboardInterrupt
        done.append((experiment.name, seed))
        return fake_run(experiment, seed)

    with pytest.raises(KeyboardInterrupt):
        study.run_study(list(study.STUDIED), path=record_file, run_one=interrupted_after_four, say=quiet)
    kept = json.loads(record_file.read_text())["experiments"]
    assert sorted((name, run["seed"]) for name, entry in kept.items() for run in entry["runs"]) == sorted(done)
    # Seed by seed across experiments: the first runs are seed 42 of every experiment.
    assert {seed for _, seed in done[:len(study.STUDIED)]} == {42}

    resumed = []
    study.run_study(list(study.STUDIED), path=record_file,
                    run_one=lambda e, s: resumed.append((e.name, s)) or fake_run(e, s), say=quiet)
    assert not set(resumed) & set(done)
    assert len(done) + len(resumed) == len(study.STUDIED) * len(study.SEEDS)
    for name in study.STUDIED:
        study.fresh_entry(name, record_file)  # complete and fresh


def test_progress_says_which_run_of_how_many_and_the_time_left(record_file):
    said = []
    study.run_study(["first_draft_cnn"], path=record_file, run_one=fake_run, say=said.append)
    assert said[1] == "run 1 of 10: first_draft_cnn, seed 42"
    assert any("elapsed" in line and "left" in line for line in said)


def test_a_finished_study_runs_nothing_again(full_record):
    ran = []
    study.run_study(list(study.STUDIED), path=full_record, run_one=lambda e, s: ran.append(s), say=quiet)
    assert ran == []


def test_runs_of_changed_code_are_discarded_and_made_again(full_record):
    record = json.loads(full_record.read_text())
    record["experiments"]["expanded_cnn"]["code_key"] = "0" * 20
    full_record.write_text(study.dump(record))
    ran, said = [], []
    study.run_study(list(study.STUDIED), path=full_record,
                    run_one=lambda e, s: ran.append(e.name) or fake_run(e, s), say=said.append)
    assert ran == ["expanded_cnn"] * len(study.SEEDS)
    assert "expanded_cnn: its code changed since the study" in said[0]


def test_runs_of_another_machine_are_not_mixed_with_new_ones(full_record):
    record = json.loads(full_record.read_text())
    record["machine"]["cpu"] = "another CPU"
    full_record.write_text(study.dump(record))
    with pytest.raises(study.StudyError, match="add --restart"):
        study.run_study(list(study.STUDIED), path=full_record, run_one=fake_run, say=quiet)


# --- the record: generated, checked -------------------------------------------------------------

def test_the_record_reads_back_to_the_same_text(full_record):
    assert study.dump(study.load(full_record)) == full_record.read_text()


@pytest.mark.parametrize("edit, problem", [
    (lambda r: r["experiments"]["expanded_cnn"]["runs"][0].update(test_accuracy=1.2), "outside [0, 1]"),
    (lambda r: r["experiments"]["expanded_cnn"]["runs"][0].update(note="hand-typed"), "fields"),
    (lambda r: r["experiments"]["expanded_cnn"]["runs"].reverse(), "each seed once, in the study's order"),
    (lambda r: r.update(seeds=[42, 1]), "seeds [42, 1]"),
])
def test_a_record_not_as_the_study_writes_it_is_refused(full_record, edit, problem):
    record = json.loads(full_record.read_text())
    edit(record)
    full_record.write_text(json.dumps(record))
    with pytest.raises(study.StudyError, match="is not what the study writes") as failed:
        study.load(full_record)
    assert problem in str(failed.value)


def test_a_missing_record_says_how_to_make_it(tmp_path):
    with pytest.raises(study.StudyError, match=r"study/seed-study.json is missing: run `./dev.sh study`"):
        study.load(tmp_path / "none.json")


def test_a_stale_record_names_the_experiment_and_the_command_that_refreshes_it(full_record):
    record = json.loads(full_record.read_text())
    record["experiments"]["first_draft_cnn"]["code_key"] = "0" * 20
    full_record.write_text(study.dump(record))
    with pytest.raises(study.StaleStudyError) as failed:
        study.fresh_entry("first_draft_cnn", full_record)
    assert "is stale for first_draft_cnn" in str(failed.value)
    assert "`./dev.sh study first_draft_cnn`" in str(failed.value)
    study.fresh_entry("expanded_cnn", full_record)  # the others are still fresh


def test_an_incomplete_record_fails_and_says_resume(record_file):
    study.run_study(["expanded_cnn"], path=record_file, run_one=fake_run, say=quiet)
    record = json.loads(record_file.read_text())
    del record["experiments"]["expanded_cnn"]["runs"][-1]
    record_file.write_text(study.dump(record))
    with pytest.raises(study.StaleStudyError, match="9 of 10 runs of expanded_cnn: resume"):
        study.fresh_entry("expanded_cnn", record_file)


def test_the_summary_is_the_runs_statistics(full_record):
    summary = study.summary("expanded_cnn", path=full_record)
    accuracies = [0.98 + s / 10_000 for s in study.SEEDS]
    mean = sum(accuracies) / len(accuracies)
    assert summary.n == 10 and summary.mean == pytest.approx(mean)
    assert summary.sd == pytest.approx((sum((a - mean) ** 2 for a in accuracies) / 9) ** 0.5)
    assert (summary.low, summary.high) == (pytest.approx(0.9801), pytest.approx(0.9842))
    assert summary.reaching_claim == 0  # 98.73 %
    assert summary.same_machine


class PageRun:
    def __init__(self, accuracy):
        self.results = {"test_accuracy": accuracy}


def test_the_seed_42_run_must_equal_the_pages_run_to_every_printed_digit_on_the_same_machine(full_record):
    study.summary("expanded_cnn", PageRun(0.98420001), full_record)  # prints 0.9842 too
    with pytest.raises(study.StaleStudyError, match=r"seed-42 run of expanded_cnn \(0.9842\) differs"):
        study.summary("expanded_cnn", PageRun(0.9843), full_record)


def test_on_another_machine_the_seed_42_run_may_differ_within_the_tolerance(full_record):
    record = json.loads(full_record.read_text())
    other = copy.deepcopy(record)
    other["machine"]["cpu"] = "another CPU"
    full_record.write_text(study.dump(other))
    summary = study.summary("expanded_cnn", PageRun(0.9842 + study.OTHER_MACHINE_TOLERANCE * 0.9), full_record)
    assert not summary.same_machine
    with pytest.raises(study.StaleStudyError, match="differ by more than 0.005"):
        study.summary("expanded_cnn", PageRun(0.9842 + study.OTHER_MACHINE_TOLERANCE * 1.1), full_record)
