"""Interactive HTML benchmark: page size, build time and time to interactive in Chromium.

Run: ``python benchmarks/bench_html.py [--runs 5]``. Builds the pages of ResNet50 (177
layers) and InceptionResNetV2 (782 layers) from their real Keras 3 configs with
``show_shapes`` and ``show_layer_names`` (graphviz-pure), prints their size and build time,
then, when a system Chromium and chromedriver exist (``/usr/bin/chromium``), loads each page
``--runs`` times in a fresh headless browser and prints medians of the page's own marks
(milliseconds since navigation start): ``ready`` (the script has drawn the first view and
answers ``window.modelviz``) and ``painted`` (the first frame after that). Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CONFIGS = ROOT / "tests" / "fixtures" / "keras3" / "configs"
MODELS = {"ResNet50": "app_resnet50.json", "InceptionResNetV2": "app_inceptionresnetv2.json"}
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,900")


def build(folder: Path) -> dict[str, Path]:
    from modelviz import load
    from modelviz.html import model_page
    from modelviz.plot import dot_options

    pages = {}
    options = dot_options(show_shapes=True, show_layer_names=True, dpi=None)
    for name, config in MODELS.items():
        graph = load(CONFIGS / config).to_graph()
        start = time.perf_counter()
        text = model_page(graph, options, engine="graphviz-pure")
        seconds = time.perf_counter() - start
        pages[name] = folder / f"{name}.html"
        pages[name].write_text(text, encoding="utf-8")
        size = len(text.encode())
        print(f"{name}: {len(graph)} layers, {size:,} bytes, built in {seconds:.2f} s")
    return pages


def browse(pages: dict[str, Path], runs: int) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        for name, path in pages.items():
            marks = [_load(driver, path) for _ in range(runs)]
            ready = statistics.median(m["ready"] for m in marks)
            painted = statistics.median(m["painted"] for m in marks)
            print(f"{name}: ready {ready:.0f} ms, painted {painted:.0f} ms "
                  f"(medians of {runs} loads)")
    finally:
        driver.quit()


def _load(driver: object, path: Path) -> dict[str, float]:
    driver.get("about:blank")  # type: ignore[attr-defined]
    driver.get(path.as_uri())  # type: ignore[attr-defined]
    for _ in range(400):
        marks = driver.execute_script(  # type: ignore[attr-defined]
            "return window.modelviz && window.modelviz.timings")
        if marks and "painted" in marks:
            return marks
        time.sleep(0.025)
    raise RuntimeError(f"{path} never became interactive")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = build(Path(tmp))
        if Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists():
            browse(pages, args.runs)
        else:
            print("no /usr/bin/chromium: browser timings skipped")


if __name__ == "__main__":
    main()
