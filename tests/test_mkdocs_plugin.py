"""The MkDocs plugin builds a real site offline with `plugins: [modelviz]` and nothing else."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGE = """# Models

```modelviz
source: models/net.py
show_shapes: true
summary: true
```

A picture file:

~~~modelviz
source: net.py
format: png
dpi: 72
~~~

```modelviz
source: net.py
format: html
```
"""


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                          capture_output=True, text=True, cwd=site, timeout=300)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "models").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "cifar_cnn.py", tmp_path / "docs" / "models" / "net.py")
    shutil.copy(ROOT / "examples" / "mlp.py", tmp_path / "docs" / "net.py")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - modelviz\n")
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    return tmp_path


def _our_html(page: str) -> str:
    return "".join(re.findall(r'<div class="modelviz-diagram">.*?</div>|'
                              r'<pre class="modelviz-summary">.*?</pre>', page, re.S))


def test_fence_renders_inline_svg_png_and_summary(site: Path) -> None:
    result = build(site)
    assert result.returncode == 0, result.stderr
    page = (site / "site" / "index.html").read_text()
    ours = _our_html(page)
    assert ours.count("<svg") == 1 and "(None, 30, 30, 32)" in ours
    assert ours.count('<svg style="max-width:100%;height:auto"') == 1  # fits the column
    assert "Total params: 11,170,250" in ours
    png = re.search(r'<img src="(assets/modelviz/[^"]+\.png)"', ours).group(1)
    assert (site / "site" / png).read_bytes().startswith(b"\x89PNG")
    page_url = re.search(r'<iframe src="(assets/modelviz/[^"]+\.html)"', ours).group(1)
    interactive = (site / "site" / page_url).read_text()
    assert "window.modelviz" in interactive and "<script src=" not in interactive
    assert "```modelviz" not in page and "modelviz-block-" not in page
    links = re.findall(r'(?:src|href)="(https?:[^"]*)"', ours)
    assert links == []  # nothing of ours points to the network


def test_cache_is_reused_and_follows_the_model(site: Path) -> None:
    assert build(site).returncode == 0
    cache = site / ".cache" / "modelviz"
    first = sorted(path.name for path in cache.iterdir())
    assert build(site).returncode == 0
    assert sorted(path.name for path in cache.iterdir()) == first
    model = site / "docs" / "models" / "net.py"
    model.write_text(model.read_text().replace("Dense(128", "Dense(64"))
    assert build(site).returncode == 0
    assert len(list(cache.iterdir())) == len(first) + 1
    assert "(None, 64)" in (site / "site" / "index.html").read_text()


@pytest.mark.parametrize(("block", "reason"), [
    ("source: models/missing.py", "models/missing.py: model file not found"),
    ("source: models/net.py\nrankdir: sideways", "rankdir: 'sideways' unknown"),
    ("show_shapes: true", "needs `source:"),
    ("source: models/net.py\nshow_sizes: true", "unknown option 'show_sizes'"),
])
def test_bad_block_fails_the_build_with_the_reason(site: Path, block: str, reason: str) -> None:
    (site / "docs" / "index.md").write_text(f"# Bad\n\n```modelviz\n{block}\n```\n")
    result = build(site)
    assert result.returncode != 0
    assert "modelviz: index.md:" in result.stderr and reason in result.stderr


def test_serve_watches_model_files(site: Path) -> None:
    from mkdocs.config import load_config

    from modelviz.mkdocs_plugin import ModelvizPlugin

    config = load_config(str(site / "mkdocs.yml"))
    plugin = config.plugins["modelviz"]
    assert isinstance(plugin, ModelvizPlugin)
    from mkdocs.commands.build import build as mkdocs_build

    mkdocs_build(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = plugin.on_serve(Server(), config, None)
    assert sorted(Path(p).name for p in server.watched) == ["net.py", "net.py"]


@pytest.mark.parametrize("source", ["ABSOLUTE", "../../elsewhere/evil.py", "link.py"])
def test_a_fence_never_runs_a_file_outside_the_project(site: Path, source: str) -> None:
    evil = site.parent / "elsewhere" / "evil.py"
    evil.parent.mkdir(exist_ok=True)
    evil.write_text("open(__file__ + '.ran', 'w').close()\n"
                    + (ROOT / "examples" / "mlp.py").read_text())
    (site / "docs" / "link.py").symlink_to(evil)
    name = str(evil) if source == "ABSOLUTE" else source
    (site / "docs" / "index.md").write_text(f"# Evil\n\n```modelviz\nsource: {name}\n```\n")
    result = build(site)
    assert result.returncode != 0
    assert "refusing source" in result.stderr, result.stderr[-2000:]
    assert not evil.with_name("evil.py.ran").exists()
def _named_mlp(names: list[str]) -> str:
    """A Keras functional-model JSON whose Dense layers have the given names."""
    layers: list[dict] = [{"class_name": "InputLayer", "name": "x", "inbound_nodes": [],
                           "config": {"name": "x", "batch_shape": [None, 4]}}]
    for name in names:
        source = layers[-1]["name"]
        layers.append({"class_name": "Dense", "name": name, "inbound_nodes": [[[source, 0, 0, {}]]],
                       "config": {"name": name, "units": 2}})
    return json.dumps({"class_name": "Functional", "config": {
        "name": "m", "layers": layers, "input_layers": [["x", 0, 0]],
        "output_layers": [[layers[-1]["name"], 0, 0]]}})


def test_placeholders_in_names_and_pages_stay_text(site: Path) -> None:
    """Issue 20 item 6: names that look like placeholders once grew a page to 1.86 GB."""
    fences = []
    for fence in range(4):
        names = [f"d{i}_modelviz-block-{(fence + 1) % 4:06d}_{i}" for i in range(10)]
        (site / "docs" / f"m{fence}.json").write_text(_named_mlp(names))
        fences.append(f"```modelviz\nsource: m{fence}.json\nsummary: json\n```\n")
    (site / "docs" / "index.md").write_text("# Names\n\n" + "\n".join(fences))
    (site / "docs" / "other.md").write_text("# Other\n\nmodelviz-block-000000 stays text\n\n"
                                            "```modelviz\nsource: m0.json\n```\n")
    result = build(site)
    assert result.returncode == 0, result.stderr
    page = (site / "site" / "index.html").read_text()
    assert len(page) < 200_000, len(page)
    for fence in range(4):
        for i in range(10):
            name = f"d{i}_modelviz-block-{(fence + 1) % 4:06d}_{i}"
            assert f"&quot;{name}&quot;" in page  # in the JSON summary, as it was written
    assert page.count('<pre class="modelviz-summary">') == 4
    other = (site / "site" / "other" / "index.html").read_text()
    assert "<p>modelviz-block-000000 stays text</p>" in other
    assert other.count("<svg") == 1 and "modelviz-summary" not in other
