"""Giant bitmaps stay readable: shrink only down to the text floor, then pages; caps hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from modelviz import Input, Sequential, layers
from modelviz import pages as pages_module
from modelviz.errors import ModelvizWarning, RenderError
from modelviz.pages import READABLE_TEXT_PX, SMALLEST_FONT_PT, page_paths
from modelviz.plot import plot_model, to_dot_text
from modelviz.render import layout_size

ENGINE = "graphviz-pure"


def _chain(depth: int) -> Sequential:
    return Sequential([Input((8,))] + [layers.Dense(8) for _ in range(depth)])


def _smallest_text_px(image_width_px: int, drawing_width_pt: float) -> float:
    """The pixel height of 13-pt text at the scale the picture was drawn."""
    dpi = image_width_px * 72 / drawing_width_pt
    return SMALLEST_FONT_PT * dpi / 72


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pretend Graphviz's bitmap limit is 1,500 px, so small chains hit it."""
    monkeypatch.setattr(pages_module, "MAX_BITMAP_PX", 1500)
    return 1500


def test_a_bit_too_tall_is_drawn_smaller_but_readable(tmp_path: Path, small_limit: int) -> None:
    model = _chain(20)
    width_pt = layout_size(to_dot_text(model, dpi=96), engine=ENGINE).width_pt
    with pytest.warns(ModelvizWarning, match=r"drew it at dpi \d+ \(scale 0\.\d+, smallest text"):
        plot_model(model, to_file=tmp_path / "m.png", dpi=96, engine=ENGINE)
    with Image.open(tmp_path / "m.png") as image:
        assert image.height <= small_limit
        assert _smallest_text_px(image.width, width_pt) >= READABLE_TEXT_PX


def test_far_too_tall_becomes_readable_pages(tmp_path: Path, small_limit: int) -> None:
    model = _chain(60)
    width_pt = layout_size(to_dot_text(model, dpi=96), engine=ENGINE).width_pt
    with pytest.warns(ModelvizWarning, match=r"wrote \d+ pages: .*m-1\.png.*\.svg.*fold-repeats"):
        assert plot_model(model, to_file=tmp_path / "m.png", dpi=96, engine=ENGINE) is None
    written = sorted(tmp_path.glob("m-*.png"))
    assert len(written) > 1 and not (tmp_path / "m.png").exists()
    assert set(written) == set(page_paths(tmp_path / "m.png", len(written)))
    for path in written:
        with Image.open(path) as image:
            assert image.height <= small_limit
            # drawn at the requested 96 dpi: boxes as wide as in the whole drawing
            assert _smallest_text_px(image.width, width_pt) >= 13 * 0.95


def test_svg_is_never_paged(tmp_path: Path, small_limit: int) -> None:
    plot_model(_chain(60), to_file=tmp_path / "m.svg", engine=ENGINE)
    assert [p.name for p in tmp_path.iterdir()] == ["m.svg"]


def test_pages_note_where_edges_leave() -> None:
    from modelviz.diagram.dot import DotOptions, dot_block

    block = dot_block(_chain(10).to_graph(), DotOptions(show_layer_names=True))
    owner, names = pages_module._owners(block.items), pages_module._names(block.items)
    page = pages_module._page_block(block, 3, 6, owner, names)
    labels = [item[1] for item in page.items]
    assert any("↑ from dense_2" in label for label in labels)
    assert any("↓ to dense_6" in label for label in labels)


def test_page_count_is_capped(tmp_path: Path, small_limit: int,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_module, "MAX_PAGES", 2)
    with pytest.raises(RenderError, match=r"pages .*the cap is 2.*\.svg.*--fold-repeats"):
        plot_model(_chain(60), to_file=tmp_path / "m.png", dpi=96, engine=ENGINE)
    assert list(tmp_path.iterdir()) == []


def test_huge_dpi_stays_within_the_area_cap(tmp_path: Path) -> None:
    with pytest.warns(ModelvizWarning, match="dpi 100000"):
        plot_model(_chain(2), to_file=tmp_path / "m.png", dpi=100_000, engine=ENGINE)
    with Image.open(tmp_path / "m.png") as image:
        assert image.width * image.height <= pages_module.MAX_PAGE_PIXELS
        assert max(image.size) <= 32767


def test_timeout_is_named(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"did not finish .* timeout=\.\.\. \(CLI: --timeout"):
        plot_model(_chain(30), to_file=tmp_path / "m.svg", engine=ENGINE, timeout=0.001)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "5", True])
def test_bad_timeout(tmp_path: Path, bad: object) -> None:
    with pytest.raises(RenderError, match="timeout must be a positive number"):
        plot_model(_chain(2), to_file=tmp_path / "m.svg", engine=ENGINE, timeout=bad)
