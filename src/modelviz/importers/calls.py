"""Names of module calls: a module called several times is a row per call, as torchinfo
lists it; both PyTorch captures and the ONNX reader name the calls alike."""

from __future__ import annotations

__all__ = ["call_label"]


def call_label(path: str, call: int) -> str:
    """The row name of a module's call: its path, later calls marked as torchinfo does.

    Example:
        >>> call_label("layer1.0.relu", 0), call_label("layer1.0.relu", 1)
        ('layer1.0.relu', 'layer1.0.relu [2nd call]')
    """
    if call == 0:
        return path
    number = call + 1
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10, "th")
    return f"{path} [{number}{suffix} call]"
