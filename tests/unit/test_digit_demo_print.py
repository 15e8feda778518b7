"""The printed inside view's pictures (sitebuild/reader/digit_demo.py): each layer's maps in a
grid, darker is larger on one scale per layer, in hand-written greyscale PNGs."""
import io

import numpy as np
from PIL import Image

from sitebuild.reader.digit_demo import PRINT_GAP_GREY, _grey_png, layer_grid


def decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def test_a_layer_grid_puts_each_map_in_its_cell_darker_for_larger_values():
    h, w, c = 2, 3, 5
    values = np.zeros((h, w, c), np.float32)
    values[1, 2, 4] = 8.0  # the largest value: map 4, bottom right
    values[0, 0, 1] = 2.0  # a quarter of it: map 1, top left
    grid, top = layer_grid({"h": h, "w": w, "c": c, "values": values.ravel().tolist()}, columns=3, gap=1)
    assert top == 8.0 and grid.shape == (2 * h + 1, 3 * w + 2)
    assert grid[h + 1 + 1, (w + 1) + 2] == 0       # map 4 is in row 1, column 1: black
    assert grid[0, w + 1] == round(255 * 3 / 4)  # map 1 is in row 0, column 1
    assert grid[h, 0] == PRINT_GAP_GREY and grid[0, w] == PRINT_GAP_GREY  # the lines between maps
    assert (grid[h + 1:, 2 * (w + 1):] == PRINT_GAP_GREY).all()  # no map 5: the empty cell stays grey


def test_greyscale_pngs_decode_to_their_pixels_in_8_and_4_bits():
    pixels = np.arange(0, 255, 3, dtype=np.uint8).reshape(5, 17)  # an odd width: 4 bits pad each row
    assert (decoded(_grey_png(pixels)) == pixels).all()
    sixteen = np.round(pixels / 17).astype(np.uint8) * 17  # the nearest of 16 greys
    assert (decoded(_grey_png(pixels, bits=4)) == sixteen).all()
