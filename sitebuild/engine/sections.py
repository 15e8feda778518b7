"""Split a snippet file into the sections the pages include.

The markers are pymdownx.snippets' own (`# --8<-- [start:name]` /
`# --8<-- [end:name]`), so what a page shows and what the build runs are cut
from the file by the same lines.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from sitebuild.errors import BuildError

MARKER = re.compile(r"^\s*# --8<-- \[(start|end):([\w-]+)\]\s*$")


@dataclass
class Segment:
    name: str | None  # None: lines between sections (docstring, blank lines)
    first_line: int   # 1-based line number of the segment's first code line
    code: str


class SectionError(BuildError):
    pass


def split_sections(path: Path) -> list[Segment]:
    """Every line of the file, in order, as named sections and unnamed gaps."""
    segments: list[Segment] = []
    current, start, buf = None, 1, []
    seen = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        match = MARKER.match(line)
        if not match:
            buf.append(line)
            continue
        kind, name = match.groups()
        if kind == "start":
            if current is not None:
                raise SectionError(f"{path}:{number}: section '{name}' starts inside '{current}'")
            if name in seen:
                raise SectionError(f"{path}:{number}: section '{name}' appears twice")
            seen.add(name)
        elif name != current:
            raise SectionError(f"{path}:{number}: end of '{name}' but '{current}' is open")
        if buf:
            segments.append(Segment(current, start, "\n".join(buf) + "\n"))
        current = name if kind == "start" else None
        start, buf = number + 1, []
    if current is not None:
        raise SectionError(f"{path}: section '{current}' is never closed")
    if buf:
        segments.append(Segment(None, start, "\n".join(buf) + "\n"))
    return segments


def section_names(path: Path) -> list[str]:
    return [s.name for s in split_sections(path) if s.name]
