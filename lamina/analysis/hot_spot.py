"""The Flatten -> Dense hot spot: one layer holding most of a model's parameters.

Flattening a `(rows, cols, channels)` feature map gives `rows * cols * channels`
features, and a Dense on them needs that many weights per unit. Global average pooling
keeps only `channels` features, so the same Dense shrinks by a factor `rows * cols`. The
same holds for the `(steps, channels)` maps of Conv1D and Embedding (priced against
GlobalAveragePooling1D) and the volumes of Conv3D (GlobalAveragePooling3D).
"""

import textwrap
from dataclasses import dataclass

from ..layers.core.dense import Dense
from ..layers.reshaping.flatten import Flatten
from ..layers.symbolic import Node
from ..shapes import Shape

# Layers that hand their input on with the same features, so `Flatten -> Dropout -> Dense`
# is still a Dense fed by Flatten.
PASS_THROUGH = frozenset({"Dropout", "Activation", "Identity", "GaussianNoise"})


@dataclass(frozen=True)
class HotSpot:
    """A Dense fed by Flatten that holds more than half of the model's parameters.

    Attributes:
        dense, flatten: the two layers' names.
        params: the Dense layer's parameters; `model_params` the model's.
        features: the Dense input size (Flatten's output); `units` its output size.
        use_bias: whether the Dense has a bias (`units` more parameters).
        feature_map: Flatten's input shape, batch axis included.
        gap_features: what global average pooling would give instead (the channel
            count), or `None` when Flatten's input is not a 1-, 2- or 3-D feature map.
    """

    dense: str
    flatten: str
    params: int
    model_params: int
    features: int
    units: int
    use_bias: bool
    feature_map: Shape
    gap_features: int | None

    @property
    def share(self) -> float:
        return self.params / self.model_params

    @property
    def gap_layer(self) -> str | None:
        """The global average pooling layer that fits Flatten's input."""
        rank = len(self.feature_map) - 2
        return f"GlobalAveragePooling{rank}D" if self.gap_features is not None else None

    @property
    def gap_params(self) -> int | None:
        """The same Dense on global average pooling's output (computed, not estimated)."""
        if self.gap_features is None:
            return None
        return self.gap_features * self.units + (self.units if self.use_bias else 0)

    @property
    def model_params_with_gap(self) -> int | None:
        """The model's total with Flatten replaced by global average pooling (no weights)."""
        gap = self.gap_params
        return None if gap is None else self.model_params - self.params + gap

    def note(self, width: int = 88) -> str:
        """The paragraph `summary()` prints under the table."""
        bias = f" + {self.units:,} biases" if self.use_bias else ""
        text = (
            f"Hot spot: Dense '{self.dense}' after Flatten holds {self.params:,} of the model's "
            f"{self.model_params:,} parameters ({self.share:.1%}): {self.features:,} features x "
            f"{self.units:,} units{bias}. "
        )
        sample_shape = tuple(self.feature_map[1:])
        if self.gap_features is None:
            text += (
                f"Flatten's input {sample_shape} is not a 1-, 2- or 3-D feature map; pooling or a "
                "smaller Dense would shrink it."
            )
        else:
            bias = f" + {self.units:,}" if self.use_bias else ""
            text += (
                f"Flatten turns the {sample_shape} feature map into {self.features:,} features; "
                f"{self.gap_layer} would average it to {self.gap_features:,} instead, and the "
                f"same Dense would need {self.gap_features:,} x {self.units:,}{bias} = "
                f"{self.gap_params:,} parameters ({self.params:,} → {self.gap_params:,}; model total "
                f"{self.model_params:,} → {self.model_params_with_gap:,}). With little data, fewer "
                "parameters leave less room to overfit."
            )
        return textwrap.fill(text, width=width, initial_indent=" ", subsequent_indent=" ")


def find_hot_spot(nodes: list[Node], model_params: int) -> HotSpot | None:
    """The hot spot among the model's `nodes`, if a Dense fed by Flatten holds over half."""
    for node in nodes:
        dense = node.layer
        if not isinstance(dense, Dense) or not dense.built or 2 * dense.count_params() <= model_params:
            continue
        source = node.input_tensors[0]
        while type(source.node.layer).__name__ in PASS_THROUGH:
            source = source.node.input_tensors[0]
        flatten_node = source.node
        if not isinstance(flatten_node.layer, Flatten):
            return None  # only one layer can hold more than half
        feature_map = tuple(flatten_node.input_tensors[0].shape)
        return HotSpot(
            dense=dense.name,
            flatten=flatten_node.layer.name,
            params=dense.count_params(),
            model_params=model_params,
            features=int(dense.kernel.shape[0]),
            units=dense.units,
            use_bias=dense.use_bias,
            feature_map=feature_map,
            gap_features=_channels(feature_map, flatten_node.layer.data_format, flatten_node),
        )
    return None


def _channels(shape: Shape, data_format: str, flatten_node: Node) -> int | None:
    """The channel count of a batched 1-, 2- or 3-D feature map (Flatten's input). A rank-3
    model input (a grayscale image, a table of rows) is raw data, not a map of channels."""
    if len(shape) not in (3, 4, 5):
        return None
    source = flatten_node.input_tensors[0].node
    if len(shape) == 3 and (source is None or type(source.layer).__name__ == "InputLayer"):
        return None
    return shape[-1] if data_format == "channels_last" else shape[1]
