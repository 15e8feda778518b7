"""The formulas of §3.3 and §4, checked against TensorFlow/Keras where code can check them."""
import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")


def test_mse_formula_matches_keras():
    rng = np.random.default_rng(1)
    y, y_hat = rng.normal(size=50), rng.normal(size=50)
    mse = np.mean((y - y_hat) ** 2)                       # MSE = 1/n Σ (y_i − ŷ_i)²
    assert mse == pytest.approx(float(tf.keras.losses.MeanSquaredError()(y, y_hat)), rel=1e-6)


def test_cross_entropy_formula_matches_keras_for_one_hot_labels():
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(8, 10))
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.eye(10)[rng.integers(0, 10, size=8)]
    per_sample = -(y * np.log(p)).sum(axis=1)             # −Σ_c y_c log ŷ_c, one sample
    keras_value = float(tf.keras.losses.CategoricalCrossentropy()(y, p))
    assert per_sample.mean() == pytest.approx(keras_value, rel=1e-5)


def test_matrix_product_formula():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 5))
    c = np.array([[sum(a[i, k] * b[k, j] for k in range(4)) for j in range(5)] for i in range(3)])
    np.testing.assert_allclose(c, tf.linalg.matmul(a, b).numpy(), rtol=1e-12)
    v = rng.normal(size=4)
    np.testing.assert_allclose([sum(a[i, j] * v[j] for j in range(4)) for i in range(3)], a @ v)


def test_sgd_step_matches_keras_sgd():
    w0, grad, alpha = np.array([1.0, -2.0, 0.5]), np.array([0.3, -0.1, 2.0]), 0.1
    w = tf.Variable(w0)
    tf.keras.optimizers.SGD(learning_rate=alpha).apply_gradients([(tf.constant(grad), w)])
    np.testing.assert_allclose(w.numpy(), w0 - alpha * grad)   # w_{t+1} = w_t − α ∇L(w_t)


def corrected_adam(w, grads, alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
    """The erratum's Adam (Kingma & Ba), with ε placed as Keras places it."""
    m = v = np.zeros_like(w)
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        alpha_t = alpha * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        w = w - alpha_t * m / (np.sqrt(v) + eps)   # = α m̂_t / (√v̂_t + ε√(1−β2^t))
    return w


def test_corrected_adam_rule_matches_keras_adam_over_several_steps():
    rng = np.random.default_rng(4)
    w0 = rng.normal(size=6)
    grads = [rng.normal(size=6) for _ in range(20)]
    w = tf.Variable(w0)
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.001)
    for g in grads:
        optimizer.apply_gradients([(tf.constant(g), w)])
    # Tolerance: 1e-7 is 0.5 % of one step (α = 1e-3); dropping the bias correction is off by ~1e-3.
    np.testing.assert_allclose(corrected_adam(w0, grads), w.numpy(), rtol=0, atol=1e-7)


def test_the_articles_adam_formula_is_not_adam():
    """Guard for the erratum: the source's rule gives a different update than Keras' Adam."""
    rng = np.random.default_rng(5)
    w0, grads = rng.normal(size=6), [rng.normal(size=6) for _ in range(3)]
    alpha, b1, b2, t = 0.001, 0.9, 0.999, 3
    article = w0 - alpha * (grads[2] + (1 / b1) * (1 - b1) ** t * grads[1] + (1 / b2) * (1 - b2) ** t * grads[0])
    assert not np.allclose(article, corrected_adam(w0, grads), rtol=1e-3)
