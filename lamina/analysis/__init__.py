"""Model-size and overfitting insight: where the parameters, compute and memory go."""

from .costs import layer_macs as layer_macs
from .hot_spot import HotSpot as HotSpot
from .profile import LayerProfile as LayerProfile
from .profile import ModelProfile as ModelProfile
from .profile import profile as profile
from .size_warning import OverparameterizedWarning as OverparameterizedWarning
from .size_warning import set_overparameterized_warning as set_overparameterized_warning
from .size_warning import warn_if_overparameterized as warn_if_overparameterized
