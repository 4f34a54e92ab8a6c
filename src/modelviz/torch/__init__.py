"""PyTorch models in modelviz: :func:`from_torch` captures a module's forward pass.

The graph comes from running the forward pass once (under ``no_grad``) with forward hooks
on every module and a ``TorchFunctionMode`` that records each tensor operation with the
tensors it reads and writes: the model's true dataflow (torchinfo's way, plus the
operations). Large models run that forward on the ``meta`` device (shapes only, nothing
computed), for real where the forward needs values. ``capture="export"`` uses
``torch.export.export(module, args, kwargs, strict=False)`` instead (fake tensors,
nothing computed, ATen operations grouped by their ``nn_module_stack``; much slower).
``model.capture`` says which was used.

As torchinfo lists a model, every call of a module is its own node: named by its path
from ``named_modules()`` (``layer1.0.relu``), a later call of the same module marked
``layer1.0.relu [2nd call]`` (attributes ``module`` and ``call``), its parameters counted
at the first call. Functional operations (``add``, ``cat``, ``flatten``...) are operation
nodes; every call of a container module is a nested cluster; operations that only build
masks and positions fold into one ``mask`` node. Totals are ``sum(p.numel() for p in
model.parameters())`` (each tensor once); buffers (BatchNorm running statistics) are not
parameters: they are listed in each module's explanation and in the graph's
``buffer_elements``. Shapes carry the concrete batch size of the example input.

Example:
    >>> import importlib.util
    >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
    ...     import torch
    ...     model = from_torch(torch.nn.Linear(4, 2), torch.zeros(3, 4))
    ...     print(model.count_params(), model.capture)
    ... else:  # what torch 2.13 gives
    ...     print(10, "recorder")
    10 recorder
"""

from __future__ import annotations

from typing import Any, Final

from modelviz.errors import LayerConfigError, ModelFileError
from modelviz.gcpause import paused_gc
from modelviz.importers.op_graph import ImportedModel, build_graph
from modelviz.torch.arguments import forward_arguments, input_names, materialize_lazy
from modelviz.torch.events import group_events, trim_outputs
from modelviz.torch.index import ModuleIndex
from modelviz.torch.plumbing import fold_plumbing

__all__ = ["CAPTURES", "from_namespace", "from_torch", "is_torch_module"]

CAPTURES: Final = ("auto", "export", "recorder")
# "auto" records on the meta device (shapes only) from this many parameters and this many
# parameters × input elements: ResNet-50, ViT-B/16, Swin-T, ConvNeXt-T, Inception-v3 at
# 224×224 and up; MobileNet-style models (many light operations) run faster for real.
META_PARAMS: Final = 20_000_000
META_WORK: Final = 10**9


def from_torch(module: Any, *example_args: Any, input_size: Any = None,
               capture: str = "auto", name: str | None = None,
               **example_kwargs: Any) -> ImportedModel:
    """A modelviz model of a ``torch.nn.Module`` that ``summary``/``plot_model`` accept.

    Args:
        module: the ``torch.nn.Module``.
        *example_args: the forward's positional arguments: a tensor, several tensors, a
            tuple/list of tensors, or one dict of keyword arguments
            (``{"input_ids": ids, "attention_mask": mask}``).
        input_size: instead of example inputs: a shape, or a list of shapes, for
            float32 zeros (as torchinfo's ``input_size``).
        capture: ``"auto"`` (the recorder, on the meta device for large models),
            ``"recorder"`` (a real forward pass) or ``"export"`` (``torch.export``).
        name: the model's name (default: the module's class name).
        **example_kwargs: the forward's keyword arguments (``attention_mask=mask``).
    """
    torch = _import_torch()
    if not isinstance(module, torch.nn.Module):
        raise LayerConfigError(f"from_torch: expected a torch.nn.Module, got "
                               f"{type(module).__name__}; pass the model object itself")
    if capture not in CAPTURES:
        raise LayerConfigError(f"from_torch: unknown capture={capture!r}; use one of "
                               f"{', '.join(CAPTURES)}")
    if "example_input" in example_kwargs and "example_input" not in _forward_names(module):
        example_args = (*example_args, example_kwargs.pop("example_input"))
    args, kwargs = forward_arguments(torch, module, example_args, example_kwargs, input_size)
    try:
        materialize_lazy(torch, module, args, kwargs)
    except Exception as err:  # the user's forward can raise anything
        raise _forward_error(module, err) from err
    index = ModuleIndex(module)
    events, shapes, inputs, outputs, used = _capture(module, args, kwargs, capture, index)
    with paused_gc():  # tens of thousands of records, all kept: no collector passes over them
        ops, classes = group_events(events, index)
        trim_outputs(ops, outputs)
        ops = fold_plumbing(ops, _data_inputs(torch, module, inputs, args, kwargs), outputs)
        graph = build_graph(ops, shapes, [(n, n) for n in inputs], outputs,
                            name or type(module).__name__, scope_classes=classes,
                            collapse=False)
    capture_name = used.removesuffix(" (meta)")  # shapes only: nothing was computed
    graph.graph.update(_totals(index), capture=capture_name, shapes_only=used != capture_name,
                       operators="torch")
    return ImportedModel(graph, capture_name)


def _forward_names(module: Any) -> list[str]:
    return input_names(module, (None,) * 64)


def _data_inputs(torch: Any, module: Any, names: list[str], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> set[str]:
    """The inputs holding floating-point data (not token ids or masks), by name."""
    given = {**dict(zip(input_names(module, args), args, strict=True)), **kwargs}
    tensors = [v for v in given.values() if isinstance(v, torch.Tensor)]
    by_position = dict(zip(names, tensors, strict=False))
    return {name for name in names
            if _is_data(torch, given.get(name, by_position.get(name)))}


def _is_data(torch: Any, value: Any) -> bool:
    return isinstance(value, torch.Tensor) and (value.is_floating_point() or value.is_complex())


def _import_torch() -> Any:
    try:
        import torch
    except ImportError as err:
        raise ModelFileError("reading PyTorch models needs torch; install modelviz with the "
                             "\"torch\" extra, or `pip install torch`") from err
    return torch


def _capture(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], capture: str,
             index: ModuleIndex) -> tuple[Any, ...]:
    if capture == "export":
        from modelviz.torch.export_capture import export_events

        try:
            return (*export_events(module, args, kwargs), "torch.export")
        except Exception as err:  # export refuses many models; the recorder still works
            raise ModelFileError(f"{type(module).__name__}: torch.export failed "
                                 f"({type(err).__name__}: {_first_line(err)}); use "
                                 "capture=\"recorder\"") from err
    from modelviz.torch.recorder import record_events, record_meta_events

    names = input_names(module, args)
    if capture == "auto" and _large(index, args, kwargs):
        try:
            return (*record_meta_events(module, args, kwargs, names, index), "recorder (meta)")
        except Exception:  # the forward needs values (``if x.sum() > 0``): run it for real
            pass
    try:
        return (*record_events(module, args, kwargs, names, index), "recorder")
    except Exception as err:  # the user's forward can raise anything
        raise _forward_error(module, err) from err


def _large(index: ModuleIndex, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Worth the meta device: its cost is per operation (a Python shape rule), a real
    forward's per multiply, so only models with heavy operations gain."""
    params = sum(p.numel() for p in index.params.values())
    elements = sum(getattr(v, "numel", lambda: 1)() for v in (*args, *kwargs.values()))
    return params >= META_PARAMS and params * max(elements, 1) >= META_WORK


def _forward_error(module: Any, err: BaseException) -> ModelFileError:
    return ModelFileError(f"{type(module).__name__}: the forward pass raised "
                          f"{type(err).__name__}: {_first_line(err)}; check that "
                          "the example inputs fit the model")


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200] if text else ""


def _totals(index: ModuleIndex) -> dict[str, Any]:
    """Every parameter tensor once, as ``sum(p.numel() for p in model.parameters())``."""
    params = list(index.params.values())
    buffers = list(index.buffers.values())
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
