"""The first draft's experiment (§5 of the draft): a 3-conv-layer CNN trained
with Adam for 5 epochs on integer MNIST labels; the draft reports 97.8 %.

Run it:  python -m snippets.first_draft_cnn

Between the `--8<--` markers is what the appendix page shows. As on the
tutorial page, the seed section and `verbose=2` in `fit` are the site's
additions (same numbers on every run; one log line per epoch).
"""

# --8<-- [start:data]
import numpy as np
import tensorflow as tf

# 加载数据集
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()

# 数据标准化
x_train = x_train / 255.0
x_test = x_test / 255.0

# 增加通道维度
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
# --8<-- [end:data]

# --8<-- [start:seed]
tf.keras.utils.set_random_seed(42)
tf.config.experimental.enable_op_determinism()
# --8<-- [end:seed]

# --8<-- [start:model]
from tensorflow.keras import layers, models

# 构建卷积神经网络
model = models.Sequential([
    layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(64, (3, 3), activation='relu'),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(64, (3, 3), activation='relu'),
    layers.Flatten(),
    layers.Dense(64, activation='relu'),
    layers.Dense(10, activation='softmax')
])
# --8<-- [end:model]

# --8<-- [start:train]
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.fit(x_train, y_train, epochs=5, batch_size=64, validation_split=0.1, verbose=2)
# --8<-- [end:train]

# --8<-- [start:evaluate]
test_loss, test_acc = model.evaluate(x_test, y_test, verbose=2)
print('\nTest accuracy:', test_acc)
# --8<-- [end:evaluate]
