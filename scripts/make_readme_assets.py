"""Render the README's pictures: ``python scripts/make_readme_assets.py``.

tests/test_readme.py re-renders them with the graphviz-pure engine and fails when
the committed files differ.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = {
    "cifar_cnn.png": ("cifar_cnn", {"show_shapes": True, "show_layer_names": True,
                                    "show_params": True, "show_title": True, "dpi": 96}),
    "two_inputs.svg": ("two_inputs", {"show_shapes": True, "show_layer_names": True}),
}


def render_assets(out_dir: Path, examples: Path = ROOT / "examples") -> list[Path]:
    """Write every README asset into ``out_dir`` and return the paths (``examples`` is
    where the model files are; records name them relative to ``out_dir``)."""
    from modelviz.check import plot_file

    written = []
    for filename, (example, options) in ASSETS.items():
        # Drawn with a provenance record, so `modelviz check docs/images/*` finds stale ones.
        plot_file(examples / f"{example}.py", out_dir / filename,
                  engine="graphviz-pure", **options)
        written.append(out_dir / filename)
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("MODELVIZ_ENGINE", "graphviz-pure")
    for path in render_assets(ROOT / "docs" / "images"):
        print(f"wrote {path.relative_to(ROOT)}")
