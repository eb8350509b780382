"""TensorBoard: write metrics, weight histograms and the model config as TensorBoard events."""

import os
import time
import warnings

import torch

from .. import config, registry
from .callback import Callback

_INSTALL_HINT = (
    "The TensorBoard callback needs the `tensorboard` package. Install it with "
    "`pip install tensorboard` (or `pip install lamina[tensorboard]`)."
)


class TensorBoard(Callback):
    """Logs events that `tensorboard --logdir=<log_dir>` shows, with Keras's tags.

    Epoch metrics go to `log_dir/train` as `epoch_<name>` (with `epoch_learning_rate`)
    and the `val_*` ones to `log_dir/validation` as `epoch_<name>`, at step `epoch`.
    After each evaluation, `evaluation_<name>_vs_iterations` goes to `validation` at step
    `optimizer.iterations`. With an integer `update_freq`, the running batch metrics go
    to `train` as `batch_<name>` every that many batches (step: the batch count since the
    start of `fit`, from 1). Files are written with `torch.utils.tensorboard`.

    What differs from Keras, because there is no TensorFlow here: `write_graph` writes the
    model's JSON config (Keras's conceptual graph, for Sequential and functional models;
    Keras's torch backend writes the same and no op graph); `profile_batch` must be 0, as
    on Keras's torch backend (use `torch.profiler` to profile); `write_images` writes each
    weight as one image grid, not Keras's first 3 images; and `embeddings_freq` writes
    each `Embedding` matrix in the projector's own format with `add_embedding`
    (`train/<step>/<layer name>/`), which TensorBoard can display, instead of a
    `.weights.h5` file it cannot read.

    Args:
        log_dir: Folder for the event files; no other callback should use it.
        histogram_freq: Write weight histograms every this many epochs (0: never).
        write_graph: Write the model's config for TensorBoard's graph view.
        write_images: Also write the weights as images (with the histograms).
        write_steps_per_second: Log training steps per second (`epoch_steps_per_second`,
            and `batch_steps_per_second` with an integer `update_freq`).
        update_freq: `"epoch"`, `"batch"` (every batch) or an int number of batches.
        profile_batch: Must be 0 (profiling is not available; see above).
        embeddings_freq: Write `Embedding` matrices every this many epochs (0: never).
        embeddings_metadata: A label file (one label per line, or tab-separated columns
            under a header line) for every `Embedding` layer, or a dict from layer name
            to file.

    Example:

    >>> TensorBoard(log_dir="logs", update_freq="batch").update_freq
    1
    """

    main_process_only = True  # under torchrun, only rank 0 writes the event files

    def __init__(
        self,
        log_dir="logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq: int = 0,
        embeddings_metadata=None,
    ) -> None:
        super().__init__()
        for name, value in (("histogram_freq", histogram_freq), ("embeddings_freq", embeddings_freq)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"TensorBoard needs `{name}` to be an int >= 0. Received: {name}={value!r}")
        update_freq = 1 if update_freq == "batch" else update_freq
        if update_freq != "epoch" and (
            isinstance(update_freq, bool) or not isinstance(update_freq, int) or update_freq < 1
        ):
            raise ValueError(
                "TensorBoard needs `update_freq` to be 'epoch', 'batch' or a positive int "
                f"(a number of batches). Received: update_freq={update_freq!r}"
            )
        if profile_batch:
            raise ValueError(
                "Profiling is not available in Lamina (as with Keras's torch backend). Profile "
                "with `torch.profiler` and `torch.profiler.tensorboard_trace_handler(log_dir)` "
                f"instead. Received: profile_batch={profile_batch!r} (must be 0)"
            )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers = {}  # created on first use, so no empty event files appear
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0.0
        self._epoch_start_time = 0.0
        self._batch_start_time = 0.0
        self._embedding_labels = {}
        self._in_fit = False

    def set_model(self, model):
        super().set_model(model)
        self._close_writers()
        self._in_fit = False
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        if self.write_graph:
            self._write_keras_model_summary()
        if self.embeddings_freq:
            self._embedding_labels = self._read_embeddings_metadata()

    # ----------------------------------------------------------------- hooks
    def on_train_begin(self, logs=None):
        self._in_fit = True
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0.0

    def on_train_end(self, logs=None):
        self._in_fit = False
        self._close_writers()

    def on_predict_end(self, logs=None):
        self._close_writers()  # the model config written by `set_model`

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = float(self.model.optimizer.iterations)
            self._epoch_start_time = time.time()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        # Keras records batch summaries only through the writer it pushes for an integer
        # `update_freq`, and only on steps that are a multiple of it.
        step = self._global_train_batch
        if self.update_freq == "epoch" or step % self.update_freq:
            return
        writer = self._writer("train")
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._batch_start_time, 1e-12)
            writer.add_scalar("batch_steps_per_second", 1.0 / elapsed, step)
        for name, value in _scalars(logs).items():
            writer.add_scalar(f"batch_{name}", value, step)

    def on_test_end(self, logs=None):
        optimizer = self.model.optimizer
        if optimizer is not None and hasattr(optimizer, "iterations"):
            writer = self._writer("val")
            step = int(optimizer.iterations)
            for name, value in _scalars(logs).items():
                writer.add_scalar(f"evaluation_{name}_vs_iterations", value, step)
            writer.flush()
        if not self._in_fit:
            self._close_writers()  # `evaluate` alone: no `on_train_end` will close the files

    def on_epoch_end(self, epoch, logs=None):
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(epoch)

    # ----------------------------------------------------------------- writing
    def _writer(self, which: str):
        if which not in self._writers:
            summary_writer = _summary_writer_class()
            folder = self._train_dir if which == "train" else self._val_dir
            self._writers[which] = summary_writer(log_dir=folder)
        return self._writers[which]

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train_logs = {k: v for k, v in _scalars(logs).items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in _scalars(logs).items() if k.startswith("val_")}
        train_logs.update(_learning_rates(self.model.optimizer))
        if self.write_steps_per_second:
            iterations = float(self.model.optimizer.iterations) - self._previous_epoch_iterations
            train_logs["steps_per_second"] = iterations / max(time.time() - self._epoch_start_time, 1e-12)
        for which, values in (("train", train_logs), ("val", val_logs)):
            if values:
                writer = self._writer(which)
                for name, value in values.items():
                    writer.add_scalar(f"epoch_{name}", value, epoch)
                writer.flush()

    def _log_weights(self, epoch):
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.path.replace(":", "_")
                values = weight.detach().float().cpu()
                writer.add_histogram(f"{name}/histogram", values.numpy(), epoch)
                if self.write_images:
                    image = _weight_image(values)
                    if image is not None:
                        writer.add_images(f"{name}/image", image, epoch, dataformats="NHWC")
        writer.flush()

    def _write_keras_model_summary(self):
        """The model's JSON config under tag `keras`, as Keras's `keras_model_summary`."""
        if type(self.model).__name__ not in ("Functional", "Sequential"):
            return
        try:
            json_string = self.model.to_json()
        except Exception as error:  # noqa: BLE001 - as Keras: never break training for this
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {error}", stacklevel=2)
            return
        from tensorboard.compat.proto.summary_pb2 import Summary, SummaryMetadata
        from tensorboard.compat.proto.tensor_pb2 import TensorProto
        from tensorboard.compat.proto.tensor_shape_pb2 import TensorShapeProto
        from tensorboard.compat.proto.types_pb2 import DT_STRING

        writer = self._writer("train")  # raises the install hint first when tensorboard is missing
        metadata = SummaryMetadata(
            plugin_data=SummaryMetadata.PluginData(plugin_name="graph_keras_model", content=b"1")
        )
        tensor = TensorProto(dtype=DT_STRING, tensor_shape=TensorShapeProto(), string_val=[json_string.encode()])
        summary = Summary(value=[Summary.Value(tag="keras", metadata=metadata, tensor=tensor)])
        writer._get_file_writer().add_summary(summary, 0)
        writer.flush()

    def _embedding_layers(self):
        from ..layers import Embedding

        return [layer for layer in self.model.layers if isinstance(layer, Embedding)]

    def _read_embeddings_metadata(self):
        """`{layer name: (labels, header)}` from `embeddings_metadata`; unknown names fail."""
        layers = self._embedding_layers()
        spec = self.embeddings_metadata
        if spec is None:
            return {}
        if isinstance(spec, (str, os.PathLike)):
            files = {layer.name: spec for layer in layers}
        else:
            unknown = set(spec) - {layer.name for layer in layers}
            if unknown:
                raise ValueError(
                    "Unrecognized `Embedding` layer names passed to `keras.callbacks.TensorBoard` "
                    f"`embeddings_metadata` argument: {sorted(unknown)}. The model's Embedding "
                    f"layers are {[layer.name for layer in layers]}."
                )
            files = dict(spec)
        return {name: _read_labels(path) for name, path in files.items()}

    def _log_embeddings(self, epoch):
        writer = self._writer("train")
        for layer in self._embedding_layers():
            matrix = layer.embeddings.detach().float().cpu()
            labels, header = self._embedding_labels.get(layer.name, (None, None))
            if labels is not None and len(labels) != matrix.shape[0]:
                raise ValueError(
                    f"TensorBoard `embeddings_metadata` for layer '{layer.name}' has "
                    f"{len(labels)} labels, but the layer has {matrix.shape[0]} embeddings "
                    "(one label per row is needed)."
                )
            writer.add_embedding(matrix, metadata=labels, global_step=epoch, tag=layer.name,
                                 metadata_header=header)
        writer.flush()


def _summary_writer_class():
    try:
        import tensorboard  # noqa: F401 - torch's import error would not name the package
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as error:
        raise ImportError(_INSTALL_HINT) from error
    return SummaryWriter


def _scalars(logs) -> dict:
    """The entries of `logs` that are numbers (what a scalar summary can hold)."""
    return {k: float(v) for k, v in (logs or {}).items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


def _learning_rates(optimizer) -> dict:
    """`learning_rate` (or `learning_rate_<name>` per sub-optimizer), as Keras collects them."""
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # LossScaleOptimizer
    inner = getattr(optimizer, "optimizers", None)  # MultiOptimizer
    if inner is not None:
        return {f"learning_rate_{opt.name}": float(opt.learning_rate) for opt in inner}
    if optimizer is not None and hasattr(optimizer, "learning_rate"):
        return {"learning_rate": float(optimizer.learning_rate)}
    return {}


def _weight_image(weight: torch.Tensor):
    """The weight as an NHWC batch of grey images, Keras's way; `None` if it has none."""
    image = weight.squeeze()
    if image.ndim == 1:  # a bias: one row
        image = image.reshape(1, image.shape[0], 1, 1)
    elif image.ndim == 2:  # a dense kernel, laid out wide
        if image.shape[0] > image.shape[1]:
            image = image.T
        image = image.reshape(1, image.shape[0], image.shape[1], 1)
    elif image.ndim == 3:  # a 1-d conv kernel: one image per output channel
        if config.image_data_format() == "channels_last":
            image = image.permute(2, 0, 1)
        image = image.reshape(image.shape[0], image.shape[1], image.shape[2], 1)
    if image.ndim == 4 and image.shape[-1] in (1, 3, 4):
        return image.numpy()
    return None


def _read_labels(path):
    """`(labels, header)` from a projector metadata file: one label per line, or
    tab-separated columns under a header line."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if any("\t" in line for line in lines):
        return [line.split("\t") for line in lines[1:]], lines[0].split("\t")
    return lines, None


registry.register_builtin("callbacks", TensorBoard)
