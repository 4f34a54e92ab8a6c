"""Crafted deep links and layer names in the interactive page, and MkDocs drawings, in Chromium.

Issue 20 items 7 and 14: ``#node=%`` or a layer named ``constructor`` must not stop the
page; a wide inline SVG in an MkDocs page fits the content column. Uses the browser of
``tests/test_html_browser.py`` (skips without one, fails with MODELVIZ_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from modelviz import Input, Model, layers
from modelviz.html import model_page
from modelviz.plot import dot_options
from tests.test_html_browser import driver, js, open_page  # noqa: F401  (driver: a fixture)

ROOT = Path(__file__).parent.parent
HOSTILE_NAMES = ("constructor", "__proto__", "toString", "hasOwnProperty", "valueOf")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = Input((8,), name="x")
    tensor = inputs
    for name in HOSTILE_NAMES:
        tensor = layers.Dense(4, name=name)(tensor)
    page = tmp_path_factory.mktemp("hostile") / "names.html"
    graph = Model(inputs, tensor, name="hostile").to_graph()
    options = dot_options(show_shapes=True, show_layer_names=True, dpi=None)
    page.write_text(model_page(graph, options, engine="graphviz-pure"), "utf-8")
    return page


def _errors(driver: Any) -> list[Any]:  # noqa: F811
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("fragment", ["#node=%", "#node=%E0%A4%A", "#node=constructor",
                                      "#node=__proto__", "#node=toString", "#node=%zz",
                                      "#node=hasOwnProperty", "#node=valueOf"])
def test_crafted_deep_links_leave_the_page_working(driver: Any, fragment: str,  # noqa: F811
                                                   tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    inputs = Input((8,), name="x")
    model = Model(inputs, layers.Dense(2, name="head")(inputs), name="plain")
    page.write_text(model_page(model.to_graph(), dot_options(dpi=None),
                               engine="graphviz-pure"), "utf-8")
    driver.get_log("browser")
    open_page(driver, page, fragment)  # fails if the page never becomes ready
    assert js(driver, "window.modelviz.selected()") is None
    assert js(driver, "window.modelviz.select('head')") is True
    assert js(driver, "window.modelviz.selected()") == "head"
    assert not _errors(driver)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_layers_named_like_object_properties_select(driver: Any, hostile_page: Path,  # noqa: F811
                                                    name: str) -> None:
    driver.get_log("browser")
    open_page(driver, hostile_page, f"#node={name}")
    assert js(driver, "window.modelviz.selected()") == name
    assert driver.find_element("css selector", "#mv-panel h2").text == name
    assert js(driver, "window.modelviz.select('x')") is True
    down = js(driver, "window.modelviz.marked('mv-down')")
    assert down == ["x", *HOSTILE_NAMES]
    assert js(driver, "window.modelviz.search(arguments[0])", name) == [name]
    assert not _errors(driver)


def test_a_wide_mkdocs_drawing_fits_the_content_column(driver: Any,  # noqa: F811
                                                       tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "examples" / "cifar_cnn.py", tmp_path / "docs" / "net.py")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - modelviz\n")
    (tmp_path / "docs" / "index.md").write_text(
        "# Wide\n\n```modelviz\nsource: net.py\nshow_shapes: true\nrankdir: LR\n```\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    driver.get((tmp_path / "site" / "index.html").as_uri())
    deadline = time.monotonic() + 20
    while js(driver, "document.readyState") != "complete":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    svg = "document.querySelector('.modelviz-diagram svg')"
    natural = js(driver, f"{svg}.width.baseVal.value")
    column = js(driver, f"{svg}.parentNode.clientWidth")
    box = js(driver, f"{svg}.getBoundingClientRect()")
    assert natural > column > 300  # the drawing is wider than the column it sits in
    assert box["width"] <= column + 0.5
    ratio = js(driver, f"{svg}.height.baseVal.value") / natural
    assert abs(box["height"] / box["width"] - ratio) < 0.02  # scaled, not squeezed
