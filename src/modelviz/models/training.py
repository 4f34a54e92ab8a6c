"""What a model does in Keras that needs weight values: ``compile`` is recorded, the rest
(``fit``, ``predict``, ``evaluate``, ``save``...) says in one line that modelviz does not
run models.

Example:
    >>> from modelviz import Input, Model, layers
    >>> inputs = Input((4,))
    >>> model = Model(inputs, layers.Dense(2)(inputs))
    >>> model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    >>> model.compiled, model.loss
    (True, 'mse')
    >>> model.fit([[0.0] * 4], [[0.0] * 2])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    modelviz.errors.ModelvizError: modelviz does not run models: fit() needs Keras...
"""

from __future__ import annotations

from typing import Any

from modelviz.errors import ModelvizError

__all__ = ["Training"]


def _not_run(method: str) -> ModelvizError:
    return ModelvizError(f"modelviz does not run models: {method}() needs Keras and weights; "
                         "modelviz shows the model (summary(), plot_model(), to_html()) "
                         "without running it")


class Training:
    """Keras's training and inference methods: recorded (compile) or refused clearly."""

    compiled: bool = False
    optimizer: Any = None
    loss: Any = None
    compile_config: dict[str, Any] | None = None

    def compile(self, optimizer: Any = "rmsprop", loss: Any = None, loss_weights: Any = None,
                metrics: Any = None, weighted_metrics: Any = None, run_eagerly: bool = False,
                steps_per_execution: int = 1, jit_compile: Any = "auto",
                auto_scale_loss: bool = True) -> None:
        """Record the training configuration (``model.optimizer``, ``model.loss``...)."""
        from modelviz import optimizers

        self.optimizer = optimizers.get(optimizer)
        self.loss, self.compiled = loss, True
        self.compile_config = {"optimizer": optimizer, "loss": loss,
                               "loss_weights": loss_weights, "metrics": metrics,
                               "weighted_metrics": weighted_metrics,
                               "run_eagerly": run_eagerly,
                               "steps_per_execution": steps_per_execution,
                               "jit_compile": jit_compile}

    def get_compile_config(self) -> dict[str, Any] | None:
        """The arguments ``compile`` recorded (None before ``compile``)."""
        return self.compile_config

    def fit(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz does not train."""
        raise _not_run("fit")

    def evaluate(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz does not run models."""
        raise _not_run("evaluate")

    def predict(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz does not run models."""
        raise _not_run("predict")

    def train_on_batch(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz does not train."""
        raise _not_run("train_on_batch")

    def test_on_batch(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz does not run models."""
        raise _not_run("test_on_batch")

    def predict_on_batch(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz does not run models."""
        raise _not_run("predict_on_batch")

    def save(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz writes no Keras files (no weights)."""
        raise _not_run("save")

    def save_weights(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz has no weight values."""
        raise _not_run("save_weights")

    def load_weights(self, *args: Any, **kwargs: Any) -> Any:
        """Raises: modelviz has no weight values."""
        raise _not_run("load_weights")
