"""Lamina's layers, by their Keras names."""

from .activations.elu import ELU as ELU
from .activations.leaky_relu import LeakyReLU as LeakyReLU
from .activations.prelu import PReLU as PReLU
from .activations.relu import ReLU as ReLU
from .activations.softmax import Softmax as Softmax
from .attention.additive_attention import AdditiveAttention as AdditiveAttention
from .attention.attention import Attention as Attention
from .attention.grouped_query_attention import GroupedQueryAttention as GroupedQueryAttention
from .attention.grouped_query_attention import GroupQueryAttention as GroupQueryAttention
from .attention.multi_head_attention import MultiHeadAttention as MultiHeadAttention
from .convolutional.conv1d import Conv1D as Conv1D
from .convolutional.conv1d import Convolution1D as Convolution1D
from .convolutional.conv1d_transpose import Conv1DTranspose as Conv1DTranspose
from .convolutional.conv1d_transpose import Convolution1DTranspose as Convolution1DTranspose
from .convolutional.conv2d import Conv2D as Conv2D
from .convolutional.conv2d import Convolution2D as Convolution2D
from .convolutional.conv2d_transpose import Conv2DTranspose as Conv2DTranspose
from .convolutional.conv2d_transpose import Convolution2DTranspose as Convolution2DTranspose
from .convolutional.conv3d import Conv3D as Conv3D
from .convolutional.conv3d import Convolution3D as Convolution3D
from .convolutional.conv3d_transpose import Conv3DTranspose as Conv3DTranspose
from .convolutional.conv3d_transpose import Convolution3DTranspose as Convolution3DTranspose
from .convolutional.depthwise_conv1d import DepthwiseConv1D as DepthwiseConv1D
from .convolutional.depthwise_conv2d import DepthwiseConv2D as DepthwiseConv2D
from .convolutional.separable_conv1d import SeparableConv1D as SeparableConv1D
from .convolutional.separable_conv1d import SeparableConvolution1D as SeparableConvolution1D
from .convolutional.separable_conv2d import SeparableConv2D as SeparableConv2D
from .convolutional.separable_conv2d import SeparableConvolution2D as SeparableConvolution2D
from .core.activation import Activation as Activation
from .core.dense import Dense as Dense
from .core.einsum_dense import EinsumDense as EinsumDense
from .core.embedding import Embedding as Embedding
from .core.identity import Identity as Identity
from .core.lambda_layer import Lambda as Lambda
from .core.masking import Masking as Masking
from .core.reversible_embedding import ReversibleEmbedding as ReversibleEmbedding
from .core.time_distributed import TimeDistributed as TimeDistributed
from .core.torch_module_wrapper import TorchModuleWrapper as TorchModuleWrapper
from .core.wrapper import Wrapper as Wrapper
from .input_layer import Input as Input
from .input_layer import InputLayer as InputLayer
from .input_spec import InputSpec as InputSpec
from .layer import Layer as Layer
from .merging.add import Add as Add
from .merging.add import add as add
from .merging.average import Average as Average
from .merging.average import average as average
from .merging.concatenate import Concatenate as Concatenate
from .merging.concatenate import concatenate as concatenate
from .merging.dot import Dot as Dot
from .merging.dot import dot as dot
from .merging.maximum import Maximum as Maximum
from .merging.maximum import maximum as maximum
from .merging.minimum import Minimum as Minimum
from .merging.minimum import minimum as minimum
from .merging.multiply import Multiply as Multiply
from .merging.multiply import multiply as multiply
from .merging.subtract import Subtract as Subtract
from .merging.subtract import subtract as subtract
from .normalization.batch_normalization import BatchNormalization as BatchNormalization
from .normalization.group_normalization import GroupNormalization as GroupNormalization
from .normalization.layer_normalization import LayerNormalization as LayerNormalization
from .normalization.rms_normalization import RMSNormalization as RMSNormalization
from .normalization.spectral_normalization import SpectralNormalization as SpectralNormalization
from .normalization.unit_normalization import UnitNormalization as UnitNormalization
from .pooling.adaptive_average_pooling1d import AdaptiveAveragePooling1D as AdaptiveAveragePooling1D
from .pooling.adaptive_average_pooling2d import AdaptiveAveragePooling2D as AdaptiveAveragePooling2D
from .pooling.adaptive_average_pooling3d import AdaptiveAveragePooling3D as AdaptiveAveragePooling3D
from .pooling.adaptive_max_pooling1d import AdaptiveMaxPooling1D as AdaptiveMaxPooling1D
from .pooling.adaptive_max_pooling2d import AdaptiveMaxPooling2D as AdaptiveMaxPooling2D
from .pooling.adaptive_max_pooling3d import AdaptiveMaxPooling3D as AdaptiveMaxPooling3D
from .pooling.average_pooling1d import AveragePooling1D as AveragePooling1D
from .pooling.average_pooling1d import AvgPool1D as AvgPool1D
from .pooling.average_pooling2d import AveragePooling2D as AveragePooling2D
from .pooling.average_pooling2d import AvgPool2D as AvgPool2D
from .pooling.average_pooling3d import AveragePooling3D as AveragePooling3D
from .pooling.average_pooling3d import AvgPool3D as AvgPool3D
from .pooling.global_average_pooling1d import GlobalAveragePooling1D as GlobalAveragePooling1D
from .pooling.global_average_pooling1d import GlobalAvgPool1D as GlobalAvgPool1D
from .pooling.global_average_pooling2d import GlobalAveragePooling2D as GlobalAveragePooling2D
from .pooling.global_average_pooling2d import GlobalAvgPool2D as GlobalAvgPool2D
from .pooling.global_average_pooling3d import GlobalAveragePooling3D as GlobalAveragePooling3D
from .pooling.global_average_pooling3d import GlobalAvgPool3D as GlobalAvgPool3D
from .pooling.global_max_pooling1d import GlobalMaxPool1D as GlobalMaxPool1D
from .pooling.global_max_pooling1d import GlobalMaxPooling1D as GlobalMaxPooling1D
from .pooling.global_max_pooling2d import GlobalMaxPool2D as GlobalMaxPool2D
from .pooling.global_max_pooling2d import GlobalMaxPooling2D as GlobalMaxPooling2D
from .pooling.global_max_pooling3d import GlobalMaxPool3D as GlobalMaxPool3D
from .pooling.global_max_pooling3d import GlobalMaxPooling3D as GlobalMaxPooling3D
from .pooling.max_pooling1d import MaxPool1D as MaxPool1D
from .pooling.max_pooling1d import MaxPooling1D as MaxPooling1D
from .pooling.max_pooling2d import MaxPool2D as MaxPool2D
from .pooling.max_pooling2d import MaxPooling2D as MaxPooling2D
from .pooling.max_pooling3d import MaxPool3D as MaxPool3D
from .pooling.max_pooling3d import MaxPooling3D as MaxPooling3D
from .preprocessing.audio.mel_spectrogram import MelSpectrogram as MelSpectrogram
from .preprocessing.audio.stft_spectrogram import STFTSpectrogram as STFTSpectrogram
from .preprocessing.category_encoding import CategoryEncoding as CategoryEncoding
from .preprocessing.discretization import Discretization as Discretization
from .preprocessing.hashing.hashed_crossing import HashedCrossing as HashedCrossing
from .preprocessing.hashing.hashing import Hashing as Hashing
from .preprocessing.image.aug_mix import AugMix as AugMix
from .preprocessing.image.auto_contrast import AutoContrast as AutoContrast
from .preprocessing.image.center_crop import CenterCrop as CenterCrop
from .preprocessing.image.clahe import (
    ContrastLimitedAdaptiveHistogramEqualization as ContrastLimitedAdaptiveHistogramEqualization,
)
from .preprocessing.image.cut_mix import CutMix as CutMix
from .preprocessing.image.equalization import Equalization as Equalization
from .preprocessing.image.max_num_bounding_boxes import MaxNumBoundingBoxes as MaxNumBoundingBoxes
from .preprocessing.image.mix_up import MixUp as MixUp
from .preprocessing.image.rand_augment import RandAugment as RandAugment
from .preprocessing.image.random_brightness import RandomBrightness as RandomBrightness
from .preprocessing.image.random_color_degeneration import (
    RandomColorDegeneration as RandomColorDegeneration,
)
from .preprocessing.image.random_color_jitter import RandomColorJitter as RandomColorJitter
from .preprocessing.image.random_contrast import RandomContrast as RandomContrast
from .preprocessing.image.random_crop import RandomCrop as RandomCrop
from .preprocessing.image.random_elastic_transform import (
    RandomElasticTransform as RandomElasticTransform,
)
from .preprocessing.image.random_erasing import RandomErasing as RandomErasing
from .preprocessing.image.random_flip import RandomFlip as RandomFlip
from .preprocessing.image.random_gaussian_blur import RandomGaussianBlur as RandomGaussianBlur
from .preprocessing.image.random_grayscale import RandomGrayscale as RandomGrayscale
from .preprocessing.image.random_hue import RandomHue as RandomHue
from .preprocessing.image.random_invert import RandomInvert as RandomInvert
from .preprocessing.image.random_perspective import RandomPerspective as RandomPerspective
from .preprocessing.image.random_posterization import RandomPosterization as RandomPosterization
from .preprocessing.image.random_rotation import RandomRotation as RandomRotation
from .preprocessing.image.random_saturation import RandomSaturation as RandomSaturation
from .preprocessing.image.random_sharpness import RandomSharpness as RandomSharpness
from .preprocessing.image.random_shear import RandomShear as RandomShear
from .preprocessing.image.random_translation import RandomTranslation as RandomTranslation
from .preprocessing.image.random_zoom import RandomZoom as RandomZoom
from .preprocessing.image.resizing import Resizing as Resizing
from .preprocessing.image.solarization import Solarization as Solarization
from .preprocessing.lookup.integer_lookup import IntegerLookup as IntegerLookup
from .preprocessing.lookup.string_lookup import StringLookup as StringLookup
from .preprocessing.normalization import Normalization as Normalization
from .preprocessing.pipeline import Pipeline as Pipeline
from .preprocessing.rescaling import Rescaling as Rescaling
from .preprocessing.text.text_vectorization import TextVectorization as TextVectorization
from .regularization.activity_regularization import ActivityRegularization as ActivityRegularization
from .regularization.alpha_dropout import AlphaDropout as AlphaDropout
from .regularization.dropout import Dropout as Dropout
from .regularization.gaussian_dropout import GaussianDropout as GaussianDropout
from .regularization.gaussian_noise import GaussianNoise as GaussianNoise
from .regularization.spatial_dropout import SpatialDropout1D as SpatialDropout1D
from .regularization.spatial_dropout import SpatialDropout2D as SpatialDropout2D
from .regularization.spatial_dropout import SpatialDropout3D as SpatialDropout3D
from .reshaping.cropping1d import Cropping1D as Cropping1D
from .reshaping.cropping2d import Cropping2D as Cropping2D
from .reshaping.cropping3d import Cropping3D as Cropping3D
from .reshaping.flatten import Flatten as Flatten
from .reshaping.permute import Permute as Permute
from .reshaping.repeat_vector import RepeatVector as RepeatVector
from .reshaping.reshape import Reshape as Reshape
from .reshaping.up_sampling1d import UpSampling1D as UpSampling1D
from .reshaping.up_sampling2d import UpSampling2D as UpSampling2D
from .reshaping.up_sampling3d import UpSampling3D as UpSampling3D
from .reshaping.zero_padding1d import ZeroPadding1D as ZeroPadding1D
from .reshaping.zero_padding2d import ZeroPadding2D as ZeroPadding2D
from .reshaping.zero_padding3d import ZeroPadding3D as ZeroPadding3D
from .rnn.bidirectional import Bidirectional as Bidirectional
from .rnn.conv_lstm import ConvLSTM1D as ConvLSTM1D
from .rnn.conv_lstm import ConvLSTM2D as ConvLSTM2D
from .rnn.conv_lstm import ConvLSTM3D as ConvLSTM3D
from .rnn.gru import GRU as GRU
from .rnn.gru import GRUCell as GRUCell
from .rnn.lstm import LSTM as LSTM
from .rnn.lstm import LSTMCell as LSTMCell
from .rnn.rnn import RNN as RNN
from .rnn.simple_rnn import SimpleRNN as SimpleRNN
from .rnn.simple_rnn import SimpleRNNCell as SimpleRNNCell
from .rnn.stacked_rnn_cells import StackedRNNCells as StackedRNNCells
from .serialization import deserialize as deserialize  # noqa: E402
from .serialization import serialize as serialize  # noqa: E402


def _register_exports() -> None:
    """Every exported layer class joins the one registry under its exported names."""
    from .. import registry

    for name, obj in list(globals().items()):
        if isinstance(obj, type) and issubclass(obj, Layer):
            registry.register_builtin("layers", obj, name)


_register_exports()
