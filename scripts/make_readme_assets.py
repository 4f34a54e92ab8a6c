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


def render_assets(out_dir: Path) -> list[Path]:
    """Write every README asset into ``out_dir`` and return the paths."""
    from modelviz import plot_model
    from modelviz.importers import load_python_file
    from modelviz.layers.base import clear_session

    written = []
    for filename, (example, options) in ASSETS.items():
        clear_session()
        model = load_python_file(ROOT / "examples" / f"{example}.py")
        plot_model(model, to_file=out_dir / filename, engine="graphviz-pure", **options)
        written.append(out_dir / filename)
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("MODELVIZ_ENGINE", "graphviz-pure")
    for path in render_assets(ROOT / "docs" / "images"):
        print(f"wrote {path.relative_to(ROOT)}")
