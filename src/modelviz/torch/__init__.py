"""PyTorch models in modelviz: :func:`from_torch` captures a module's forward pass.

The graph comes from ``torch.export.export(module, args, strict=False)`` (traced with
fake tensors, nothing computed): ATen operations are grouped into module nodes by their
``nn_module_stack``. Where export fails (data-dependent control flow, unsupported
operations), a recorder of module calls and tensor operations runs the model once
instead, as torchview does. ``model.capture`` says which was used.

Modules are named by their path from ``named_modules()`` (``layer1.0.conv1``); a module
called twice is one node with two calls and its parameters counted once; functional
operations (``add``, ``cat``, ``flatten``...) are operation nodes; container modules are
nested clusters. Totals are ``sum(p.numel() for p in model.parameters())`` (each tensor
once); buffers (BatchNorm running statistics) are not parameters: they are listed in each
module's explanation and in the graph's ``buffer_elements``. Shapes carry the concrete
batch size of the example input.

Example:
    >>> import importlib.util
    >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
    ...     import torch
    ...     model = from_torch(torch.nn.Linear(4, 2), torch.zeros(3, 4))
    ...     print(model.count_params(), model.capture)
    ... else:  # what torch 2.13 gives
    ...     print(10, "torch.export")
    10 torch.export
"""

from __future__ import annotations

import warnings
from typing import Any, Final

from modelviz.errors import LayerConfigError, ModelFileError, ModelvizWarning
from modelviz.importers.op_graph import ImportedModel, build_graph
from modelviz.torch.events import group_events, trim_outputs

__all__ = ["CAPTURES", "from_namespace", "from_torch", "is_torch_module"]

CAPTURES: Final = ("auto", "export", "recorder")


def from_torch(module: Any, example_input: Any = None, *, input_size: Any = None,
               capture: str = "auto", name: str | None = None) -> ImportedModel:
    """A modelviz model of a ``torch.nn.Module`` that ``summary``/``plot_model`` accept.

    Args:
        module: the ``torch.nn.Module``.
        example_input: a tensor, or a tuple/list of tensors (the forward's arguments).
        input_size: instead of ``example_input``: a shape, or a list of shapes, for
            float32 zeros (as torchinfo's ``input_size``).
        capture: ``"auto"`` (export, else the recorder), ``"export"`` or ``"recorder"``.
        name: the model's name (default: the module's class name).
    """
    torch = _import_torch()
    if not isinstance(module, torch.nn.Module):
        raise LayerConfigError(f"from_torch: expected a torch.nn.Module, got "
                               f"{type(module).__name__}; pass the model object itself")
    if capture not in CAPTURES:
        raise LayerConfigError(f"from_torch: unknown capture={capture!r}; use one of "
                               f"{', '.join(CAPTURES)}")
    args = _arguments(torch, example_input, input_size)
    events, shapes, inputs, outputs, used = _capture(module, args, capture)
    ops, classes = group_events(events, module)
    trim_outputs(ops, outputs)
    graph = build_graph(ops, shapes, [(n, n) for n in inputs], outputs,
                        name or type(module).__name__, scope_classes=classes)
    graph.graph.update(_totals(module), capture=used, operators="torch")
    return ImportedModel(graph, used)


def _import_torch() -> Any:
    try:
        import torch
    except ImportError as err:
        raise ModelFileError("reading PyTorch models needs torch; install modelviz with the "
                             "\"torch\" extra, or `pip install torch`") from err
    return torch


def _arguments(torch: Any, example_input: Any, input_size: Any) -> tuple[Any, ...]:
    if (example_input is None) == (input_size is None):
        raise LayerConfigError("from_torch: give exactly one of example_input=(a tensor or "
                               "tuple of tensors) and input_size=(a shape, e.g. (1, 3, 224, 224))")
    if example_input is not None:
        return tuple(example_input) if isinstance(example_input, (tuple, list)) else (
            example_input,)
    sizes = input_size if isinstance(input_size[0], (tuple, list)) else [input_size]
    return tuple(torch.zeros(tuple(size)) for size in sizes)


def _capture(module: Any, args: tuple[Any, ...], capture: str) -> tuple[Any, ...]:
    if capture in ("auto", "export"):
        from modelviz.torch.export_capture import export_events

        try:
            return (*export_events(module, args), "torch.export")
        except Exception as err:  # export refuses many models; the recorder still works
            if capture == "export":
                raise ModelFileError(f"{type(module).__name__}: torch.export failed "
                                     f"({type(err).__name__}: {_first_line(err)}); use "
                                     "capture=\"recorder\"") from err
            warnings.warn(f"{type(module).__name__}: torch.export failed ({type(err).__name__}:"
                          f" {_first_line(err)}); recording module calls instead",
                          ModelvizWarning, stacklevel=3)
    from modelviz.torch.recorder import record_events

    try:
        return (*record_events(module, args), "recorder")
    except Exception as err:  # the user's forward can raise anything
        raise ModelFileError(f"{type(module).__name__}: the forward pass raised "
                             f"{type(err).__name__}: {_first_line(err)}; check that "
                             "example_input fits the model") from err


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200] if text else ""


def _totals(module: Any) -> dict[str, Any]:
    """Every parameter tensor once, as ``sum(p.numel() for p in model.parameters())``."""
    params = list(module.parameters())
    buffers = list(module.buffers())
    trainable = [p for p in params if p.requires_grad]
    total_bytes = sum(p.numel() * p.element_size() for p in params)
    trainable_bytes = sum(p.numel() * p.element_size() for p in trainable)
    return {"total_params": sum(p.numel() for p in params),
            "trainable_params": sum(p.numel() for p in trainable),
            "non_trainable_params": sum(p.numel() for p in params if not p.requires_grad),
            "total_bytes": total_bytes, "trainable_bytes": trainable_bytes,
            "non_trainable_bytes": total_bytes - trainable_bytes,
            "buffer_elements": sum(b.numel() for b in buffers),
            "buffer_bytes": sum(b.numel() * b.element_size() for b in buffers)}


def is_torch_module(obj: Any) -> bool:
    """True for a ``torch.nn.Module``, checked without importing torch.

    Example:
        >>> Module = type("Module", (), {"__module__": "torch.nn.modules.module"})  # torch's base
        >>> is_torch_module(type("Net", (Module,), {})()), is_torch_module(object())
        (True, False)
    """
    return any(c.__name__ == "Module" and c.__module__ == "torch.nn.modules.module"
               for c in type(obj).__mro__)


def from_namespace(path: Any, namespace: dict[str, Any]) -> ImportedModel:
    """The model of a ``.py`` file defining a torch ``model`` and ``example_input``.

    Example:
        >>> from_namespace("net.py", {"model": object()})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        modelviz.errors.ModelFileError: net.py: ... the file defines no `example_input` ...
    """
    example, size = namespace.get("example_input"), namespace.get("input_size")
    if example is None and size is None:
        raise ModelFileError(f"{path}: `model` is a torch module, but the file defines no "
                             "`example_input` (or `input_size`); add e.g. "
                             "`example_input = torch.zeros(1, 3, 224, 224)`")
    return from_torch(namespace["model"], example, input_size=None if example is not None
                      else size, name=namespace.get("name"))
