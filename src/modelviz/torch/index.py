"""One walk over a module's tree: its parameters, buffers and submodules by name.

Every step of a capture asks these (which tensor is a parameter, a module's path, its
weights); walking ``named_parameters()`` once per question costs more than a small
model's forward pass, so :class:`ModuleIndex` walks once.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ModuleIndex", "dtype_name"]


class ModuleIndex:
    """Parameters and buffers by canonical name and by ``id``; submodules by path.

    Example:
        >>> import importlib.util
        >>> if importlib.util.find_spec("torch"):  # an optional extra: CI installs it
        ...     import torch
        ...     net = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.BatchNorm1d(2))
        ...     index = ModuleIndex(net)
        ...     print(list(index.params), list(index.buffers)[:2], sorted(index.leaves))
        ... else:  # what torch gives
        ...     print(["0.weight", "0.bias", "1.weight", "1.bias"],
        ...           ["1.running_mean", "1.running_var"], ["0", "1"])
        ['0.weight', '0.bias', '1.weight', '1.bias'] ['1.running_mean', '1.running_var'] ['0', '1']
    """

    def __init__(self, root: Any) -> None:
        self.root = root
        self.params: dict[str, Any] = {}
        self.buffers: dict[str, Any] = {}
        self.names: dict[int, str] = {}  # id(parameter or buffer) -> canonical name
        self.modules: dict[str, Any] = {}
        self.paths: dict[int, str] = {}
        self.leaves: set[str] = set()
        for path, module in root.named_modules():
            self._add(path, module)

    def _add(self, path: str, module: Any) -> None:
        if path:
            self.modules[path] = module
            self.paths[id(module)] = path
            if not module._modules:
                self.leaves.add(path)
        prefix = f"{path}." if path else ""
        for store, table in ((module._parameters, self.params), (module._buffers, self.buffers)):
            for name, tensor in store.items():
                if tensor is not None and id(tensor) not in self.names:
                    self.names[id(tensor)] = prefix + name
                    table[prefix + name] = tensor

    def weights(self, path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """A module's parameters (by canonical name, so shared ones match) and buffers."""
        module = self.modules[path]
        if path in self.leaves:
            params, buffers = module._parameters.items(), module._buffers.items()
        else:
            params, buffers = module.named_parameters(), module.named_buffers()
        weights = [{"name": self.names.get(id(p), f"{path}.{n}"), "label": n,
                    "shape": tuple(p.shape), "trainable": bool(p.requires_grad),
                    "dtype": dtype_name(p)} for n, p in params if p is not None]
        state = [{"name": f"{path}.{n}", "label": n, "shape": tuple(b.shape),
                  "dtype": dtype_name(b)} for n, b in buffers if b is not None]
        return weights, state


def dtype_name(tensor: Any) -> str:
    """``torch.float32`` -> ``float32``.

    Example:
        >>> dtype_name(type("T", (), {"dtype": "torch.bfloat16"})())
        'bfloat16'
    """
    return str(tensor.dtype).removeprefix("torch.")
