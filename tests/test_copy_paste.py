"""Copy-paste proof: the code a reader copies from a built page, run in a fresh
process with nothing but the vendored MNIST file, prints what the page shows."""
import html
import os
import re
import shutil
import subprocess
import sys

import pytest

from snippets.vendored_mnist import VENDORED_MNIST

CODE_BLOCK = re.compile(r'<div class="language-python highlight"><pre>(.*?)</pre></div>', re.S)
OUTPUT_BLOCK = re.compile(r'<div class="language-text highlight"><span class="filename">[^<]*</span><pre>(.*?)</pre></div>', re.S)
TIMING = re.compile(r"\d+m?s(/step)?")


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.training
@pytest.mark.parametrize("page", ["04-math", "05-project", "appendix-momentum-variant", "appendix-first-draft"])
def test_copied_code_prints_what_the_page_shows(built_site, tmp_path, page):
    built = (built_site / "zh" / page / "index.html").read_text()
    code = "\n\n".join(text_of(block) for block in CODE_BLOCK.findall(built))
    shown = [text_of(block).strip() for block in OUTPUT_BLOCK.findall(built)]
    assert code and shown
    (tmp_path / "copied.py").write_text(code)
    keras_home = tmp_path / "keras"
    (keras_home / "datasets").mkdir(parents=True)
    shutil.copy(VENDORED_MNIST, keras_home / "datasets" / "mnist.npz")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "KERAS_HOME": str(keras_home),
           "TF_CPP_MIN_LOG_LEVEL": "3", "HTTPS_PROXY": "http://127.0.0.1:9"}  # no network
    done = subprocess.run([sys.executable, "copied.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = TIMING.sub("", done.stdout)
    for block in shown:
        assert TIMING.sub("", block) in printed, block[:300]
