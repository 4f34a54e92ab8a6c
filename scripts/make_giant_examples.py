"""Render docs/giant.rst's pictures: ``python scripts/make_giant_examples.py [CONFIG_DIR]``.

Two giant diagrams drawn as a user would (``plot_model`` to PNG, graphviz-pure): a chain of
3,000 Dense layers and keras.applications' InceptionResNetV2 (its Keras 3 config,
``app_inceptionresnetv2.json``, from CONFIG_DIR, default tests/fixtures/keras3/configs).
Both are too tall for one readable PNG, so plot_model writes pages; the docs keep the top
of the first two pages of each (crops, to keep the repository small), the folded chain,
and a text file with the warning plot_model gave and each page's size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images" / "giant"
CROP_PX = 1400
DPI = 200  # plot_model's default


def _pages(model, name: str, tmp: Path, notes: list[str], **options) -> list[Path]:
    from modelviz import plot_model

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot_model(model, to_file=tmp / f"{name}.png", dpi=DPI, engine="graphviz-pure",
                   **options)
    notes += [f"{name}: {w.message}".replace(str(tmp) + "/", "") for w in caught]
    pages = sorted(tmp.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return pages or [tmp / f"{name}.png"]


def _crop(page: Path, target: Path, notes: list[str]) -> None:
    from PIL import Image

    with Image.open(page) as image:
        notes.append(f"{page.name}: {image.width} x {image.height} px")
        box = (0, 0, min(image.width, CROP_PX), min(CROP_PX, image.height))
        image.crop(box).save(target, optimize=True)


def main(config_dir: Path) -> None:
    from modelviz import Input, Sequential, layers, load
    from modelviz.layers.base import clear_session

    OUT.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    clear_session()
    chain = Sequential([Input((8,))] + [layers.Dense(8) for _ in range(3000)], name="chain")
    inception = load(config_dir / "app_inceptionresnetv2.json")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name, model, options in (("chain3000", chain, {"show_shapes": True}),
                                     ("inceptionresnetv2", inception, {})):
            pages = _pages(model, name, tmp, notes, **options)
            for index, page in enumerate(pages[:2], start=1):
                _crop(page, OUT / f"{name}-page{index}-top.png", notes)
            notes.append(f"{name}: {len(pages)} pages")
        folded = _pages(chain, "chain3000-folded", tmp, notes, show_shapes=True,
                        fold_repeats=True)
        _crop(folded[0], OUT / "chain3000-folded.png", notes)
    (OUT / "notes.txt").write_text("\n".join(notes) + "\n")
    print("\n".join(notes))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("MODELVIZ_ENGINE", "graphviz-pure")
    default = ROOT / "tests" / "fixtures" / "keras3" / "configs"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
