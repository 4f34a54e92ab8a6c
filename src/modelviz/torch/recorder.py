"""Events from running the model once: module calls through hooks, tensor operations
through a ``TorchFunctionMode`` (as torchview records them).

Used where ``torch.export`` fails. It runs the real forward pass (under ``no_grad``), so
any Python control flow works; each tensor is named by the operation that made it.
"""

from __future__ import annotations

from typing import Any

from modelviz.torch.events import Event, Frame, describe_operator

__all__ = ["record_events"]

# Tensor methods that only read metadata: not operations of the model.
_SKIP = frozenset({"size", "dim", "numel", "shape", "dtype", "device", "is_floating_point",
                   "__get__", "__len__", "__bool__", "__index__", "__format__", "__repr__",
                   "data_ptr", "element_size", "stride", "is_contiguous", "__setstate__",
                   "requires_grad", "ndim", "item", "tolist", "__iter__", "unbind"})


def record_events(module: Any, args: tuple[Any, ...]) -> tuple[list[Event], dict[str, Any],
                                                                 list[str], list[str]]:
    """(events, tensor shapes, input tensor names, output tensor names) of one forward.

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     net = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.ReLU())
        ...     events, shapes, inputs, outputs = record_events(net, (torch.zeros(3, 4),))
        ...     print([event.stack[-1][1:] for event in events], shapes[outputs[0]])
        ... else:  # what torch 2.13 records
        ...     print([("0", "Linear"), ("1", "ReLU")], (3, 2))
        [('0', 'Linear'), ('1', 'ReLU')] (3, 2)
    """
    import torch

    recorder = _Recorder(module)
    inputs = [recorder.name_of(a, f"input_{i}" if len(args) > 1 else "x")
              for i, a in enumerate(args) if isinstance(a, torch.Tensor)]
    handles = recorder.hook(module)
    try:
        with torch.no_grad(), recorder.mode():
            result = module(*args)
    finally:
        for handle in handles:
            handle.remove()
    outputs = [recorder.name_of(t) for t in _tensors(result)]
    return recorder.events, recorder.shapes, inputs, outputs


class _Recorder:
    def __init__(self, module: Any) -> None:
        self.events: list[Event] = []
        self.shapes: dict[str, Any] = {}
        self.names: dict[int, str] = {}
        self.keep: list[Any] = []  # tensors stay alive, so their ids are never reused
        self.stack: list[Frame] = []
        self.calls: dict[str, int] = {}
        self.serial: dict[str, int] = {}
        self.params = {id(p): n for n, p in module.named_parameters()}
        self.params.update({id(b): n for n, b in module.named_buffers()})
        self.paths = {id(m): n for n, m in module.named_modules() if n}

    def name_of(self, tensor: Any, preferred: str | None = None) -> str:
        key = id(tensor)
        if key not in self.names:
            self.names[key] = preferred or self._fresh("tensor")
            self.keep.append(tensor)
            self.shapes[self.names[key]] = tuple(int(d) for d in tensor.shape)
        return self.names[key]

    def _fresh(self, base: str) -> str:
        count = self.serial.get(base, 0)
        self.serial[base] = count + 1
        return base if count == 0 else f"{base}_{count}"

    def hook(self, module: Any) -> list[Any]:
        handles = []
        for sub in module.modules():
            if id(sub) in self.paths:
                handles.append(sub.register_forward_pre_hook(self._enter))
                handles.append(sub.register_forward_hook(self._leave))
        return handles

    def _enter(self, sub: Any, args: Any) -> None:
        path = self.paths[id(sub)]
        count = self.calls.get(path, 0)
        self.calls[path] = count + 1
        self.stack.append((path if count == 0 else f"{path}@{count}", path,
                           type(sub).__name__))

    def _leave(self, sub: Any, args: Any, output: Any) -> None:
        self.stack.pop()

    def mode(self) -> Any:
        from torch.overrides import TorchFunctionMode

        recorder = self

        class _Mode(TorchFunctionMode):
            def __torch_function__(self, func: Any, types: Any, args: Any = (),
                                   kwargs: Any = None) -> Any:
                result = func(*args, **(kwargs or {}))
                recorder.record(func, args, kwargs or {}, result)
                return result

        return _Mode()

    def record(self, func: Any, args: Any, kwargs: Any, result: Any) -> None:
        name = getattr(func, "__name__", str(func)).strip("_") or "op"
        outputs = [t for t in _tensors(result) if id(t) not in self.params]
        if name in _SKIP or not outputs:
            return
        inputs, used = [], []
        for tensor in _tensors((args, kwargs)):
            if id(tensor) in self.params:
                used.append(self.params[id(tensor)])
            elif id(tensor) in self.names:
                inputs.append(self.names[id(tensor)])
        label = self._fresh(name)
        out_names = []
        for i, tensor in enumerate(outputs):
            # an in-place op (``relu_``, ``+=``) makes a new version of the same tensor
            self.names.pop(id(tensor), None)
            out_names.append(self.name_of(tensor, label if i == 0 else f"{label}.{i}"))
        self.events.append(Event(label, name, list(self.stack), list(dict.fromkeys(inputs)),
                                 out_names, used,
                                 describe_operator(name, args, kwargs, outputs, _shape)))


def _shape(value: Any) -> Any:
    import torch

    if not isinstance(value, torch.Tensor):
        return None
    try:
        return tuple(int(d) for d in value.shape)
    except RuntimeError:  # a lazy module's parameter before its first forward
        return None


def _tensors(value: Any) -> list[Any]:
    import torch

    found, work = [], [value]
    while work:
        item = work.pop()
        if isinstance(item, torch.Tensor):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            work.extend(reversed(item))
        elif isinstance(item, dict):
            work.extend(reversed(list(item.values())))
    return found
