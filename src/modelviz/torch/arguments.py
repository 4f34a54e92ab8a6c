"""The forward's arguments as a user gives them, and the preparation of the module.

``from_torch(model, x)``, ``from_torch(model, (x, y))``, ``from_torch(model, input_ids,
attention_mask=mask)`` and ``from_torch(model, {"input_ids": ids, "attention_mask":
mask})`` all become positional and keyword arguments of ``forward``; generative models
get ``use_cache=False`` when their forward has it (a key/value cache is an output of
state, not of the model's layers). Lazy modules (``LazyLinear``) get their parameters
from one forward pass before the capture, so the capture never records their
initialization.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from modelviz.errors import LayerConfigError

__all__ = ["forward_arguments", "input_names", "materialize_lazy"]


def forward_arguments(torch: Any, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                      input_size: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """``(args, kwargs)`` for ``module.forward``.

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     args, kwargs = forward_arguments(torch, torch.nn.Linear(4, 2),
        ...                                      ({"input": torch.zeros(1, 4)},), {}, None)
        ...     print(args, list(kwargs))
        ... else:  # a dict whose keys are the forward's parameters: keyword arguments
        ...     print((), ["input"])
        () ['input']
    """
    if input_size is not None:
        if args or kwargs:
            raise LayerConfigError("from_torch: give the example inputs or input_size=, "
                                   "not both")
        sizes = input_size if isinstance(input_size[0], (tuple, list)) else [input_size]
        return tuple(torch.zeros(tuple(size)) for size in sizes), {}
    if not args and not kwargs:
        raise LayerConfigError("from_torch: give example inputs (a tensor, a tuple of tensors, "
                               "keyword tensors or a dict) or input_size=(a shape, e.g. "
                               "(1, 3, 224, 224))")
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    elif len(args) == 1 and isinstance(args[0], dict) and _takes_keywords(module, args[0]):
        args, kwargs = (), {**args[0], **kwargs}
    if "use_cache" in _parameters(module) and "use_cache" not in kwargs:
        kwargs = {**kwargs, "use_cache": False}
    return args, kwargs


def _parameters(module: Any) -> dict[str, inspect.Parameter]:
    forward = module.forward
    function = getattr(forward, "__func__", None)
    if function is None:
        return _signature(forward, bound=False)
    return _signature(function, bound=True)


@functools.lru_cache(maxsize=256)
def _signature(function: Any, bound: bool) -> dict[str, inspect.Parameter]:
    try:
        parameters = list(inspect.signature(function).parameters.items())
    except (TypeError, ValueError):  # a forward without a signature (a C function)
        return {}
    return dict(parameters[1:] if bound else parameters)


def _takes_keywords(module: Any, mapping: dict[Any, Any]) -> bool:
    parameters = _parameters(module)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return all(isinstance(key, str) for key in mapping)
    return bool(mapping) and all(key in parameters for key in mapping)


def input_names(module: Any, args: tuple[Any, ...]) -> list[str]:
    """Names of the positional inputs: the forward's parameter names (``x``, ``tokens``).

    Example:
        >>> class Net:
        ...     def forward(self, image, mask=None): ...
        >>> input_names(Net(), (1, 2, 3))
        ['image', 'mask', 'input_2']
    """
    positional = [name for name, p in _parameters(module).items()
                  if p.kind in (inspect.Parameter.POSITIONAL_ONLY,
                                inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    return [positional[i] if i < len(positional) else f"input_{i}" for i in range(len(args))]


def materialize_lazy(torch: Any, module: Any, args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> None:
    """One forward pass for modules whose parameters are not made yet (``LazyLinear``).

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     net = torch.nn.LazyLinear(2)
        ...     materialize_lazy(torch, net, (torch.zeros(1, 5),), {})
        ...     print(tuple(net.weight.shape))
        ... else:  # what torch gives
        ...     print((2, 5))
        (2, 5)
    """
    from torch.nn.modules.lazy import LazyModuleMixin

    if any(isinstance(m, LazyModuleMixin) and m.has_uninitialized_params()
           for m in module.modules()):
        with torch.no_grad():
            module(*args, **kwargs)
