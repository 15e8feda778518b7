"""Run outputs wrap between the entries of a log line, never inside one.

A Keras log line is entries joined by " - " (`844/844 - 8s - 9ms/step - accuracy:
0.9297 - val_loss: 0.2925`). reading.css wraps run outputs instead of scrolling
them; left to itself the browser may break "val_accuracy:" from its value. Each
entry after the first becomes a no-wrap span that starts with its "- ", so a
line breaks before a " - " and the next line starts with the entry's dash. The
first entry stays plain text: it may be long (a progress bar) and must be free
to wrap on a phone.
Only tags are added: the text, and so what the copy button copies, is unchanged.
"""
import re

RUN_OUTPUT_CODE = re.compile(
    r'(<div class="[^"]*\brun-output\b[^"]*"[^>]*>.*?<pre[^>]*>.*?<code[^>]*>)(.*?)(</code>)', re.S)
SEPARATOR = " - "
ENTRY = '<span class="run-output__entry">{}</span>'


def _line(line: str) -> str:
    first, *rest = line.split(SEPARATOR)
    if not rest:
        return line
    return " ".join([first, *(ENTRY.format("- " + entry) for entry in rest)])


def keep_entries_together(page_html: str) -> str:
    def wrap(match: re.Match) -> str:
        body = match[2]
        if "<" in body:  # already marked up (highlighted lines, spans): leave it to the CSS
            return match[0]
        return match[1] + "\n".join(_line(line) for line in body.split("\n")) + match[3]
    return RUN_OUTPUT_CODE.sub(wrap, page_html)
