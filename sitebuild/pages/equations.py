"""Numbered equations: a label after a display formula, a number per chapter, references by label.

A display formula that the text or an erratum refers to carries a label on the line right
after its closing `$$` (the same in every language, like a heading's id):

    $$
    w_{t+1} = w_t - \\alpha \\cdot \\nabla_w L(w_t)
    $$
    { #eq:gradient-descent }

and is cited with `{{ eq: gradient-descent }}` (directives.py), on its own page or another.
Labelled formulas are numbered per chapter in page order, like figures (structure.py):
4.1, 4.2 … on 04-math.md, A.1 on the first appendix. The page stage replaces the label line
by `\\tag{4.1}` inside the formula, which KaTeX (reader/katex.py) prints beside it, and puts
an empty anchor `equation-4-1` right before it, which references link to (raw HTML in the
Markdown, so MkDocs knows the anchor when it checks links). Only labelled formulas are
numbered, so a number always means "the text points at this one".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sitebuild.errors import BuildError

LABEL = r"\{\s*#eq:(?P<label>[a-z0-9][a-z0-9-]*)\s*\}"
# A display formula followed by its label: the label line has the formula's indentation, and
# the formula's lines hold no `$$` (so a match never spans two formulas).
LABELLED = re.compile(
    r"^(?P<indent>[ \t]*)\$\$[ \t]*\n(?P<tex>(?:(?![ \t]*\$\$[ \t]*$).*\n)*?)(?P=indent)\$\$[ \t]*\n"
    r"(?P=indent)" + LABEL + r"[ \t]*$", re.M)
ANY_LABEL = re.compile(r"^[ \t]*" + LABEL + r"[ \t]*$", re.M)


class EquationError(BuildError):
    pass


@dataclass(frozen=True)
class Equation:
    label: str
    number: str     # "4.1"; the same in every language
    page: str       # file name, e.g. 04-math.md
    line: int       # of the label, 1-based in the page's file

    @property
    def anchor(self) -> str:
        return anchor(self.number)


def anchor(number: str) -> str:
    """The id of a numbered formula on the built page: equation-4-1."""
    return "equation-" + number.replace(".", "-")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def on_page(text: str, page: str, where: str, chapter: str) -> list[Equation]:
    """The labelled formulas of a page in order, numbered in its chapter; a label that does
    not follow a display formula fails, naming the page and line."""
    found = []
    for match in LABELLED.finditer(text):
        number = f"{chapter}.{len(found) + 1}" if chapter else str(len(found) + 1)
        found.append(Equation(match["label"], number, page, _line(text, match.start("label"))))
    placed = {e.line for e in found}
    for stray in ANY_LABEL.finditer(text):
        if _line(text, stray.start("label")) not in placed:
            raise EquationError(f"{where}:{_line(text, stray.start())}: equation label "
                                f"'eq:{stray['label']}' must be on the line right after a display formula's closing $$")
    return found


def on_site(pages) -> dict[str, Equation]:
    """label -> Equation for every page of a language (structure.Structure); a label used twice fails."""
    labels: dict[str, Equation] = {}
    for page in pages.pages:
        for equation in page.equations:
            if equation.label in labels:
                first = labels[equation.label]
                raise EquationError(f"{page.where}:{equation.line}: equation label 'eq:{equation.label}' "
                                    f"is already used in {pages.where}{first.page}:{first.line}")
            labels[equation.label] = equation
    return labels


def number(markdown: str, equations: list[Equation]) -> str:
    """The page's Markdown with each labelled formula numbered (`\\tag{number}` inside it) and its
    anchor before it, on as many lines as before: errors name the lines of the file."""
    numbers = {e.label: e.number for e in equations}

    def tagged(match: re.Match) -> str:
        indent, number = match["indent"], numbers[match["label"]]
        first, *rest = match["tex"].split("\n")[:-1] or [""]
        body = "\n".join([f"{indent}$$ {first.strip()}", *rest])
        return (f'{indent}<span class="equation-anchor" id="{anchor(number)}"></span>\n\n'
                f"{body}\n{indent}\\tag{{{number}}} $$")
    return LABELLED.sub(tagged, markdown)
