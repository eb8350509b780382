"""Small programs in the style of Keras 3's guides ("Training & evaluation with the built-in
methods", "Customizing what happens in fit() with PyTorch", "Writing a training loop from
scratch in PyTorch"), run on Lamina and on Keras 3 from the same initial weights."""

import numpy as np
import torch

import lamina


def data(n=16, seed=0, classes=3):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 4)).astype("float32")
    return x, rng.integers(0, classes, (n,)).astype("int64")


def classifier(lib):
    inputs = lib.Input((4,))
    return lib.Model(inputs, lib.layers.Dense(3, activation="softmax")(lib.layers.Dense(5, activation="relu")(inputs)))


def true_positives_metric(lib):
    """The guide's `CategoricalTruePositives`: state through `add_variable` and `assign_add`."""
    ops = lib.ops

    class CategoricalTruePositives(lib.metrics.Metric):
        def __init__(self, name="categorical_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_pred = ops.reshape(ops.argmax(y_pred, axis=1), (-1, 1))
            values = ops.cast(ops.reshape(y_true, (-1, 1)), "int32") == ops.cast(y_pred, "int32")
            self.true_positives.assign_add(ops.sum(ops.cast(values, "float32")))

        def result(self):
            return self.true_positives.value

        def reset_state(self):
            self.true_positives.assign(0.0)

    return CategoricalTruePositives


def custom_loss(lib):
    """The guide's `CustomMSE`: a `Loss` subclass with its own config."""
    ops = lib.ops

    class CustomMSE(lib.losses.Loss):
        def __init__(self, regularization_factor=0.1, name="custom_mse"):
            super().__init__(name=name)
            self.regularization_factor = regularization_factor

        def call(self, y_true, y_pred):
            y_true = ops.one_hot(ops.cast(y_true, "int32"), 3)
            mse = ops.mean(ops.square(y_true - y_pred), axis=-1)
            reg = ops.mean(ops.square(0.5 - y_pred), axis=-1)
            return mse + reg * self.regularization_factor

        def get_config(self):
            return {"regularization_factor": self.regularization_factor, "name": self.name}

    return CustomMSE


def test_metric_and_loss_subclasses_train_like_keras(keras):
    x, y = data()
    histories, weights = [], []
    reference = classifier(keras).get_weights()
    for lib in (keras, lamina):
        model = classifier(lib)
        model.set_weights(reference)
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss=custom_loss(lib)(),
                      metrics=[true_positives_metric(lib)()])
        histories.append(model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history)
        weights.append(model.get_weights())
    assert set(histories[1]) == set(histories[0])
    for key in histories[0]:
        np.testing.assert_allclose(histories[1][key], histories[0][key], rtol=1e-5, atol=1e-6)
    for ours, theirs in zip(weights[1], weights[0]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_metric_variable_behaves_as_a_keras_variable():
    metric = true_positives_metric(lamina)()
    variable = metric.true_positives
    metric.update_state(np.array([0, 1, 2]), np.eye(3, dtype="float32"))
    assert float(metric.result()) == 3.0 and variable.numpy() == 3.0
    assert variable.dtype == "float32" and variable.shape == ()
    metric.reset_state()
    assert float(metric.result()) == 0.0


def gan_like(lib):
    """Two sub-models and two optimizers updated in one custom `train_step` (the DCGAN
    guide's shape), fed by a torch DataLoader that yields inputs only."""

    class TwoPlayer(lib.Model):
        def __init__(self, generator, critic):
            super().__init__()
            self.generator, self.critic = generator, critic
            self.g_loss = lib.metrics.Mean(name="g_loss")
            self.c_loss = lib.metrics.Mean(name="c_loss")

        def compile(self, g_optimizer, c_optimizer):
            super().compile()
            self.g_optimizer, self.c_optimizer = g_optimizer, c_optimizer

        @property
        def metrics(self):
            return [self.g_loss, self.c_loss]

        def call(self, real):
            return self.critic(self.generator(real[:, :2] * 0.5))

        def train_step(self, real):
            noise = real[:, :2] * 0.5
            # Critic step: real high, fake low.
            self.zero_grad()
            fake = self.generator(noise)
            c_loss = torch.mean(self.critic(fake.detach())) - torch.mean(self.critic(real))
            c_loss.backward()
            grads = [v.value.grad for v in self.critic.trainable_weights]
            with torch.no_grad():
                self.c_optimizer.apply(grads, self.critic.trainable_weights)
            # Generator step: fool the critic.
            self.zero_grad()
            g_loss = -torch.mean(self.critic(self.generator(noise)))
            g_loss.backward()
            grads = [v.value.grad for v in self.generator.trainable_weights]
            with torch.no_grad():
                self.g_optimizer.apply(grads, self.generator.trainable_weights)
            self.g_loss.update_state(g_loss)
            self.c_loss.update_state(c_loss)
            return {m.name: m.result() for m in self.metrics}

    generator = lib.Sequential([lib.Input((2,)), lib.layers.Dense(4)])
    critic = lib.Sequential([lib.Input((4,)), lib.layers.Dense(1)])
    return TwoPlayer(generator, critic)


def test_gan_like_custom_train_step_on_a_dataloader_matches_keras(keras):
    x, _ = data(12)
    loader = torch.utils.data.DataLoader(torch.from_numpy(x), batch_size=4, shuffle=False)
    histories, weights = [], []
    reference = None
    for lib in (keras, lamina):
        model = gan_like(lib)
        if reference is None:
            reference = model.generator.get_weights(), model.critic.get_weights()
        model.generator.set_weights(reference[0])
        model.critic.set_weights(reference[1])
        model.compile(lib.optimizers.Adam(1e-2), lib.optimizers.SGD(1e-2))
        histories.append(model.fit(loader, epochs=2, shuffle=False, verbose=0).history)
        weights.append(model.generator.get_weights() + model.critic.get_weights())
    for key in ("g_loss", "c_loss"):
        np.testing.assert_allclose(histories[1][key], histories[0][key], rtol=1e-5, atol=1e-6)
    for ours, theirs in zip(weights[1], weights[0]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_torch_optimizer_loop_over_model_parameters_matches_a_keras_loop(keras):
    """"Writing a training loop from scratch in PyTorch": a torch optimizer over
    `model.parameters()` and `keras.losses` on the outputs."""
    x, y = data()
    reference = classifier(keras).get_weights()
    results = []
    for lib in (keras, lamina):
        model = classifier(lib)
        model.set_weights(reference)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = lib.losses.SparseCategoricalCrossentropy()
        for start in range(0, 16, 4):
            xb, yb = torch.from_numpy(x[start:start + 4]), torch.from_numpy(y[start:start + 4])
            loss = loss_fn(yb, model(xb, training=True))
            model.zero_grad()
            loss.backward()
            optimizer.step()
        results.append(model.get_weights())
    for ours, theirs in zip(results[1], results[0]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
