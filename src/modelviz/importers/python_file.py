"""Load a model from a Python file that defines ``model`` or ``build_model()``.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.py"
    >>> _ = path.write_text("from modelviz import Sequential, layers\\n"
    ...                     "model = Sequential([layers.Dense(2, input_dim=1)])\\n")
    >>> load_python_file(path).count_params()
    4
"""

from __future__ import annotations

import os
import runpy
import traceback
from pathlib import Path
from typing import Any

from modelviz.errors import ModelFileError, ModelvizError

__all__ = ["load_python_file"]


def load_python_file(path: str | os.PathLike[str]) -> Any:
    """Run the file (as ``python path`` would) and return its module-level ``model`` (or
    ``build_model()``'s result).

    Raises:
        ModelFileError: the file is missing, fails, exits, or defines no model.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such file; give the path of a .py file that defines "
                             "`model`, or of a saved Keras model")
    namespace = _run(path)
    from modelviz.torch import from_namespace, is_torch_module

    if is_torch_module(namespace.get("model")):
        return from_namespace(path, namespace)
    if "model" in namespace and hasattr(namespace["model"], "to_graph"):
        return namespace["model"]
    if callable(namespace.get("build_model")):
        return _call_builder(path, namespace["build_model"])
    if "model" in namespace:
        kind = type(namespace["model"]).__name__
        raise ModelFileError(f"{path}: `model` is {_article(kind)} {kind}, not a model; set "
                             "`model = ...` to a modelviz Sequential or Model (or a torch "
                             "module with `example_input`)")
    raise ModelFileError(f"{path}: defines no `model` (a modelviz Sequential or Model) and no "
                         "build_model() function; add `model = ...` at module level")


def _run(path: Path) -> dict[str, Any]:
    try:
        return runpy.run_path(str(path), run_name="__modelviz__")
    except ModelvizError as err:
        raise _located(err, path) from err
    except SyntaxError as err:
        raise ModelFileError(f"{path}:{err.lineno}: syntax error: {err.msg}; fix the file "
                             "and try again") from err
    except ImportError as err:
        if (err.name or "").split(".")[0] == "torch":
            raise ModelFileError(f"{path}: {err}; reading PyTorch models needs torch: install "
                                 "modelviz with the \"torch\" extra") from err
        raise ModelFileError(f"{path}: {err}; import layers from modelviz (e.g. `from modelviz "
                             "import layers`) instead of keras/tensorflow") from err
    except SystemExit as err:  # sys.exit() or exit() in the model file
        raise ModelFileError(f"{path}:{_user_line(err, path)}: the file called sys.exit"
                             f"({err.code!r}) instead of defining `model`") from err
    except Exception as err:  # the user's code can raise anything; report where
        where = f"{path}:{_user_line(err, path)}"
        raise ModelFileError(f"{where}: {type(err).__name__}: {err}") from err


def _call_builder(path: Path, builder: Any) -> Any:
    try:
        model = builder()
    except ModelvizError as err:
        raise _located(err, path) from err
    except (Exception, SystemExit) as err:
        raise ModelFileError(f"{path}:{_user_line(err, path)}: build_model() raised "
                             f"{type(err).__name__}: {err}") from err
    if not hasattr(model, "to_graph"):
        raise ModelFileError(f"{path}: build_model() returned {type(model).__name__}, not a "
                             "modelviz model")
    return model


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _located(err: ModelvizError, path: Path) -> ModelvizError:
    """The same kind of error, prefixed with the file and line that caused it."""
    return type(err)(f"{path}:{_user_line(err, path)}: {err}")


def _user_line(err: BaseException, path: Path) -> str:
    frames = [f for f in traceback.extract_tb(err.__traceback__) if Path(f.filename) == path]
    return str(frames[-1].lineno) if frames else "?"
