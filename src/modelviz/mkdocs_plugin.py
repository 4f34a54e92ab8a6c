"""MkDocs plugin: draw models in fenced ``modelviz`` blocks when the site is built.

Enable it with one line in ``mkdocs.yml`` (``pip install ".[mkdocs]"`` installs MkDocs)::

    plugins:
      - modelviz

then write a fence whose body is YAML::

    ```modelviz
    source: models/net.py     # relative to the page, then to docs_dir
    show_shapes: true
    format: svg               # svg (inline, default), png, or html (interactive page)
    summary: true             # the text summary under the diagram
    ```

The options are ``plot_model``'s, the same table as the Sphinx directive
(:mod:`modelviz.embedding`). Drawings are cached in ``cache_dir`` (default
``.cache/modelviz`` next to ``mkdocs.yml``) by a hash of the model file and the
options; ``mkdocs serve`` rebuilds when a model file changes. A block that fails
stops the build with the page, the model path and the reason. Pictures are inline
SVG or PNG files copied into the site: nothing points to the network.

Only this module imports MkDocs; ``import modelviz`` does not.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from modelviz.confine import resolve_inside
from modelviz.embedding import parse_option, split_options
from modelviz.errors import ModelvizError
from modelviz.importers import load_fresh

__all__ = ["ModelvizPlugin", "ModelvizPluginConfig"]

_FENCE: Final = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>```|~~~)[ \t]*modelviz[ \t]*\n"
                           r"(?P<body>.*?)^(?P=indent)(?P=mark)[ \t]*$", re.M | re.S)
_ASSETS: Final = "assets/modelviz"
_FIT: Final = "max-width:100%;height:auto"  # wide drawings scale down to the content width


class ModelvizPluginConfig(Config):
    """``mkdocs.yml`` settings of the plugin."""

    cache_dir = config_options.Type(str, default=".cache/modelviz")


class ModelvizPlugin(BasePlugin[ModelvizPluginConfig]):
    """Replace each ``modelviz`` fence with the model's diagram (and summary)."""

    def on_config(self, config: Any) -> Any:
        self._cache = Path(config.config_file_path or ".").parent / self.config.cache_dir
        self._watched: set[str] = set()
        self._assets: dict[str, Path] = {}
        self._blocks: dict[str, tuple[str, list[str]]] = {}  # page -> token, blocks
        return config

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        # a secret per page: no page text or drawn name can contain it, or forge another's
        token = f"modelviz-block-{secrets.token_hex(12)}"
        blocks: list[str] = []

        def replace(match: re.Match[str]) -> str:
            blocks.append(self._block(match["body"], page, config))
            return f"{match['indent']}\n{match['indent']}{token}-{len(blocks) - 1}\n"

        markdown = _FENCE.sub(replace, markdown)
        self._blocks[page.file.src_uri] = (token, blocks)
        return markdown

    def on_page_content(self, content: str, page: Any, config: Any, files: Any) -> str:
        token, blocks = self._blocks.pop(page.file.src_uri, ("", []))
        if not blocks:
            return content
        # one pass: a block's own text is never searched again
        pattern = re.compile(rf"<p>{token}-(\d+)</p>|{token}-(\d+)")
        return pattern.sub(lambda m: _nth(blocks, int(m[1] or m[2]), m[0]), content)

    def on_post_build(self, config: Any) -> None:
        target = Path(config.site_dir) / _ASSETS
        for name, path in sorted(self._assets.items()):
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / name)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        for path in sorted(self._watched):
            server.watch(path)
        return server

    def _block(self, body: str, page: Any, config: Any) -> str:
        where = page.file.src_uri
        try:
            options = _parse(body)
            source = _find_source(options.pop("source"), page, config)
            self._watched.add(str(source))
            return self._draw(source, options, page)
        except (ModelvizError, OSError, ValueError) as err:
            reason = " ".join(str(err).split())
            raise PluginError(f"modelviz: {where}: {reason}") from err

    def _draw(self, source: Path, options: dict[str, Any], page: Any) -> str:
        plot, extra = split_options(options)
        fmt = extra.get("format", "svg")
        model = functools.cache(lambda: load_fresh(source))  # read once, and only if needed
        path = self._render(source, plot, fmt, model)
        alt = html.escape(extra.get("alt", f"diagram of {source.stem}"))
        url = f'{"../" * page.url.count("/")}{_ASSETS}/{path.name}'
        if fmt == "svg":
            figure = _inline_svg(path.read_text(encoding="utf-8"))
        elif fmt == "html":  # the interactive page, a file of its own beside the site's pages
            self._assets[path.name] = path
            figure = (f'<iframe src="{url}" title="{alt}" loading="lazy" '
                      f'style="width:100%;height:32em;border:1px solid #ccc"></iframe>'
                      f'<p><a href="{url}">Open the interactive diagram</a></p>')
        else:
            self._assets[path.name] = path
            figure = f'<img src="{url}" alt="{alt}" style="{_FIT}">'
        parts = [f'<div class="modelviz-diagram">{figure}</div>']
        summary = extra.get("summary") or ("text" if extra.get("explain") else None)
        if summary:
            parts.append(_summary_html(model(), summary, extra))
        return "\n".join(parts)

    def _render(self, source: Path, plot: dict[str, Any], fmt: str,
                model: Callable[[], Any]) -> Path:
        from modelviz import __version__

        key = repr((source.read_bytes(), sorted(plot.items()), fmt, __version__))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        path = self._cache / f"{source.stem}-{digest}.{fmt}"
        if not path.exists():
            self._cache.mkdir(parents=True, exist_ok=True)
            scratch = path.with_suffix(f".tmp.{fmt}")
            from modelviz.plot import plot_model

            plot_model(model(), to_file=scratch, **plot)
            scratch.replace(path)
        return path


def _nth(blocks: list[str], index: int, otherwise: str) -> str:
    return blocks[index] if index < len(blocks) else otherwise


def _parse(body: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(body) or {}
    except yaml.YAMLError as err:
        raise ValueError(f"the block is not valid YAML: {' '.join(str(err).split())}") from err
    if not isinstance(data, dict) or not isinstance(data.get("source"), str):
        raise ValueError("the block needs `source: path/to/model.py` (any file modelviz reads)")
    options = {"source": data.pop("source")}
    for name, value in data.items():
        options[str(name)] = parse_option(str(name), value)
    return options


def _find_source(relative: str, page: Any, config: Any) -> Path:
    """The fence's model file, next to the page or in docs_dir, inside the project (the
    folder of ``mkdocs.yml``): a fence never makes the build run or read a file elsewhere."""
    root = Path(config.config_file_path or config.docs_dir).resolve().parent
    outside = None
    for base in (Path(page.file.abs_src_path).parent, Path(config.docs_dir)):
        try:
            candidate = resolve_inside(relative, base, root)
        except ModelvizError as err:
            outside = outside or err
            continue
        if candidate.exists():
            return candidate
    if outside is not None:
        raise outside
    raise ValueError(f"{relative}: model file not found next to the page or in docs_dir")


def _inline_svg(svg: str) -> str:
    """The ``<svg>`` element alone, without blank lines (which would end an HTML block).

    It shrinks to the width of the page's content, keeping its proportions (its
    ``viewBox``), as Sphinx's themes do with images.
    """
    start = svg.find("<svg")
    element = f'<svg style="{_FIT}"' + svg[start + len("<svg"):]
    return "\n".join(line for line in element.splitlines() if line.strip())


def _summary_html(model: Any, fmt: str, extra: dict[str, Any]) -> str:
    from modelviz.tables import format_summary

    text = format_summary(model, fmt=fmt, explain=bool(extra.get("explain")),
                          line_length=extra.get("line_length"))
    return f'<pre class="modelviz-summary"><code>{html.escape(text)}</code></pre>'
