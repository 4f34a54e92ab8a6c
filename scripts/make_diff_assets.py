"""Render the pictures of the diff docs and README: ``python scripts/make_diff_assets.py``.

The same pictures come from the command line, e.g.
``modelviz diff examples/cifar_cnn.py examples/cifar_cnn_wide.py -o diff_cifar.png --dpi 96``.
tests/test_diff_docs.py re-renders them with the graphviz-pure engine and fails when
the committed files differ.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIR = ("cifar_cnn.py", "cifar_cnn_wide.py")
ASSETS = {
    "diff_cifar.png": {"side_by_side": False, "dpi": 96},
    "diff_cifar_side_by_side.png": {"side_by_side": True, "dpi": 96},
}


def render_assets(out_dir: Path, examples: Path = ROOT / "examples") -> list[Path]:
    """Write every diff picture into ``out_dir`` and return the paths (``examples`` is where
    the model files are; the records name both, relative to ``out_dir``, for `modelviz check`)."""
    from modelviz.drawings import diff_file

    written = []
    for filename, options in ASSETS.items():
        diff_file(*(examples / name for name in PAIR), out_dir / filename,
                  engine="graphviz-pure", **options)
        written.append(out_dir / filename)
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("MODELVIZ_ENGINE", "graphviz-pure")
    for path in render_assets(ROOT / "docs" / "images"):
        print(f"wrote {path.relative_to(ROOT)}")
