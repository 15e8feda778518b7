"""The MkDocs glue turns a writer's mistake (BuildError) into MkDocs' PluginError in one place."""
import inspect

import pytest
from mkdocs.exceptions import PluginError

from sitebuild import mkdocs_hooks
from sitebuild.errors import BuildError


def test_every_hook_turns_a_build_error_into_a_plugin_error_and_leaves_bugs_alone():
    hooks = [f for name, f in inspect.getmembers(mkdocs_hooks, inspect.isfunction) if name.startswith("on_")]
    assert len(hooks) >= 8 and all(getattr(f, "__wrapped__", None) for f in hooks), \
        [f.__name__ for f in hooks if not hasattr(f, "__wrapped__")]

    def mistake():
        raise BuildError("docs/en/a.md:3: a mistake")

    def bug():
        raise KeyError("a bug")
    with pytest.raises(PluginError, match="docs/en/a.md:3: a mistake"):
        mkdocs_hooks.closed(mistake)()
    with pytest.raises(KeyError):
        mkdocs_hooks.closed(bug)()
    assert mkdocs_hooks.on_files.mkdocs_priority == 100  # still before mkdocs-jupyter's
