"""``keras.callbacks`` for modelviz: callbacks that keep their arguments.

Scripts make callbacks before ``model.fit(...)``; modelviz accepts them (and ``fit``
then says that modelviz does not train).

Example:
    >>> from modelviz import callbacks
    >>> stop = callbacks.EarlyStopping(monitor="val_loss", patience=3)
    >>> stop.patience
    3
"""

from __future__ import annotations

from typing import Any

from modelviz.layers.keras_objects import Recorded

__all__ = ["BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping",
           "History", "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint",
           "ProgbarLogger", "ReduceLROnPlateau", "RemoteMonitor", "SwapEMAWeights",
           "TensorBoard", "TerminateOnNaN"]


class Callback(Recorded):
    """Base class: subclass it as in Keras (its ``on_*`` methods are never called here)."""

    keras_module = "keras.callbacks"

    def set_model(self, model: Any) -> None:
        """Remember the model."""
        self.model = model


class EarlyStopping(Callback):
    """Stop when a monitored value stops improving."""

    positional = ("monitor", "min_delta", "patience")


class ModelCheckpoint(Callback):
    """Save the model during training."""

    positional = ("filepath", "monitor")


class ReduceLROnPlateau(Callback):
    """Lower the learning rate on a plateau."""

    positional = ("monitor", "factor", "patience")


class LearningRateScheduler(Callback):
    """Set the learning rate from a schedule function."""

    positional = ("schedule", "verbose")


class TensorBoard(Callback):
    """Write TensorBoard logs."""

    positional = ("log_dir",)


class CSVLogger(Callback):
    """Write epoch results to a CSV file."""

    positional = ("filename", "separator", "append")


class BackupAndRestore(Callback):
    """Back up training state."""

    positional = ("backup_dir",)


class TerminateOnNaN(Callback):
    """Stop on a NaN loss."""


class LambdaCallback(Callback):
    """Callbacks from functions."""


class ProgbarLogger(Callback):
    """Print a progress bar."""


class History(Callback):
    """Record training history."""


class RemoteMonitor(Callback):
    """Send events to a server."""


class SwapEMAWeights(Callback):
    """Swap in EMA weights for evaluation."""


class CallbackList(Callback):
    """A list of callbacks."""

    positional = ("callbacks",)
