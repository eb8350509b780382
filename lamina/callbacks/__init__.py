"""Callbacks for `fit`, `evaluate` and `predict`, with Keras's names and behaviour."""

from .callback import Callback as Callback
from .callback import CallbackList as CallbackList
from .csv_logger import CSVLogger as CSVLogger
from .early_stopping import EarlyStopping as EarlyStopping
from .history import History as History
from .lambda_callback import LambdaCallback as LambdaCallback
from .model_checkpoint import ModelCheckpoint as ModelCheckpoint
from .progbar_logger import ProgbarLogger as ProgbarLogger
from .reduce_lr_on_plateau import ReduceLROnPlateau as ReduceLROnPlateau
from .terminate_on_nan import TerminateOnNaN as TerminateOnNaN
