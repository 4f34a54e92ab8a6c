"""The command line's output side: full disks, FIFOs, one-line warnings, every flag described."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .test_cli import EXAMPLES, ROOT, run

README = (ROOT / "README.md").read_text()


def _plot_flags() -> list[str]:
    result = run("plot", "--help")
    return sorted(set(re.findall(r"(--[a-z][a-z-]+)", result.stdout)) - {"--help"})


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_full_disk_is_one_line_exit_2() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "modelviz", "summary",
                                 str(EXAMPLES / "cifar_cnn.py")], stdout=full,
                                stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr == ("modelviz: error: cannot write the output: "
                             "No space left on device\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_fifo_output_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "out.svg"
    os.mkfifo(fifo)
    result = run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(fifo))
    assert result.returncode == 2
    assert result.stderr.startswith("modelviz: error: cannot write") and "FIFO" in result.stderr
    assert result.stderr.count("\n") == 1


def test_directory_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d.png").mkdir()
    result = run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(tmp_path / "d.png"))
    assert result.returncode == 2 and "a directory, not a regular file" in result.stderr


def test_warnings_are_one_line_each(tmp_path: Path) -> None:
    out = tmp_path / "m.png"
    result = run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(out), "--dpi", "100000")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("modelviz: warning: ") and "dpi 100000" in lines[0]
    assert lines[1:] == [f"wrote {out}"]
    assert ".py" not in result.stderr.replace("cifar_cnn.py", "")  # no source path or line


def test_timeout_flag_is_named_in_the_error(tmp_path: Path) -> None:
    result = run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(tmp_path / "m.svg"),
                 "--timeout", "0.001")
    assert result.returncode == 2 and "--timeout" in result.stderr
    assert result.stderr.count("\n") == 1


def test_splines_flag(tmp_path: Path) -> None:
    out = tmp_path / "m.dot"
    result = run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(out), "--splines", "ortho")
    assert result.returncode == 0, result.stderr
    assert "splines=ortho;" in out.read_text()


def test_dot_output_ends_with_a_newline(tmp_path: Path) -> None:
    out = tmp_path / "m.dot"
    assert run("plot", str(EXAMPLES / "cifar_cnn.py"), "-o", str(out)).returncode == 0
    assert out.read_text().endswith("}\n")


def test_plot_help_describes_every_flag() -> None:
    text = run("plot", "--help").stdout
    for flag in _plot_flags():
        described = re.search(rf"{flag}[^\n]*\n?\s+\S", text.split("options:", 1)[1])
        assert described, f"{flag} has no help text"
    assert "--max-height" in text and "--timeout" in text and "--splines" in text


@pytest.mark.parametrize("flag", _plot_flags())
def test_readme_lists_every_plot_flag(flag: str) -> None:
    cli_section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    assert flag in cli_section


def test_readme_names_the_extras_and_the_distribution() -> None:
    assert '".[h5]"' in README and '".[docs]"' in README
    assert "modelviz-keras" in README
    assert not re.search(r"pip install [\"']?modelviz", README)
