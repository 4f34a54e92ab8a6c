"""Every Python code block of README.md and docs/*.rst runs verbatim, as a reader would run it.

Blocks of one file run in order in one namespace (a later block may use a name an
earlier one defined, as a page reads top to bottom), in a fresh temporary directory.
Python blocks are Markdown ```` ```python ```` fences, reST ``code-block:: python``
(also ``code::``/``sourcecode::``) directives, ``literalinclude`` of a ``.py`` file
(the page shows the reader that code), and reST ``::`` literal blocks that parse
as Python: Sphinx's default highlighting treats those as Python too.
Files a block reads but a reader brings along (``model.keras``) are copied from
the committed fixtures, listed in ``PROVIDED``; ``examples/`` is there too, as in a checkout.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import warnings
from pathlib import Path

import pytest

from modelviz.layers.base import clear_session

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "keras3" / "files"

#: Files named by a doc block that stand for the reader's own files.
PROVIDED = {
    "model.keras": FIXTURES / "mlp_named.keras",
    "model_with_custom_layer.keras": FIXTURES / "mlp_named.keras",
    "bert_backbone.keras": FIXTURES.parent / "kerashub" / "bert_backbone.keras",
}

_TORCH_BLOCK = re.compile(r"^\s*(?:import|from) torch\b", re.M)
_HAS_TORCH = importlib.util.find_spec("torch") is not None
_REQUIRE_TORCH = os.environ.get("MODELVIZ_REQUIRE_TORCH") == "1"
_FENCE = re.compile(r"^```(?:python|py|python3)\s*\n(.*?)^```", re.M | re.S)
_DIRECTIVE = re.compile(r"^(\s*)\.\. (?:code-block|code|sourcecode)::\s*(\w+)\s*$")
_INCLUDE = re.compile(r"^\.\. literalinclude::\s*(\S+)\s*$")


def markdown_blocks(text: str) -> list[str]:
    """The bodies of Python fences in Markdown."""
    return [m.group(1) for m in _FENCE.finditer(text)]


def _indented_body(lines: list[str], start: int, outer: int) -> str:
    """The block indented deeper than ``outer`` that starts after ``start``, options skipped."""
    i = start
    while i < len(lines) and lines[i].strip().startswith(":") and _indent(lines[i]) > outer:
        i += 1  # directive options such as :linenos:
    body: list[str] = []
    for line in lines[i:]:
        if line.strip() and _indent(line) <= outer:
            break
        body.append(line)
    return _dedent(body)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _dedent(body: list[str]) -> str:
    width = min((_indent(line) for line in body if line.strip()), default=0)
    return "\n".join(line[width:] for line in body).strip("\n") + "\n"


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def rst_blocks(text: str, folder: Path = ROOT / "docs") -> list[str]:
    """Python ``code-block``/``literalinclude`` directives and Python ``::`` blocks, in order."""
    lines = text.splitlines()
    blocks: list[str] = []
    for i, line in enumerate(lines):
        directive = _DIRECTIVE.match(line)
        include = _INCLUDE.match(line)
        if include and include.group(1).endswith(".py"):
            blocks.append((folder / include.group(1)).read_text(encoding="utf-8"))
        elif directive:
            if directive.group(2) in ("python", "py", "python3"):
                blocks.append(_indented_body(lines, i + 1, len(directive.group(1))))
        elif line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
            body = _indented_body(lines, i + 1, _indent(line))
            if body.strip() and _parses(body):
                blocks.append(body)
    return blocks


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.rst"))]


def _blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return markdown_blocks(text) if path.suffix == ".md" else rst_blocks(text)


DOCS_WITH_CODE = [p for p in _documents() if _blocks(p)]


def test_the_extractor_finds_the_blocks() -> None:
    names = [p.name for p in DOCS_WITH_CODE]
    assert "README.md" in names and "quickstart.rst" in names
    sample = "Text::\n\n    x = 1\n\nShell::\n\n    pip install .\n\n.. code-block:: python\n" \
             "   :linenos:\n\n    y = 2\n\n.. code-block:: rst\n\n    z\n"
    assert rst_blocks(sample) == ["x = 1\n", "y = 2\n"]
    assert markdown_blocks("```python\na = 1\n```\n```bash\nls\n```\n") == ["a = 1\n"]


@pytest.mark.parametrize("path", DOCS_WITH_CODE, ids=lambda p: p.name)
def test_code_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name, source in PROVIDED.items():
        shutil.copyfile(source, tmp_path / name)
    # Readers run the README from a checkout, where the example models are at hand.
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures" / "onnx", tmp_path / "tests" / "fixtures" / "onnx")
    clear_session()
    namespace: dict = {"__name__": "__main__"}
    needs_torch = []
    for number, code in enumerate(_blocks(path), 1):
        if _TORCH_BLOCK.search(code) and not _HAS_TORCH and not _REQUIRE_TORCH:
            needs_torch.append(number)  # torch is an optional extra; CI installs it
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                exec(compile(code, f"{path.name} block {number}", "exec"), namespace)
            except Exception as err:  # pragma: no cover - the failure message
                pytest.fail(f"{path.name} block {number} fails: {type(err).__name__}: {err}\n"
                            f"{code}")
    if needs_torch:
        pytest.skip(f"{path.name} blocks {needs_torch} need torch (pip install torch==2.13.0; "
                    "CI sets MODELVIZ_REQUIRE_TORCH=1 and runs them)")
