"""The "draw a digit" demo runs the build's own trained model in the browser,
agrees with Keras, recognises drawn digits, and costs nothing until used."""
import json
import math
import time

import numpy as np
import pytest

from sitebuild.reader import digit_demo
from snippets.vendored_mnist import VENDORED_MNIST

WEIGHTS_BUDGET = 250_000  # bytes: 121,930 float16 weights = 243,860
N_IMAGES = 200


def keras_probabilities(run):
    with np.load(run.file("arrays.npz")) as arrays:
        return arrays["probabilities"][:N_IMAGES]


def test_exported_weights_are_the_runs_weights_in_float16_within_budget(training_run):
    run = training_run("expanded_cnn")
    exported = digit_demo.export(run)
    manifest = json.loads(exported["demo/model.json"])
    assert manifest["run_key"] == run.run_info["key"]
    total = sum(t["length"] for t in manifest["tensors"])
    assert total == run.results["parameters"]  # every weight, nothing else
    assert len(exported["demo/weights.bin"]) == 2 * total <= WEIGHTS_BUDGET


# The tutorial page, loaded once per (language, width) for every test below.
DEMO_PAGES = [("zh", 1280), ("en", 390)]


@pytest.fixture(scope="module")
def demo(browser, served_site, executed_site):
    """demo(lang, width) -> (Visit, requests made before the reader reached the demo, seconds from
    scrolling to it until it was ready): the built site's tutorial page, whose demo carries the
    build's trained model, with the demo started."""
    from sitebuild.dev.browser import Visit
    opened = {}

    def open_demo(lang, width):
        if (lang, width) not in opened:
            visit = Visit(browser, f"{served_site}/{lang}/05-project/", width, 900)
            before = list(visit.requests)
            opened[lang, width] = visit, before, start_demo(visit.page)
        return opened[lang, width]
    yield open_demo
    for visit, _, _ in opened.values():
        visit.close()


def start_demo(page) -> float:
    started = time.perf_counter()
    page.evaluate("document.querySelector('canvas.digit-demo__pad').scrollIntoView({block: 'center'})")
    page.wait_for_selector(".digit-demo[data-state=ready]", timeout=20000)
    return time.perf_counter() - started


def draw(page, strokes):
    pad = page.locator("canvas.digit-demo__pad")
    page.evaluate("document.querySelector('canvas.digit-demo__pad').scrollIntoView({block: 'center'})")
    for stroke in strokes:
        box = pad.bounding_box()

        def at(x, y, box=box):
            return box["x"] + x * box["width"], box["y"] + y * box["height"]
        page.mouse.move(*at(*stroke[0]))
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(*at(x, y), steps=6)
        page.mouse.up()


DIGITS = {  # strokes in pad coordinates (0..1), as a person would draw them
    0: [[(0.5 + 0.22 * math.sin(a * math.pi / 10), 0.5 - 0.32 * math.cos(a * math.pi / 10)) for a in range(21)]],
    1: [[(0.5, 0.15), (0.5, 0.85)]],
    2: [[(0.25, 0.3), (0.4, 0.17), (0.6, 0.17), (0.72, 0.32), (0.65, 0.5), (0.25, 0.82), (0.78, 0.82)]],
    4: [[(0.6, 0.85), (0.6, 0.15), (0.25, 0.6), (0.75, 0.6)]],
    7: [[(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)]],
}


@pytest.mark.parametrize("lang, width", DEMO_PAGES)
def test_nothing_of_the_demo_loads_before_the_reader_gets_there(demo, served_site, lang, width):
    visit, before, seconds = demo(lang, width)
    assert not [u for u in before if "/demo/" in u or "digit-demo.js" in u]
    loaded = [u.rsplit("/", 1)[-1] for u in visit.requests if "/demo/" in u or "digit-demo.js" in u]
    assert sorted(loaded) == ["digit-demo.js", "model.json", "test-digits.bin", "weights.bin"]
    assert all(u.startswith(served_site) for u in visit.requests)
    assert visit.errors == []
    print(f"\n{lang}: demo ready {seconds:.2f} s after scrolling to it")


def test_the_page_predicts_what_keras_predicts(demo, training_run):
    visit, _, _ = demo(*DEMO_PAGES[-1])
    page = visit.page
    with np.load(VENDORED_MNIST) as data:
        images = (data["x_test"][:N_IMAGES] / 255.0).astype("float32").reshape(N_IMAGES, -1)
        labels = data["y_test"][:N_IMAGES]
    in_page = np.array(page.evaluate("xs => xs.map(x => window.digitDemo.predict(x))", images.tolist()))
    keras = keras_probabilities(training_run("expanded_cnn"))
    assert (in_page.argmax(axis=1) == keras.argmax(axis=1)).all()
    assert np.abs(in_page - keras).max() <= 1e-3
    print(f"\nin-page accuracy on the first {N_IMAGES} test images: "
          f"{(in_page.argmax(axis=1) == labels).mean():.3f}; largest probability difference "
          f"from Keras: {np.abs(in_page - keras).max():.1e}")
    assert visit.errors == []


@pytest.mark.parametrize("lang, width", DEMO_PAGES)
def test_drawn_digits_are_recognised(demo, lang, width):
    visit, _, _ = demo(lang, width)
    page = visit.page
    for digit, strokes in DIGITS.items():
        page.click("[data-action=clear]")
        draw(page, strokes)
        page.wait_for_function("document.querySelector('.digit-demo__result').dataset.prediction !== undefined")
        assert page.locator(".digit-demo__result").get_attribute("data-prediction") == str(digit)
        page.evaluate("delete document.querySelector('.digit-demo__result').dataset.prediction")
    page.locator(".digit-demo").screenshot(path=f"build/screenshots/{lang}-digit-demo-{width}.png")
    assert visit.errors == []


def test_the_test_digit_button_works_from_the_keyboard_and_is_announced(demo):
    visit, _, _ = demo("zh", 1280)
    page = visit.page
    page.locator("[data-action=sample]").focus()
    page.keyboard.press("Enter")
    result = page.locator(".digit-demo__result")
    assert result.get_attribute("aria-live") == "polite"
    assert "真实标签：7" in result.inner_text()  # the first test image is a 7
    assert page.locator("canvas.digit-demo__pad").get_attribute("aria-label")
