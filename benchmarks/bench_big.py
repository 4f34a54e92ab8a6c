"""LLM-sized graphs: each figure of issue 22 as a ratio to its floor, measured in the same run.

Run: ``python benchmarks/bench_big.py [--runs 3] [--skip-browser]``. Every step runs as a
fresh process (the CLI, or a one-line script); CPU seconds (user + system) and peak
resident memory are the operating system's own accounting of that child (``os.wait4``),
and each ratio is the median of the ratios of runs made in turn (A, B, A, B...), so a
machine getting slower mid-run does not move it. Not a test.

1. ``modelviz summary`` of a 100,000-operator ONNX chain (``benchmarks/onnx_chain.py``)
   against ``onnx.load`` + ``onnx.shape_inference.infer_shapes`` of the same file.
2. ``modelviz plot -o page.html`` of a 10,000-operator chain against ``-o page.svg``; then
   the page in headless Chromium: ready time and median frame time while zooming.
3. Width of expanded drawings (graphviz-pure SVG) over their widest box: Keras ResNet-50,
   the ONNX ResNet-18 fixture, the plain-torch ResNet-18 captured with ``from_torch``.
4. The decoder of ``tests/fixtures/decoder.py``: summary with MACs, folded summary, page,
   diff of the 12- and 32-layer variants, each timed as a CLI process.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
FLOOR = ("import sys, onnx\n"
         "m = onnx.load(sys.argv[1], load_external_data=False)\n"
         "onnx.shape_inference.infer_shapes(m, strict_mode=False)\n")


def run(args: list[str]) -> tuple[float, float]:
    """CPU seconds and peak MB of one child process (its output thrown away)."""
    proc = subprocess.Popen(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise RuntimeError(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def paired(a: list[str], b: list[str], runs: int) -> dict[str, float]:
    """Medians of A's and B's figures and of the pairwise ratios."""
    pairs = [(run(a), run(b)) for _ in range(runs)]
    return {"a_cpu": statistics.median(p[0][0] for p in pairs),
            "a_mb": statistics.median(p[0][1] for p in pairs),
            "b_cpu": statistics.median(p[1][0] for p in pairs),
            "b_mb": statistics.median(p[1][1] for p in pairs),
            "cpu": statistics.median(p[0][0] / p[1][0] for p in pairs),
            "mb": statistics.median(p[0][1] / p[1][1] for p in pairs)}


def show(label: str, floor: str, r: dict[str, float]) -> None:
    print(f"| {label} | {r['a_cpu']:.2f} s, {r['a_mb']:.0f} MB | {floor}: {r['b_cpu']:.2f} s, "
          f"{r['b_mb']:.0f} MB | {r['cpu']:.2f}x time, {r['mb']:.2f}x memory |")


def chains(folder: Path) -> tuple[Path, Path]:
    big, small = folder / "chain100k.onnx", folder / "chain10k.onnx"
    for nodes, path in ((100_000, big), (10_000, small)):
        subprocess.run([PY, str(ROOT / "benchmarks" / "onnx_chain.py"), str(nodes), str(path)],
                       check=True, env=ENV)
    return big, small


def cli(*args: str) -> list[str]:
    return [PY, "-m", "modelviz", *args]


def widths() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "fixtures")]
    from modelviz import load
    from modelviz.diagram import to_dot
    from modelviz.plot import dot_options
    from modelviz.render import render

    graphs = {"Keras ResNet-50": (load(ROOT / "tests/fixtures/keras3/configs/app_resnet50.json")
                                  .to_graph(), False),
              "ONNX ResNet-18, expanded": (load(ROOT / "tests/fixtures/onnx/resnet18.onnx")
                                           .to_graph(), True)}
    try:
        import torch
        from torch_models import ResNet18

        from modelviz.torch import from_torch

        graphs["torch ResNet-18 (from_torch), expanded"] = (
            from_torch(ResNet18().eval(), torch.zeros(1, 3, 224, 224)).to_graph(), True)
        graphs["the same, each ReLU module called once"] = (
            from_torch(_relu_once(ResNet18()).eval(), torch.zeros(1, 3, 224, 224)).to_graph(),
            True)
    except ImportError:
        print("torch not installed: its ResNet-18 skipped")
    for name, (graph, expand) in graphs.items():
        options = dot_options(show_shapes=True, show_layer_names=True, dpi=None,
                              expand_nested=expand)
        svg = render(to_dot(graph, options), "svg", engine="graphviz-pure").decode()
        width = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))
        widest = max(max(xs) - min(xs) for xs in _node_xs(svg))
        print(f"| {name} | {width:,.0f} pt | widest box {widest:,.0f} pt | "
              f"{width / widest:.2f}x |")


def _relu_once(model: Any) -> Any:
    """The fixture ResNet-18 with each block's second ReLU a module of its own: what the
    capture draws once a module called twice is two nodes (the torch capture's fix)."""
    import types

    from torch import nn

    def forward(self: Any, x: Any) -> Any:
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu2(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))) + identity)

    for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
        for block in layer:
            block.relu2 = nn.ReLU()
            block.forward = types.MethodType(forward, block)
    return model


def _node_xs(svg: str) -> list[list[float]]:
    out = []
    for body in re.findall(r'<g id="node\d+" class="node">(.*?)</g>', svg, re.S):
        xs = [float(x) for pts in re.findall(r'points="([^"]*)"', body)
              for x in re.findall(r"(-?[\d.]+),", pts)]
        if xs:
            out.append(xs)
    return out


def browser(page: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                 f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        ready, frames = [], []
        for _ in range(3):
            driver.get("about:blank")
            driver.get(page.as_uri())
            driver.execute_async_script(
                "var done = arguments[0]; (function wait() { if (window.modelviz && "
                "window.modelviz.ready) { done(); } else { setTimeout(wait, 20); } })();")
            ready.append(driver.execute_script("return window.modelviz.readyMs"))
            frames += driver.execute_async_script(
                "var done = arguments[0], t = [], last = performance.now();"
                "function f(now) { t.push(now - last); last = now;"
                " window.modelviz.zoom(t.length % 2 ? 1.25 : 0.8);"
                " if (t.length < 60) { requestAnimationFrame(f); } else { done(t); } }"
                "requestAnimationFrame(f);")
        print(f"page in Chromium: ready {statistics.median(ready):.0f} ms (median of 3 loads), "
              f"frame time while zooming: median {statistics.median(frames):.1f} ms")
    finally:
        driver.quit()


def decoder(folder: Path) -> None:
    onnx = ROOT / "tests" / "fixtures" / "onnx"
    steps = {"summary --show-macs (GPT-2 small)": cli("summary", str(onnx / "gpt2_small.onnx"),
                                                       "--show-macs"),
             "summary --fold-repeats (32 layers)": cli("summary", str(onnx / "decoder_32.onnx"),
                                                       "--fold-repeats"),
             "plot -o page.html (32 layers)": cli("plot", str(onnx / "decoder_32.onnx"), "-o",
                                                  str(folder / "decoder.html")),
             "plot --fold-repeats -o .svg (GPT-2)": cli("plot", str(onnx / "gpt2_small.onnx"),
                                                        "--fold-repeats", "-o",
                                                        str(folder / "gpt2.svg")),
             "diff 12 vs 32 layers": cli("diff", str(onnx / "decoder_12.onnx"),
                                         str(onnx / "decoder_32.onnx"))}
    for label, args in steps.items():
        seconds, mb = run(args)
        print(f"| {label} | {seconds:.2f} s CPU | {mb:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, small = chains(folder)
        floor = folder / "floor.py"
        floor.write_text(FLOOR)
        print("| work | modelviz | floor | ratio |\n|---|---|---|---|")
        show("summary, 100,000-node ONNX chain", "onnx.load + infer_shapes",
             paired(cli("summary", str(big)), [PY, str(floor), str(big)], args.runs))
        show("plot -o page.html, 10,000-node chain", "plot -o page.svg",
             paired(cli("plot", str(small), "-o", str(folder / "page.html")),
                    cli("plot", str(small), "-o", str(folder / "page.svg")), args.runs))
        if not args.skip_browser and Path("/usr/bin/chromium").exists():
            browser(folder / "page.html")
        print("\n| decoder step (one CLI process) | CPU | peak memory |\n|---|---|---|")
        decoder(folder)
        print("\n| drawing | width | widest box | ratio |\n|---|---|---|---|")
        widths()  # last: it imports torch into this process


if __name__ == "__main__":
    main()
