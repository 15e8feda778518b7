"""Addresses in the project's repository, from the one setting `extra.repository`.

Readers' browsers only follow these links; nothing here asks GitHub anything.
The build's own commit comes from git when there is one (a download without
git history builds fine and simply shows no commit).
"""
import subprocess
from dataclasses import dataclass
from urllib.parse import urlencode

from sitebuild.settings import PROJECT_ROOT

BRANCH = "main"


@dataclass(frozen=True)
class Repository:
    url: str  # https://github.com/<owner>/<name>

    @property
    def slug(self) -> str:
        return self.url.rstrip("/").split("github.com/")[-1]

    def file_url(self, path: str, first: int | None = None, last: int | None = None) -> str:
        lines = f"#L{first}-L{last}" if first and last and last > first else f"#L{first}" if first else ""
        return f"{self.url}/blob/{BRANCH}/{path}{lines}"

    def colab_url(self, path: str) -> str:
        return f"https://colab.research.google.com/github/{self.slug}/blob/{BRANCH}/{path}"

    def commit_url(self, commit: str) -> str:
        return f"{self.url}/commit/{commit}"

    def new_issue_url(self, title: str, body: str) -> str:
        return f"{self.url}/issues/new?" + urlencode({"title": title, "body": body})


def current_commit() -> tuple[str, bool] | None:
    """(commit, has uncommitted changes) of the working tree, or None outside a git checkout."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit, bool(dirty)
