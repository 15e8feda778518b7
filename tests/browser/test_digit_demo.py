"""The "draw a digit" demo runs the build's own trained model in the browser,
agrees with Keras (every layer of its inside view too), recognises drawn digits, shows what
each layer sees, and costs nothing until used."""
import json
import math
import time

import numpy as np
import pytest

from sitebuild import languages
from sitebuild.reader import digit_demo
from snippets.vendored_mnist import VENDORED_MNIST
from tests.browser.tour import VIEWS
from tests.support.pages import LANGS

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
    maps = {}  # each layer's drawn maps, per digit
    for digit, strokes in DIGITS.items():
        page.click("[data-action=clear]")
        draw(page, strokes)
        page.wait_for_function("document.querySelector('.digit-demo__result').dataset.prediction !== undefined")
        assert page.locator(".digit-demo__result").get_attribute("data-prediction") == str(digit)
        maps[digit] = page.evaluate(DRAWN_MAPS)
    page.locator(".digit-demo").screenshot(path=f"build/screenshots/{lang}-digit-demo-{width}.png")
    # Every layer's maps change with the digit drawn: no two digits give the same picture.
    for layer in maps[1]:
        pictures = [drawn[layer] for drawn in maps.values()]
        assert len(set(pictures)) == len(pictures), f"{layer}: the same maps for two digits"
    # Clear forgets the last result: bars, prediction and maps.
    page.click("[data-action=clear]")
    cleared = page.evaluate("""() => ({
        values: [...document.querySelectorAll('.digit-demo__bars .digit-demo__value')].map(v => v.textContent),
        bars: [...document.querySelectorAll('.digit-demo__bars li')].map(li => li.style.getPropertyValue('--p')),
        best: document.querySelectorAll('.digit-demo__bars li.is-best').length,
        prediction: document.querySelector('.digit-demo__result').dataset.prediction ?? null,
        scales: [...document.querySelectorAll('.digit-demo__layer [data-max]')].map(m => m.textContent),
        units: document.querySelectorAll('.digit-demo__units li').length})""")
    assert cleared == {"values": ["–"] * 10, "bars": ["0"] * 10, "best": 0, "prediction": None,
                       "scales": ["–"] * 6, "units": 0}, cleared
    assert visit.errors == []


DRAWN_MAPS = """() => Object.fromEntries([...document.querySelectorAll('.digit-demo__layer')].map(s =>
    [s.dataset.layer, s.querySelector('canvas') ? s.querySelector('canvas').toDataURL()
                                                 : s.querySelector('ol').textContent]))"""


def test_the_test_digit_button_works_from_the_keyboard_and_is_announced(demo):
    visit, _, _ = demo("zh", 1280)
    page = visit.page
    page.locator("[data-action=sample]").focus()
    page.keyboard.press("Enter")
    result = page.locator(".digit-demo__result")
    assert result.get_attribute("aria-live") == "polite"
    assert "真实标签：7" in result.inner_text()  # the first test image is a 7
    assert page.locator("canvas.digit-demo__pad").get_attribute("aria-label")


# ---- the inside view ------------------------------------------------------------------------

# Keras' layers in forward order, and the page's output that each one must equal: Flatten is
# pool2's values in the order they are stored, and Dropout passes the dense layer on unchanged
# at inference.
PAGE_LAYER_OF_KERAS = {"conv2d": "conv1", "max_pooling2d": "pool1", "conv2d_1": "conv2", "max_pooling2d_1": "pool2",
                       "flatten": "pool2", "dense": "dense", "dropout": "dense", "dense_1": "output"}
LAYER_DIGITS = 25
# Both sides compute in float32 from the same float16 weights, in a different order: conv2 sums
# 288 products and the dense layer 1,600, so each value is off by a few float32 roundings of
# values up to ~10 (about 1e-6 each); 1e-4 is far above that and far below a real difference
# (one weight wrong by one float16 step moves an activation by ~1e-3).
LAYER_TOLERANCE = 1e-4


def keras_with_the_shipped_weights(run, demo_folder):
    """A Keras model of every layer's output (`keras.Model(inputs, layer.output)`), holding exactly
    the weights the page loads: the built site's float16 weights.bin, described by its model.json."""
    import keras
    model = keras.saving.load_model(run.file("model.keras"), compile=False)
    manifest = json.loads((demo_folder / "model.json").read_text())
    shipped = np.frombuffer((demo_folder / "weights.bin").read_bytes(), dtype="<f2")
    weights = {}
    for t in manifest["tensors"]:
        part = shipped[t["offset"]:t["offset"] + t["length"]].astype(np.float32).reshape(t["shape"])
        weights.setdefault(t["layer"], {})[t["role"]] = part
    for name, parts in weights.items():
        model.get_layer(name).set_weights([parts["kernel"], parts["bias"]])
    return keras.Model(model.inputs, [layer.output for layer in model.layers]), [layer.name for layer in model.layers]


def test_every_layer_in_the_page_equals_keras_with_the_weights_the_page_loads(demo, training_run, built_site):
    visit, _, _ = demo(*DEMO_PAGES[0])
    with np.load(VENDORED_MNIST) as data:
        images = (data["x_test"][:LAYER_DIGITS] / 255.0).astype("float32")
    probe, names = keras_with_the_shipped_weights(training_run("expanded_cnn"), built_site / DEMO_PAGES[0][0] / "demo")
    keras_outputs = dict(zip(names, probe.predict(images[..., None], verbose=0), strict=True))
    in_page = visit.page.evaluate("""xs => xs.map(x => Object.fromEntries(Object.entries(window.digitDemo.forward(x))
        .map(([name, t]) => [name, Array.from(t.values)])))""", images.reshape(LAYER_DIGITS, -1).tolist())
    assert set(PAGE_LAYER_OF_KERAS) == set(names)
    worst = {}
    for keras_name, page_name in PAGE_LAYER_OF_KERAS.items():
        page_values = np.array([digit[page_name] for digit in in_page], dtype=np.float64)
        keras_values = keras_outputs[keras_name].reshape(LAYER_DIGITS, -1).astype(np.float64)
        assert page_values.shape == keras_values.shape, keras_name
        worst[keras_name] = float(np.abs(page_values - keras_values).max())
    print("\nlargest difference from Keras per layer over", LAYER_DIGITS, "test digits:",
          ", ".join(f"{name} {diff:.1e}" for name, diff in worst.items()))
    assert all(diff <= LAYER_TOLERANCE for diff in worst.values()), worst
    page_predictions = [int(np.argmax(digit["output"])) for digit in in_page]
    assert page_predictions == keras_outputs["dense_1"].argmax(axis=1).tolist()
    assert np.array_equal(np.array([digit["input"] for digit in in_page]), images.reshape(LAYER_DIGITS, -1))
    assert visit.errors == []


def test_a_map_shows_its_index_and_kernel_from_the_keyboard_and_the_pointer(demo, training_run):
    visit, _, _ = demo("zh", 1280)
    page = visit.page
    page.click("[data-action=sample]")
    inside = words("zh")["inside"]
    # Keyboard: Tab from the last button reaches the first layer, then the first convolution.
    page.locator("[data-action=sample]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.digit-demo__layer').dataset.layer") == "input"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.digit-demo__layer').dataset.layer") == "conv1"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    detail = page.locator(".digit-demo__detail")
    assert detail.evaluate("d => d.closest('.digit-demo__layer').dataset.layer") == "conv1"
    conv1_name = page.locator("#digit-demo-conv1").inner_text()
    assert detail.locator("p").first.inner_text().startswith(inside["map"].format(layer=conv1_name, i=3, n=32))
    assert detail.locator("p").first.get_attribute("aria-live") == "polite"
    manifest = json.loads(digit_demo.export(training_run("expanded_cnn"))["demo/model.json"])
    shipped = np.frombuffer(digit_demo.export(training_run("expanded_cnn"))["demo/weights.bin"], dtype="<f2")
    kernel = manifest["tensors"][0]
    assert kernel["shape"] == [3, 3, 1, 32]
    weights = shipped[kernel["offset"]:kernel["offset"] + kernel["length"]].reshape(3, 3, 1, 32)[:, :, 0, 3]
    shown = np.array([float(td) for td in detail.locator("td").all_inner_texts()])
    assert np.abs(shown - weights.ravel()).max() <= 0.0051  # shown with two decimals
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # visible focus
    # Pointer: a map of the second convolution shows its 3 x 3 x 32 kernel instead of nine numbers.
    canvas = page.locator(".digit-demo__layer[data-layer=conv2] canvas")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 2)  # the first map
    assert detail.evaluate("d => d.closest('.digit-demo__layer').dataset.layer") == "conv2"
    conv2_name = page.locator("#digit-demo-conv2").inner_text()
    described = inside["map"].format(layer=conv2_name, i=0, n=64) + " " + inside["kernel2"].split("{b}")[0].format(c=32)
    assert detail.locator("p").first.inner_text().startswith(described)
    assert detail.locator("table").is_hidden() and detail.locator("canvas").is_visible()
    assert visit.errors == []


def test_the_printed_page_shows_the_inside_view_of_the_first_test_digit(demo, training_run):
    visit, _, _ = demo("zh", 1280)
    page = visit.page
    printed = page.locator(".digit-demo__print-inside")
    assert printed.is_hidden()  # on screen: the live inside view only
    try:
        page.emulate_media(media="print")
        assert printed.is_visible() and page.locator(".digit-demo__inside").is_hidden()
        layers = printed.locator(".digit-demo__print-layer")
        assert layers.count() == len(digit_demo.INSIDE)
        assert all(img.evaluate("i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 50")
                   for img in printed.locator("img").all())
        label = int(np.load(VENDORED_MNIST)["y_test"][0])
        expected = words("zh")["inside"]["print"].format(label=label, pred=label)  # the model gets it right
        assert printed.locator("figcaption").inner_text() == expected
    finally:
        page.emulate_media(media="screen")


def words(lang: str) -> dict:
    return languages.get(lang).words["demo"]


# ---- over the tour: every view of the tutorial page, both languages ---------------------------

def test_the_inside_view_is_labelled_drawn_and_fits_in_every_view(tour):
    seen = [s for s in tour if s.path == "05-project/"]
    assert {(s.lang, s.scheme, s.width) for s in seen} == {(lang, *view) for lang in LANGS for view in VIEWS}
    for s in seen:
        demo = s.seen["digit_demo"]
        assert demo["state"] == "ready" and demo["prediction"] == "7" and demo["live"] == "polite", s.where
        assert [layer["key"] for layer in demo["layers"]] == digit_demo.INSIDE, s.where
        for layer in demo["layers"]:
            assert layer["label"] and layer["drawn"], (s.where, layer)
            assert layer["focusable"] in (True, None) and (layer["canvasLabel"] or "").startswith(layer["label"]) \
                or layer["key"] == "dense", (s.where, layer)
            assert layer["right"] <= 1, (s.where, layer)  # inside the column
        assert demo["dropoutNote"], s.where
        assert demo["overflow"] <= 0 and demo["pageOverflow"] <= 0, s.where
        assert min(demo["markContrast"].values()) >= 3, (s.where, demo["markContrast"])
