"""The live preview's watcher (sitebuild/dev/watcher.py): what a save affects, and when it is complete."""
import os

from sitebuild.dev.watcher import affected, snapshot, wait_for_change


def test_changes_map_to_the_languages_they_affect():
    assert affected(["docs/zh/02-core-concepts.md"]) == ({"zh"}, False)
    assert affected(["docs/en/a.md", "docs/zh/b.md"]) == ({"en", "zh"}, False)
    assert affected(["docs/en/a.md", "snippets/expanded_cnn.py"]) == (None, False)
    assert affected(["overrides/assets/stylesheets/site.css"]) == (None, False)
    assert affected(["mkdocs.en.yml"]) == (None, False)
    assert affected(["sitebuild/pages/errata.py"]) == (None, True)


class ScriptedTime:
    """A clock that moves only when the watcher sleeps; `actions` run once their time is reached."""

    def __init__(self, actions):
        self.now, self.actions = 0.0, sorted(actions, key=lambda a: a[0])

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
        while self.actions and self.actions[0][0] <= self.now:
            self.actions.pop(0)[1]()


def test_a_save_in_two_steps_is_one_change_with_the_final_content(tmp_path):
    page = tmp_path / "docs" / "zh" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text("旧的段落。\n", encoding="utf-8")
    seen = snapshot(tmp_path)
    final = "新的段落，写完了。\n" * 20

    def truncate():  # the editor's first step: the file is empty for a moment
        page.write_text("", encoding="utf-8")

    def write_temporary_and_rename():  # the second step, a few milliseconds later
        temporary = page.with_name(".page.md.tmp")
        temporary.write_text(final, encoding="utf-8")
        os.replace(temporary, page)

    time = ScriptedTime([(0.04, truncate), (0.07, write_temporary_and_rename)])  # 30 ms apart
    found = wait_for_change(tmp_path, seen, clock=time.clock, sleep=time.sleep)
    assert found is not None
    now, changed = found
    assert changed == ["docs/zh/page.md"]
    assert page.read_text(encoding="utf-8") == final  # what the one build will read
    assert now == snapshot(tmp_path)
    assert wait_for_change(tmp_path, now, timeout=1.0, clock=time.clock, sleep=time.sleep) is None  # no second build


def test_no_change_waits_until_the_timeout(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("a", encoding="utf-8")
    time = ScriptedTime([])
    assert wait_for_change(tmp_path, snapshot(tmp_path), timeout=0.5, clock=time.clock, sleep=time.sleep) is None
    assert time.now >= 0.5
