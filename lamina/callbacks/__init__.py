"""Callbacks for `fit`, `evaluate` and `predict`, with Keras's names and behaviour.

The public names load on first use (`_EXPORTS`, one line per name).
"""

from .. import registry as _registry

_EXPORTS = {
    "BackupAndRestore": ".backup_and_restore",
    "Callback": ".callback",
    "CallbackList": ".callback",
    "CSVLogger": ".csv_logger",
    "EarlyStopping": ".early_stopping",
    "History": ".history",
    "LambdaCallback": ".lambda_callback",
    "LearningRateScheduler": ".learning_rate_scheduler",
    "ModelCheckpoint": ".model_checkpoint",
    "ProgbarLogger": ".progbar_logger",
    "ReduceLROnPlateau": ".reduce_lr_on_plateau",
    "RemoteMonitor": ".remote_monitor",
    "SwapEMAWeights": ".swap_ema_weights",
    "TensorBoard": ".tensorboard",
    "TerminateOnNaN": ".terminate_on_nan",
}

__getattr__, __dir__, __all__ = _registry.lazy_exports(__name__, _EXPORTS)
