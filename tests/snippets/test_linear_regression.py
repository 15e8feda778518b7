"""snippets/linear_regression.py: the §4.5 gradients are right and gradient descent finds least squares."""
import runpy

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def example():
    return runpy.run_module("snippets.linear_regression", run_name="__main__")


def test_gradient_formulas_match_gradient_tape(example):
    x, y, gradients = example["x"], example["y"], example["gradients"]
    for b0, b1 in [(0.0, 0.0), (1.5, -2.0), (3.0, 4.0)]:
        beta = tf.Variable([b0, b1], dtype=tf.float64)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((y - (beta[0] + beta[1] * x)) ** 2)
        np.testing.assert_allclose(gradients(b0, b1, x, y), tape.gradient(loss, beta).numpy(),
                                   rtol=1e-10)


def test_gradient_descent_converges_to_the_least_squares_solution(example):
    np.testing.assert_allclose(example["beta"], example["beta_least_squares"], atol=1e-6)
    assert example["losses"][-1] < example["losses"][0] / 10


def test_fitted_parameters_are_near_the_true_ones(example):
    np.testing.assert_allclose(example["beta"], [2.0, 3.0], atol=0.15)
