"""The interactive page in a real headless Chromium (Debian's chromium + chromium-driver).

Skips with a reason when there is no Chromium; with MODELVIZ_REQUIRE_BROWSER=1 (CI) it fails
instead. Selenium is pointed at the system driver and browser, so nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modelviz import Input, Model, layers, load
from modelviz.html import model_page
from modelviz.plot import dot_options

CONFIGS = Path(__file__).parent / "fixtures" / "keras3" / "configs"
RESNET50 = CONFIGS / "app_resnet50.json"
CHROMIUM = os.environ.get("MODELVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("MODELVIZ_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,900")


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[browser]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"no {path} (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    why = _missing()
    if why:
        if os.environ.get("MODELVIZ_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but cannot run: {why}")
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="modelviz-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def resnet() -> Any:
    return load(RESNET50).to_graph()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, resnet: Any) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    inputs = Input((224, 224, 3), name="image")
    outputs = layers.Dense(10, name="classifier")(load(RESNET50)(inputs))
    transfer = Model(inputs, outputs, name="transfer").to_graph()
    irv2 = load(CONFIGS / "app_inceptionresnetv2.json").to_graph()
    options = dot_options(show_shapes=True, show_layer_names=True, dpi=None)
    out = {}
    for name, graph in (("resnet50", resnet), ("transfer", transfer), ("irv2", irv2)):
        out[name] = folder / f"{name}.html"
        out[name].write_text(model_page(graph, options, engine="graphviz-pure"), "utf-8")
    return out


def open_page(driver: Any, path: Path, fragment: str = "") -> None:
    driver.get("about:blank")
    driver.get(path.as_uri() + fragment)
    deadline = time.monotonic() + 20
    while not driver.execute_script("return !!(window.modelviz && window.modelviz.ready)"):
        assert time.monotonic() < deadline, f"page never became ready: {driver.get_log('browser')}"
        time.sleep(0.05)


def js(driver: Any, script: str, *args: Any) -> Any:
    return driver.execute_script("return " + script, *args)


def wait_for(driver: Any, selector: str, seconds: float = 10) -> None:
    """Until ``selector`` matches: the page attaches boxes in the next animation frame, which
    a loaded machine may delay."""
    deadline = time.monotonic() + seconds
    while not js(driver, "!!document.querySelector(arguments[0])", selector):
        assert time.monotonic() < deadline, f"{selector} never appeared"
        time.sleep(0.05)


def panel_rows(driver: Any) -> dict[str, str]:
    cells = js(driver, "[...document.querySelectorAll('#mv-panel tr')].map(r => "
                       "[r.children[0].textContent, r.children[1].textContent])")
    return dict(cells)


def test_page_loads_without_errors_or_requests(driver: Any, pages: dict[str, Path]) -> None:
    driver.get_log("performance")  # drop what came before
    open_page(driver, pages["resnet50"])
    assert js(driver, "window.modelviz.readyMs") < 5000
    requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests
            if m["method"] == "Network.requestWillBeSent"]
    assert pages["resnet50"].as_uri() in urls
    # chrome:// is the browser's own UI; anything else would be the page asking the network
    assert [url for url in urls if not url.startswith(("file://", "chrome://"))] == []
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_search_matches_names_and_classes(driver: Any, pages: dict[str, Path],
                                          resnet: Any) -> None:
    open_page(driver, pages["resnet50"])
    for query in ("conv1", "add", "BatchNorm"):
        q = query.lower()
        expected = [k for k, d in resnet.nodes(data=True)
                    if q in d["name"].lower() or q in d["class_name"].lower()]
        assert js(driver, "window.modelviz.search(arguments[0])", query) == expected
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("id", "mv-search")
    box.send_keys("conv2_block1")
    hits = js(driver, "window.modelviz.search('conv2_block1')")
    assert sorted(js(driver, "window.modelviz.marked('mv-hit')")) == sorted(hits)
    assert driver.find_element("id", "mv-count").text == f"1/{len(hits)}"
    box.send_keys(Keys.ESCAPE)
    driver.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    js(driver, "window.modelviz.find('conv2_block1')")
    driver.find_element("id", "mv-viewport").send_keys("nnN")
    assert driver.find_element("id", "mv-count").text == f"2/{len(hits)}"
    assert js(driver, "window.modelviz.marked('mv-current')") == [hits[1]]


def test_select_opens_the_panel_with_the_numbers(driver: Any, pages: dict[str, Path],
                                                 resnet: Any) -> None:
    open_page(driver, pages["resnet50"])
    assert js(driver, "window.modelviz.select('conv1_conv')") is True
    attrs = resnet.nodes["conv1_conv"]
    assert driver.find_element("css selector", "#mv-panel h2").text == "conv1_conv"
    rows = panel_rows(driver)
    assert rows["Params"] == f"{attrs['params']:,}" == "9,472"
    assert rows["Output shape"] == "(None, 112, 112, 64)"
    assert rows["Non-trainable params"] == "0"
    assert "kernel 7×7×3×64 + bias 64 = 9,472" in driver.find_element("id", "mv-panel").text
    links = js(driver, "[...document.querySelectorAll('#mv-panel .mv-links a')]"
                       ".map(a => a.textContent)")
    assert links == ["conv1_pad", "conv1_bn"]
    assert js(driver, "location.hash") == "#node=conv1_conv"
    # upstream: input_layer, conv1_pad and itself; downstream: itself and everything after it
    assert js(driver, "window.modelviz.marked('mv-up')") == ["input_layer", "conv1_pad",
                                                           "conv1_conv"]
    assert len(js(driver, "window.modelviz.marked('mv-down')")) == len(resnet) - 2
    assert js(driver, "document.querySelectorAll('#mv-drawing g.edge.mv-up').length") == 2
    bn = resnet.nodes["conv1_bn"]
    driver.find_element("link text", "conv1_bn").click()
    assert js(driver, "window.modelviz.selected()") == "conv1_bn"
    assert panel_rows(driver)["Non-trainable params"] == f"{bn['non_trainable_params']:,}"


def test_click_on_a_box_selects_it(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(driver, pages["resnet50"])
    box = js(driver, "document.querySelectorAll('#mv-drawing g.node')[2].querySelector('polygon')")
    name = js(driver, "arguments[0].parentNode.querySelector('title').textContent", box)
    ActionChains(driver).move_to_element(box).click().perform()
    assert js(driver, "window.modelviz.selected()") == name
    assert driver.find_element("id", "mv-panel").is_displayed()


def test_deep_link_selects_the_layer(driver: Any, pages: dict[str, Path], resnet: Any) -> None:
    open_page(driver, pages["resnet50"], "#node=conv4_block3_2_conv")
    assert js(driver, "window.modelviz.selected()") == "conv4_block3_2_conv"
    assert driver.find_element("css selector", "#mv-panel h2").text == "conv4_block3_2_conv"
    expected = f"{resnet.nodes['conv4_block3_2_conv']['params']:,}"
    assert panel_rows(driver)["Params"] == expected
    driver.execute_script("location.hash = '#node=conv5_block1_add'")
    time.sleep(0.2)
    assert js(driver, "window.modelviz.selected()") == "conv5_block1_add"


def test_fold_and_unfold_repeats(driver: Any, pages: dict[str, Path]) -> None:
    open_page(driver, pages["resnet50"])
    assert js(driver, "window.modelviz.view()") == "folded=off"
    driver.find_element("css selector", "#mv-toggles button[data-flag=folded]").click()
    assert js(driver, "window.modelviz.view()") == "folded=on"
    shown = js(driver, "window.modelviz.visible()")
    assert "conv2_block2_1_conv" not in shown and any("×" in k or "…" in k for k in shown)
    js(driver, "window.modelviz.select('conv2_block2_1_conv')")
    assert js(driver, "window.modelviz.view()") == "folded=off"  # shown where it is drawn


def test_expand_and_collapse_a_nested_model(driver: Any, pages: dict[str, Path],
                                            resnet: Any) -> None:
    open_page(driver, pages["transfer"])
    assert js(driver, "window.modelviz.view()") == "nested=off"
    assert "resnet50/conv1_conv" not in js(driver, "window.modelviz.visible()")
    js(driver, "window.modelviz.select('resnet50')")
    assert panel_rows(driver)["Params"] == f"{resnet.graph['total_params']:,}"
    driver.find_element("css selector", "#mv-panel button[data-flag=nested]").click()
    assert js(driver, "window.modelviz.view()") == "nested=on"
    assert "resnet50/conv1_conv" in js(driver, "window.modelviz.visible()")
    assert js(driver, "window.modelviz.marked('mv-sel')") == ["resnet50"]  # the cluster
    driver.find_element("css selector", "#mv-toggles button[data-flag=nested]").click()
    assert js(driver, "window.modelviz.view()") == "nested=off"


def test_zoom_pan_and_fit(driver: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(driver, pages["resnet50"])
    viewport = driver.find_element("id", "mv-viewport")
    before = js(driver, "window.modelviz.state()")
    viewport.send_keys("+")
    assert js(driver, "window.modelviz.state()")["scale"] > before["scale"]
    driver.find_element("id", "mv-zoom-out").click()
    driver.find_element("id", "mv-zoom-out").click()
    assert js(driver, "window.modelviz.state()")["scale"] < before["scale"]
    moved = js(driver, "window.modelviz.state()")
    ActionChains(driver).move_to_element(viewport).click_and_hold().move_by_offset(-120, -200) \
        .release().perform()
    after = js(driver, "window.modelviz.state()")
    assert (after["x"], after["y"]) == pytest.approx((moved["x"] - 120, moved["y"] - 200), abs=2)
    driver.find_element("id", "mv-fit").click()
    assert js(driver, "window.modelviz.state()") == pytest.approx(before)
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin

    ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(viewport), 0, 300).perform()
    assert js(driver, "window.modelviz.state()")["scale"] < before["scale"]
    minimap = driver.find_element("id", "mv-minimap")
    ActionChains(driver).move_to_element_with_offset(minimap, 0, minimap.size["height"] // 3) \
        .click().perform()
    assert js(driver, "window.modelviz.state()")["y"] < before["y"] - 1000  # jumped down


def test_a_782_layer_model_draws_only_what_is_on_screen(driver: Any,
                                                       pages: dict[str, Path]) -> None:
    open_page(driver, pages["irv2"])
    drawn = js(driver, "window.modelviz.attached()")
    assert 0 < drawn < 400  # of 782 boxes and their edges
    assert js(driver, "window.modelviz.select('block8_10_conv')") is True
    assert panel_rows(driver)["Output shape"] == "(None, 8, 8, 2080)"
    wait_for(driver, "#mv-drawing g.mv-sel")
    box = js(driver, "document.querySelector('#mv-drawing g.mv-sel').getBoundingClientRect()")
    assert 0 < box["x"] < 1400 and 0 < box["y"] < 900  # attached and on screen
    js(driver, "window.modelviz.zoom(0.05)")
    assert js(driver, "window.modelviz.attached()") > 2 * drawn


def test_screenshot_is_not_blank(driver: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    open_page(driver, pages["resnet50"], "#node=conv2_block1_1_conv")
    shot = tmp_path / "resnet50.png"
    driver.save_screenshot(str(shot))
    image = Image.open(shot).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 20) or []
    background = max(colors)[1]
    ink = sum(count for count, color in colors if color != background)
    assert len(colors) > 50 and ink > 0.2 * image.width * image.height
    orange = sum(count for count, (r, g, b) in colors if r > 240 and 90 < g < 130 and b < 30)
    assert orange > 200  # the selected box's outline


def test_dark_theme_follows_the_system(driver: Any, pages: dict[str, Path]) -> None:
    background = "getComputedStyle(document.body).backgroundColor"
    try:
        for scheme, color in (("dark", "rgb(18, 18, 18)"), ("light", "rgb(250, 250, 250)")):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                "features": [{"name": "prefers-color-scheme", "value": scheme}]})
            open_page(driver, pages["resnet50"])
            assert js(driver, background) == color
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_notebook_iframe_works(driver: Any, tmp_path: Path) -> None:
    from modelviz import to_html

    inputs = Input((28, 28, 1), name="pixels")
    outputs = layers.Dense(10, name="classifier")(layers.Flatten(name="flat")(inputs))
    model = Model(inputs, outputs, name="tiny")
    cell = to_html(model, engine="graphviz-pure")._repr_html_()
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body>{cell}</body></html>", "utf-8")
    driver.get(notebook.as_uri())
    driver.switch_to.frame(driver.find_element("tag name", "iframe"))
    try:
        deadline = time.monotonic() + 20
        while not js(driver, "!!(window.modelviz && window.modelviz.ready)"):
            assert time.monotonic() < deadline, driver.get_log("browser")
            time.sleep(0.05)
        assert js(driver, "window.modelviz.select('classifier')") is True
        params = model.to_graph().nodes["classifier"]["params"]
        assert panel_rows(driver)["Params"] == f"{params:,}"
        driver.find_element("link text", "flat").click()
        assert js(driver, "window.modelviz.selected()") == "flat"
    finally:
        driver.switch_to.default_content()


def test_a_32_layer_decoder_page_opens_searches_and_stays_responsive(driver: Any,
                                                                    tmp_path: Path) -> None:
    """2,600 ONNX operators: one view, ready fast, 60 zoom frames at a usable rate."""
    pytest.importorskip("onnx")
    graph = load(Path(__file__).parent / "fixtures" / "onnx" / "decoder_32.onnx").to_graph()
    path = tmp_path / "decoder.html"
    path.write_text(model_page(graph, dot_options(show_shapes=True, show_layer_names=True,
                                                  dpi=None), engine="graphviz-pure"), "utf-8")
    open_page(driver, path)
    assert js(driver, "window.modelviz.readyMs") < 5000  # under 1 s here; a loaded CI box
    assert js(driver, "window.modelviz.views()") == ["nested=off"]
    hits = js(driver, "window.modelviz.find('c_attn')")
    assert hits == [f"h.{i}/attn/c_attn" for i in range(32)]  # names are searched
    assert js(driver, "window.modelviz.select('h.31/attn/c_attn/MatMul')") is True
    assert panel_rows(driver)["Output shape"] == "(1, 128, 192)"
    frames = driver.execute_async_script("""
        var done = arguments[0], times = [], last = performance.now();
        function frame(now) {
          times.push(now - last); last = now;
          window.modelviz.zoom(times.length % 2 ? 1.25 : 0.8);
          if (times.length < 60) { requestAnimationFrame(frame); } else { done(times); }
        }
        requestAnimationFrame(frame);""")
    frames.sort()
    assert frames[len(frames) // 2] < 100  # median frame time, ms (about 17 when idle)
