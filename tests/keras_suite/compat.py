"""What the ported Keras tests import in place of Keras, TensorFlow and absl.

Each name stands for the Keras/TensorFlow/absl one a test imported; modelviz's own
API does the work (``print_summary`` is ``modelviz.summary``, ``model_to_dot`` is
``modelviz.model_to_dot``). Test scaffolding Keras's test base classes provide
(``assertFileExists``, ``get_temp_dir``, absl's ``parameterized``) is written here.
Anything that needs Keras internals is not here: the tests using it are skipped with
the reason.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import shutil
import sys
import tempfile
import types
import unittest
from typing import Any

import modelviz
from modelviz import layers, models
from modelviz.layers.base import clear_session
from modelviz.tables import tf_keras_memory_size

__all__ = [
    "backend",
    "dtensor",
    "efficientnet",
    "io_utils",
    "keras",
    "layer_utils",
    "layout_map_lib",
    "model_to_dot",
    "ops",
    "parameterized",
    "plot_model",
    "summary_utils",
    "test_util",
    "test_utils",
    "testing",
    "tf",
    "tf_keras",
    "tf_utils",
    "vis_utils",
]



class _Missing:
    """Stands for a modelviz module another branch adds; any use says which."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"{self._module} does not exist yet (needs #10.4)")


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        return _Missing(module)


ops = _optional("modelviz.ops")


def model_to_dot(model: Any, *args: Any, **kwargs: Any) -> Any:
    """``keras.utils.model_to_dot``."""
    return modelviz.model_to_dot(model, *args, **kwargs)


def plot_model(model: Any, *args: Any, **kwargs: Any) -> Any:
    """``keras.utils.plot_model``."""
    return modelviz.plot_model(model, *args, **kwargs)


def print_summary(model: Any, *args: Any, **kwargs: Any) -> None:
    """``keras.utils.summary_utils.print_summary`` / tf_keras ``layer_utils.print_summary``."""
    modelviz.summary(model, *args, **kwargs)


summary_utils = types.SimpleNamespace(print_summary=print_summary)
vis_utils = types.SimpleNamespace(plot_model=plot_model, model_to_dot=model_to_dot)
def _internal(function: Any) -> Any:
    """Stands for a Keras-internal decorator; the tests using it are skipped."""
    return function


def _tf_keras_print_summary(model: Any, *args: Any, **kwargs: Any) -> None:
    """tf_keras's ``layer_utils.print_summary``: modelviz's summary in the ``tf_keras`` layout."""
    modelviz.summary(model, *args, fmt="tf_keras", **kwargs)


layer_utils = types.SimpleNamespace(print_summary=_tf_keras_print_summary,
                                    cached_per_instance=_internal,
                                    readable_memory_size=tf_keras_memory_size)
test_utils = types.SimpleNamespace(run_v2_only=_internal)
dtensor = layout_map_lib = tf_utils = types.SimpleNamespace()
io_utils = types.SimpleNamespace(enable_interactive_logging=lambda: None)
# tf_keras names what the user leaves unnamed as Keras 2 did (``input_1``, ``input_2``, ...;
# ``model``, ``model_1``, ...) where modelviz, like Keras 3, says ``input_layer`` and
# ``functional``. The tf_keras tests print those names, so their ``keras`` namespace
# (``tf_keras`` below) gives them; everything else is modelviz's own.
_TF_KERAS_UIDS: dict[str, int] = {}


def _reset_uids() -> None:
    clear_session()
    _TF_KERAS_UIDS.clear()


def _tf_keras_name(prefix: str, zero_based: bool) -> str:
    count = _TF_KERAS_UIDS.get(prefix, 0)
    _TF_KERAS_UIDS[prefix] = count + 1
    if zero_based:
        return prefix if count == 0 else f"{prefix}_{count}"
    return f"{prefix}_{count + 1}"


def _tf_keras_input(shape: Any = None, *args: Any, name: str | None = None,
                    **kwargs: Any) -> Any:
    return modelviz.Input(shape, *args, name=name or _tf_keras_name("input", False), **kwargs)


class _TfKerasModel(modelviz.Model):
    """``tf_keras.Model``: a functional model named ``model``, ``model_1``, ... by default."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is _TfKerasModel:
            kwargs["name"] = kwargs.get("name") or _tf_keras_name("model", True)
            return modelviz.Model(*args, **kwargs)
        return super().__new__(cls, *args, **kwargs)


backend = types.SimpleNamespace(reset_uids=_reset_uids)


efficientnet = modelviz.applications.efficientnet  # keras.applications.efficientnet

keras = types.SimpleNamespace(
    layers=layers, models=models, Input=modelviz.Input, Model=modelviz.Model,
    Sequential=modelviz.Sequential, Layer=layers.Layer, ops=ops,
    utils=types.SimpleNamespace(plot_model=plot_model, model_to_dot=model_to_dot),
)
tf_keras = types.SimpleNamespace(
    **{**vars(keras), "Input": _tf_keras_input, "Model": _TfKerasModel,
       "models": types.SimpleNamespace(**{**vars(models), "Model": _TfKerasModel})},
)


# -- absl.testing.parameterized ------------------------------------------------------
def _parameters(*cases: Any) -> Any:
    def mark(function: Any) -> Any:
        function._parameters = cases
        return function
    return mark


def _named_parameters(*cases: Any) -> Any:
    def mark(function: Any) -> Any:
        function._parameters = cases
        function._named = True
        return function
    return mark


class _ParameterizedCase(unittest.TestCase):
    """Expands absl's ``@parameterized.parameters`` into one method per case, as absl does."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, function in list(vars(cls).items()):
            cases = getattr(function, "_parameters", None)
            if cases is None:
                continue
            delattr(cls, name)
            for index, case in enumerate(cases):
                suffix = case[0] if getattr(function, "_named", False) else str(index)
                args = case[1:] if getattr(function, "_named", False) else case
                setattr(cls, f"{name}{suffix}", _bind(function, args))


def _bind(function: Any, case: Any) -> Any:
    @functools.wraps(function)
    def test(self: Any) -> Any:
        if isinstance(case, dict):
            return function(self, **case)
        if isinstance(case, (tuple, list)):
            return function(self, *case)
        return function(self, case)
    del test.__wrapped__  # pytest would otherwise ask for the case arguments as fixtures
    return test


parameterized = types.SimpleNamespace(parameters=_parameters,
                                      named_parameters=_named_parameters,
                                      TestCase=_ParameterizedCase)


# -- keras.src.testing.TestCase and tf.test.TestCase ------------------------------------
class TestCase(_ParameterizedCase):
    """The assertions Keras's and TensorFlow's test base classes add, run in a temp folder."""

    def setUp(self) -> None:
        super().setUp()
        _reset_uids()
        self._old_cwd = os.getcwd()
        self._temp = tempfile.mkdtemp(prefix="keras_suite_")
        os.chdir(self._temp)

    def tearDown(self) -> None:
        os.chdir(self._old_cwd)
        shutil.rmtree(self._temp, ignore_errors=True)
        super().tearDown()

    def get_temp_dir(self) -> str:
        return tempfile.mkdtemp(dir=self._temp)

    def assertFileExists(self, path: str) -> None:  # noqa: N802
        self.assertTrue(os.path.exists(path), f"{path} does not exist")

    def assertLen(self, container: Any, length: int) -> None:  # noqa: N802
        self.assertEqual(len(container), length)

    def assertAllEqual(self, a: Any, b: Any) -> None:  # noqa: N802
        self.assertEqual(list(a), list(b))

    @contextlib.contextmanager
    def captureWritesToStream(self, stream: Any) -> Any:  # noqa: N802
        captured = types.SimpleNamespace(contents=lambda: buffer.getvalue())
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer) if stream is sys.stdout else \
                contextlib.redirect_stderr(buffer):
            yield captured


testing = types.SimpleNamespace(TestCase=TestCase)
test_util = types.SimpleNamespace(DTensorBaseTest=TestCase)

_gfile = types.SimpleNamespace(exists=os.path.exists, remove=os.remove)
tf = types.SimpleNamespace(
    test=types.SimpleNamespace(TestCase=TestCase), io=types.SimpleNamespace(gfile=_gfile),
    float32="float32",
    Tensor=modelviz.layers.base.KerasTensor,  # type annotations only
    concat=lambda values, axis: ops.concatenate(values, axis=axis),
    __internal__=types.SimpleNamespace(tf2=types.SimpleNamespace(enabled=lambda: True),
                                       tracking=types.SimpleNamespace(AutoTrackable=object)),
)
