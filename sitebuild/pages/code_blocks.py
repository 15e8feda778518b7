"""Every code block that shows a file of the project says which file and section it is.

A page includes code as a fence holding one include line:

    ```python
    --8<-- "snippets/expanded_cnn.py:model"
    ```

`label_fences` gives such a fence the title `snippets/expanded_cnn.py · model`
and, when the experiment is a variant of another (`Experiment.variant_of`),
highlights the lines of the section that differ from the same section of the
original. `link_titles` then makes each title a link to those lines in the
repository. Fences that already carry attributes are left as they are.
"""
import difflib
import html
import re
from pathlib import Path

from sitebuild.engine import experiments
from sitebuild.engine.sections import split_sections
from sitebuild.errors import BuildError
from sitebuild.pages import snippet_comments
from sitebuild.repository import Repository
from sitebuild.settings import PROJECT_ROOT

SEPARATOR = " · "
INCLUDE_FENCE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<lang>\w+)[ \t]*\n'
    r'(?P=indent)--8<-- "(?P<path>snippets/[\w/.-]+?)(?::(?P<section>[\w-]+))?"[ \t]*\n'
    r'(?P=indent)(?P=fence)[ \t]*$', re.M)
TITLE = re.compile(r'<span class="filename">(snippets/[\w/.-]+?)(?:' + SEPARATOR + r'([\w-]+))?</span>')


class CodeBlockError(BuildError):
    pass


def _section(path: Path, section: str | None) -> tuple[int, list[str]]:
    """(first line number, lines) of a section of a file, or of the whole file."""
    if section is None:
        return 1, path.read_text(encoding="utf-8").splitlines()
    for segment in split_sections(path):
        if segment.name == section:
            return segment.first_line, segment.code.splitlines()
    raise CodeBlockError(f"{path.relative_to(PROJECT_ROOT)} has no section '{section}'")


def changed_lines(path: str, section: str, lang: str, root: Path = PROJECT_ROOT) -> list[int]:
    """Lines (1-based, as shown) of a variant's section that differ from its original's section."""
    name = Path(path).stem
    experiment = experiments.EXPERIMENTS.get(name)
    if not path.endswith(".py") or experiment is None or experiment.variant_of is None:
        return []
    original = experiments.get(experiment.variant_of).path
    _, mine = _section(snippet_comments.variant_path(root / path, lang, root), section)
    _, theirs = _section(snippet_comments.variant_path(original, lang, root), section)
    matcher = difflib.SequenceMatcher(a=theirs, b=mine, autojunk=False)
    return [line + 1 for tag, _, _, first, last in matcher.get_opcodes() if tag != "equal"
            for line in range(first, last)]


def label_fences(markdown: str, lang: str, where: str) -> str:
    def label(match: re.Match) -> str:
        path, section = match["path"], match["section"]
        if not (PROJECT_ROOT / path).is_file():
            line = markdown.count("\n", 0, match.start()) + 2
            raise CodeBlockError(f"{where}:{line}: included file {path} does not exist")
        title = path + (SEPARATOR + section if section else "")
        attrs = f'title="{title}"'
        if section and (changed := changed_lines(path, section, lang)):
            attrs += f' hl_lines="{" ".join(map(str, changed))}"'
        return match.group(0).replace(f'{match["fence"]}{match["lang"]}',
                                      f'{match["fence"]}{match["lang"]} {attrs}', 1)
    return INCLUDE_FENCE.sub(label, markdown)


def link_titles(page_html: str, repository: Repository) -> str:
    def link(match: re.Match) -> str:
        path, section = match[1], match[2]
        first, lines = _section(PROJECT_ROOT / path, section)
        url = repository.file_url(path, first, first + len(lines) - 1) if section else repository.file_url(path)
        return f'<span class="filename"><a href="{html.escape(url)}">{match[1]}' \
               f'{SEPARATOR + section if section else ""}</a></span>'
    return TITLE.sub(link, page_html)
