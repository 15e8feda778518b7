"""Shared fixtures, and the two tiers.

`./dev.sh check` runs every test that needs neither a training run nor a
browser, against a site built with execution off; `./dev.sh test` runs them
all. A test is put in a tier by the fixtures it asks for, not by hand:

  training_run, executed_site  -> marked `training` (a real MNIST run, minutes on a cold cache)
  browser, served_site, pdfs   -> marked `browser` (Debian's Chromium)

The site is built once per session (every language, one process). In the
full tier the build runs the experiments (cold in CI), and the training tests
read those same runs; nothing is trained twice.
"""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild import languages, settings  # noqa: E402

LANGS = tuple(languages.codes())
TRAINING_FIXTURES = {"training_run", "executed_site"}
BROWSER_FIXTURES = {"browser", "served_site", "pdfs"}


def pytest_configure(config):
    config.addinivalue_line("markers", "training: needs a real MNIST training run "
                            "(minutes on a cold cache); set by the fixtures it uses")
    config.addinivalue_line("markers", "browser: drives Debian's Chromium; set by the fixtures it uses")


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & TRAINING_FIXTURES:
            item.add_marker("training")
        if names & BROWSER_FIXTURES:
            item.add_marker("browser")


def pytest_runtest_setup(item):
    from sitebuild.dev import browser
    browser.charge_loads_to(item.nodeid)  # a session fixture's loads go to the first test that needs it


PAGE_LOADS_FILE = ROOT / "build" / "page-loads.json"
PAGE_LOAD_BUDGET = 250  # the whole suite's; a per-page check belongs on the tour (tests/browser/tour.py)


def pytest_terminal_summary(terminalreporter):
    """The suite's browser page loads (sitebuild/dev/browser.py counts them), printed and
    written to build/page-loads.json: {"total": n, "by_test": {test id: n}}."""
    import json

    from sitebuild.dev import browser
    if not browser.PAGE_LOADS:
        return
    by_file = {}
    for test, n in browser.PAGE_LOADS.items():
        by_file[test.split("::")[0]] = by_file.get(test.split("::")[0], 0) + n
    terminalreporter.write_sep("-", "browser page loads by file")
    for file, n in sorted(by_file.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{n:5}  {file}")
    terminalreporter.write_line(f"browser page loads: {browser.page_loads()} (budget {PAGE_LOAD_BUDGET})")
    PAGE_LOADS_FILE.parent.mkdir(exist_ok=True)
    PAGE_LOADS_FILE.write_text(json.dumps({"total": browser.page_loads(),
                                           "by_test": dict(browser.PAGE_LOADS.most_common())}, indent=1))


BUILD_SESSION = pytest.StashKey()


def pytest_sessionfinish(session, exitstatus):
    """More page loads than the budget fail the run. With execution off (the fast tier), a test
    that trained a model is a mislabelled test."""
    from sitebuild.dev import browser
    if browser.page_loads() > PAGE_LOAD_BUDGET:
        print(f"\nerror: {browser.page_loads()} browser page loads, over the budget of {PAGE_LOAD_BUDGET} "
              f"(by test: {PAGE_LOADS_FILE.relative_to(ROOT)})", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    build_session = session.config.stash.get(BUILD_SESSION, None)
    if build_session is None or settings.current().execute:
        return
    from sitebuild.engine import experiments
    trained = [n for n, how in build_session.outcomes.items()
               if how == "executed" and experiments.EXPERIMENTS.get(n) and experiments.get(n).kind == "classifier"]
    if trained:
        print(f"\nerror: SITE_EXECUTE=0 but these models were trained: {trained}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def build_session(pytestconfig):
    """The one build session of the test run: the site's build and the training tests share it."""
    from sitebuild.engine.session import BuildSession
    pytestconfig.stash[BUILD_SESSION] = BuildSession.start()
    return pytestconfig.stash[BUILD_SESSION]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, build_session):
    """(site folder, build record) of this session's build."""
    from sitebuild.build import build
    site = settings.current().test_dir or tmp_path_factory.mktemp("site")
    record = build(Path(site), quiet=True, build_session=build_session)
    return Path(site), record


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The built site, with or without run outputs (SITE_EXECUTE decides)."""
    return site_build[0]


@pytest.fixture(scope="session")
def executed_site(site_build, request) -> Path:
    """The built site with every run's outputs, figures and notebooks."""
    if not settings.current().execute:
        pytest.fail("this test needs run outputs, but SITE_EXECUTE=0")
    if any("tutorial_rerun" in getattr(item, "fixturenames", ()) for item in request.session.items):
        _start_tutorial_rerun(site_build[0], request.config)  # minutes of training, beside the other tests
    return site_build[0]


RERUN = pytest.StashKey()
RERUN_EXPERIMENT = "expanded_cnn"  # the tutorial


def _start_tutorial_rerun(site: Path, config) -> None:
    """Start the downloaded tutorial notebook in a fresh kernel, with nothing but the vendored
    MNIST file: no network (a closed proxy), no project on the path."""
    if RERUN in config.stash:
        return
    import shutil
    import subprocess
    import tempfile

    from snippets.vendored_mnist import VENDORED_MNIST
    lang = LANGS[0]
    work = Path(tempfile.mkdtemp(prefix="tutorial-rerun-"))
    (work / "keras" / "datasets").mkdir(parents=True)
    shutil.copy(VENDORED_MNIST, work / "keras" / "datasets" / "mnist.npz")
    downloaded = site / lang / "notebooks" / RERUN_EXPERIMENT / f"{RERUN_EXPERIMENT}.ipynb"
    env = dict(os.environ, KERAS_HOME=str(work / "keras"), HOME=str(work), TF_CPP_MIN_LOG_LEVEL="3",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9", PYTHONPATH="")
    stderr = open(work / "stderr.txt", "w")  # noqa: SIM115 (closed when the run is collected)
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "end_to_end" / "rerun_notebook.py"),
                                str(downloaded), str(work / "executed.ipynb")],
                               cwd=work, env=env, stdout=stderr, stderr=stderr,
                               preexec_fn=lambda: os.nice(19))  # the tests in the foreground come first
    config.stash[RERUN] = (process, work, stderr, lang)


@pytest.fixture(scope="session")
def tutorial_rerun(executed_site, pytestconfig):
    """(language, experiment, its downloaded notebook as a fresh kernel ran it): the one end-to-end
    run of the tutorial, started by `executed_site` as soon as the site was built."""
    import nbformat
    _start_tutorial_rerun(executed_site, pytestconfig)  # in case executed_site came first without it
    process, work, stderr, lang = pytestconfig.stash[RERUN]
    status = process.wait(timeout=1800)
    stderr.close()
    assert status == 0, (work / "stderr.txt").read_text()[-3000:]
    return lang, RERUN_EXPERIMENT, nbformat.read(work / "executed.ipynb", as_version=4)


@pytest.fixture(scope="session")
def pdfs(executed_site) -> dict:
    """{language: its PDF}, which the session's build printed with Chromium (sitebuild/reader/pdf.py)."""
    from sitebuild.reader import pdf
    if not settings.current().pdf:
        pytest.fail("this test needs the article's PDF, but SITE_PDF=0")
    return {lang: executed_site / lang / pdf.file_name(lang) for lang in LANGS}


@pytest.fixture(scope="session")
def training_run(build_session):
    """run_of(name): the experiment's run of this session (the build's, through the cache).

    The floor is not enforced here, so a test's own accuracy assertion is the line that fails."""
    from sitebuild.engine import execution
    return lambda name: execution.execute(build_session, name, enforce_floor=False)


@pytest.fixture(scope="session")
def browser():
    from sitebuild.dev.browser import chromium_installed, launch
    if not chromium_installed():
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (dev.sh installs it)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def served_site(built_site):
    """Base URL of the built site, served the way GitHub Pages serves it."""
    from sitebuild.dev.static_server import serve
    with serve(built_site) as url:
        yield url
