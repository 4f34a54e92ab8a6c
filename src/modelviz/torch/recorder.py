"""Events from running the model once: module calls through forward hooks, tensor
operations through a ``TorchFunctionMode`` (as torchview records them).

It runs the real forward pass (under ``no_grad``), so any Python control flow works, in
about the time of the forward pass itself. Each tensor is named by the operation that
made it (an in-place operation makes a new version); the dataflow is the tensors' real
one. A leaf module that runs no operation (``nn.Identity``, ``StochasticDepth`` in eval
mode) still gets its call, as an ``identity`` operation.
"""

from __future__ import annotations

import functools
import weakref
from typing import Any, Final

from modelviz.gcpause import paused_gc
from modelviz.torch.events import Event, Frame, describe_operator
from modelviz.torch.index import ModuleIndex

__all__ = ["record_events", "record_meta_events"]

# Tensor methods that only read metadata: not operations of the model.
_SKIP: Final = frozenset({
    "size", "dim", "numel", "shape", "dtype", "device", "is_floating_point", "len", "bool",
    "index", "format", "repr", "data_ptr", "element_size", "stride", "is_contiguous",
    "setstate", "requires_grad", "ndim", "item", "tolist", "iter", "is_complex", "get_device",
    "is_nonzero", "layout", "names", "is_cuda", "is_sparse", "storage_offset", "reduce_ex",
    "deepcopy", "contains", "hash"})


def record_events(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None,
                  names: list[str] | None = None, index: ModuleIndex | None = None,
                  tensor_names: dict[int, str] | None = None
                  ) -> tuple[list[Event], dict[str, Any], list[str], list[str]]:
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

    kwargs = kwargs or {}
    recorder = _Recorder(index or ModuleIndex(module), tensor_names)
    labels = names or [f"input_{i}" if len(args) > 1 else "x" for i in range(len(args))]
    inputs = [recorder.name_of(value, label)
              for label, value in [*zip(labels, args, strict=False), *kwargs.items()]
              if isinstance(value, torch.Tensor)]
    handles = recorder.hook()
    try:  # the collector paused: a pass would re-scan every event and tensor kept so far
        with torch.no_grad(), recorder.mode(), paused_gc():
            result = module(*args, **kwargs)
    finally:
        for handle in handles:
            handle.remove()
    outputs = [recorder.name_of(t) for t in _tensors(result)]
    return recorder.events, recorder.shapes, list(dict.fromkeys(inputs)), outputs


def record_meta_events(module: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                       names: list[str] | None = None, index: ModuleIndex | None = None
                       ) -> tuple[list[Event], dict[str, Any], list[str], list[str]]:
    """:func:`record_events` on the ``meta`` device: the same Python forward with every
    parameter, buffer and input as a tensor that has a shape and no data, so nothing is
    computed (several times faster on a large model). Raises where the forward needs
    values (a branch on a tensor, ``.item()``) or mixes in tensors it makes on the CPU:
    the caller then runs it for real.

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     net = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.ReLU())
        ...     events, shapes, inputs, outputs = record_meta_events(net, (torch.zeros(3, 4),),
        ...                                                          {})
        ...     print([event.stack[-1][1:] for event in events], shapes[outputs[0]])
        ... else:  # what torch 2.13 records
        ...     print([("0", "Linear"), ("1", "ReLU")], (3, 2))
        [('0', 'Linear'), ('1', 'ReLU')] (3, 2)
    """
    import torch
    from torch.func import functional_call
    from torch.utils._pytree import tree_map_only

    index = index or ModuleIndex(module)
    state = {name: torch.empty_like(t, device="meta")
             for name, t in (*index.params.items(), *index.buffers.items())}
    names_by_id = {id(t): name for name, t in state.items()}
    meta_args, meta_kwargs = tree_map_only(torch.Tensor, lambda t: t.to("meta"),
                                           (args, kwargs))
    before = [(m, dict(vars(m)), dict(m._buffers)) for m in module.modules()]
    try:
        return record_events(_Applied(module, state, functional_call), meta_args, meta_kwargs,
                             names, index, names_by_id)
    finally:
        _forget_meta(before)


class _Applied:
    """Calls ``module`` with other parameters and buffers (``torch.func.functional_call``)."""

    def __init__(self, module: Any, state: dict[str, Any], functional_call: Any) -> None:
        self.module, self.state, self.functional_call = module, state, functional_call

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.functional_call(self.module, self.state, args, kwargs)


def _forget_meta(before: list[tuple[Any, dict[str, Any], dict[str, Any]]]) -> None:
    """A forward that caches a tensor on its module (``self.cache = ...``) must not keep
    a meta one: such attributes and buffers get their earlier values back."""
    for module, attributes, buffers in before:
        for store, old in ((vars(module), attributes), (module._buffers, buffers)):
            changed = [k for k, v in store.items()
                       if getattr(v, "is_meta", False) and old.get(k) is not v]
            for key in changed:
                if key in old:
                    store[key] = old[key]
                else:
                    del store[key]


class _Recorder:
    def __init__(self, index: ModuleIndex, tensor_names: dict[int, str] | None) -> None:
        self.events: list[Event] = []
        self.shapes: dict[str, Any] = {}
        self.names: dict[int, str] = {}  # id -> name, of live tensors only (see _Ref)
        self.refs: dict[int, _Ref] = {}
        self.stack: list[Frame] = []
        self.started: list[int] = []  # events recorded when each open call began
        self.calls: dict[str, int] = {}
        self.serial: dict[str, int] = {}
        self.index = index
        self.params = index.names if tensor_names is None else tensor_names
        self.paths = index.paths
        self.leaves = {id(index.modules[path]) for path in index.leaves}

    def name_of(self, tensor: Any, preferred: str | None = None) -> str:
        key = id(tensor)
        if key not in self.names:
            self.names[key] = self._fresh(preferred or "tensor")
            if key not in self.refs:
                self.refs[key] = _Ref(tensor, self._forget, key)
            self.shapes[self.names[key]] = tuple(tensor.shape)
        return self.names[key]

    def _forget(self, ref: _Ref) -> None:
        """A tensor freed: its id may come back as another tensor, which is not it."""
        if self.refs.get(ref.key) is ref:
            del self.refs[ref.key]
            self.names.pop(ref.key, None)

    def _fresh(self, base: str) -> str:
        count = self.serial.get(base, 0)
        self.serial[base] = count + 1
        return base if count == 0 else f"{base}_{count}"

    def hook(self) -> list[Any]:
        handles = []
        for sub in self.index.modules.values():
            handles.append(sub.register_forward_pre_hook(self._enter))
            handles.append(sub.register_forward_hook(self._leave, with_kwargs=True))
        return handles

    def _enter(self, sub: Any, args: Any) -> None:
        path = self.paths[id(sub)]
        count = self.calls.get(path, 0)
        self.calls[path] = count + 1
        self.stack.append((path if count == 0 else f"{path}@{count}", path,
                           type(sub).__name__))
        self.started.append(len(self.events))

    def _leave(self, sub: Any, args: Any, kwargs: Any, output: Any) -> None:
        if self.started.pop() == len(self.events) and id(sub) in self.leaves:
            self._identity((args, kwargs), output)
        self.stack.pop()

    def _identity(self, args: Any, output: Any) -> None:
        """A leaf call that ran no operation: its output is a new name for its input."""
        inputs = [self.names[id(t)] for t in _tensors(args) if id(t) in self.names]
        outputs = _tensors(output)
        if not outputs:
            return
        label = self._fresh("identity")
        out_names = []
        for index, tensor in enumerate(outputs):
            self.names.pop(id(tensor), None)
            out_names.append(self.name_of(tensor, label if index == 0 else f"{label}.{index}"))
        ins, outs = [self.shapes[n] for n in inputs], [self.shapes[n] for n in out_names]
        self.events.append(Event(label, "identity", list(self.stack), inputs, out_names, [],
                                 ins, outs, operator={"op": "identity", "inputs": ins,
                                                      "attrs": {}, "outputs": outs}))

    def mode(self) -> Any:
        return _mode_class()(self)

    def record(self, func: Any, args: Any, kwargs: Any, result: Any) -> None:
        name = _op_name(func)
        if name in _SKIP:
            return
        outputs = [t for t in _tensors(result) if id(t) not in self.params]
        if not outputs:
            return
        inputs, used, shapes = [], [], []
        for tensor in _tensors((args, kwargs)):
            key = id(tensor)
            shapes.append(tuple(tensor.shape))
            if key in self.params:
                used.append(self.params[key])
            elif key in self.names:
                inputs.append(self.names[key])
        label = self._fresh(name)
        out_names = []
        for index, tensor in enumerate(outputs):
            # an in-place op (``relu_``, ``+=``) makes a new version of the same tensor
            self.names.pop(id(tensor), None)
            out_names.append(self.name_of(tensor, label if index == 0 else f"{label}.{index}"))
        self.events.append(Event(label, name, list(self.stack), list(dict.fromkeys(inputs)),
                                 out_names, used, shapes, [self.shapes[n] for n in out_names],
                                 _arguments(name, args),
                                 describe_operator(name, args, kwargs, outputs, _shape_of)))


class _Ref(weakref.ref):
    """A weak reference to a named tensor that knows its ``id``: the recorder keeps no
    tensor alive (a forward's activations are freed as they would be without it)."""

    __slots__ = ("key",)

    def __new__(cls, tensor: Any, callback: Any, key: int) -> _Ref:
        return super().__new__(cls, tensor, callback)

    def __init__(self, tensor: Any, callback: Any, key: int) -> None:
        super().__init__(tensor, callback)
        self.key = key


def _shape_of(value: Any) -> Any:
    import torch

    if not isinstance(value, torch.Tensor):
        return None
    try:
        return tuple(int(d) for d in value.shape)
    except RuntimeError:  # a lazy module's parameter before its first forward
        return None


@functools.cache
def _mode_class() -> Any:
    """A ``TorchFunctionMode`` that hands every operation to a recorder (made once)."""
    from torch.overrides import TorchFunctionMode

    class _Mode(TorchFunctionMode):
        def __init__(self, recorder: _Recorder) -> None:
            super().__init__()
            self.recorder = recorder

        def __torch_function__(self, func: Any, types: Any, args: Any = (),
                               kwargs: Any = None) -> Any:
            result = func(*args, **(kwargs or {}))
            self.recorder.record(func, args, kwargs or {}, result)
            return result

    return _Mode


def _op_name(func: Any) -> str:
    """``torch.add`` -> ``add``; ``Tensor.__iadd__`` -> ``iadd``; ``Tensor.T`` -> ``T``."""
    name = getattr(func, "__name__", None) or str(func)
    if name == "__get__":  # a property such as ``.T`` or ``.data``
        name = getattr(getattr(func, "__self__", None), "__name__", name)
    return name.strip("_") or "op"


def _arguments(name: str, args: Any) -> dict[str, Any]:
    """The equation of ``einsum``: the one non-tensor argument a shape rule needs."""
    if name == "einsum" and args and isinstance(args[0], str):
        return {"equation": args[0]}
    return {}


def _tensors(value: Any) -> list[Any]:
    import torch

    if isinstance(value, torch.Tensor):
        return [value]
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
