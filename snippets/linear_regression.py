"""§4.5 of the article, run: fit y = β0 + β1·x by gradient descent on the MSE.

Run it:  python -m snippets.linear_regression

The article gives the formulas but no code; this module implements them as
written (loss, the two gradients, the update rule) with NumPy, on synthetic
data whose true parameters are β0 = 2, β1 = 3, and compares the result with
the least-squares solution.
"""

# --8<-- [start:data]
import numpy as np

rng = np.random.default_rng(0)
n = 200
x = rng.uniform(-1.0, 1.0, size=n)
y = 2.0 + 3.0 * x + rng.normal(0.0, 0.5, size=n)   # true β0 = 2, β1 = 3, plus noise
# --8<-- [end:data]


# --8<-- [start:gradients]
def mse(beta0, beta1, x, y):
    """J(β0, β1) = 1/n Σ (y_i − (β0 + β1·x_i))²"""
    return np.mean((y - (beta0 + beta1 * x)) ** 2)


def gradients(beta0, beta1, x, y):
    """∇β0 J = −2/n Σ r_i,   ∇β1 J = −2/n Σ r_i·x_i,   with r_i = y_i − (β0 + β1·x_i)"""
    residual = y - (beta0 + beta1 * x)
    return -2.0 * np.mean(residual), -2.0 * np.mean(residual * x)
# --8<-- [end:gradients]


# --8<-- [start:descent]
alpha = 0.1                      # learning rate α
beta0, beta1 = 0.0, 0.0          # start from zero
losses = []
for t in range(500):
    losses.append(mse(beta0, beta1, x, y))
    g0, g1 = gradients(beta0, beta1, x, y)
    beta0, beta1 = beta0 - alpha * g0, beta1 - alpha * g1
# --8<-- [end:descent]

# --8<-- [start:result]
X = np.column_stack([np.ones(n), x])
beta_least_squares = np.linalg.lstsq(X, y, rcond=None)[0]   # the exact minimiser
beta = np.array([beta0, beta1])
print(f"gradient descent : beta0 = {beta0:.4f}, beta1 = {beta1:.4f}")
print(f"least squares    : beta0 = {beta_least_squares[0]:.4f}, beta1 = {beta_least_squares[1]:.4f}")
print("true values      : beta0 = 2.0000, beta1 = 3.0000")
print(f"MSE: start {losses[0]:.4f}, after {len(losses)} steps {mse(beta0, beta1, x, y):.4f}")
print("largest difference from least squares:", f"{np.abs(beta - beta_least_squares).max():.2e}")
# --8<-- [end:result]
