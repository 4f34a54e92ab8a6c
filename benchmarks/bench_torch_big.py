"""A PyTorch model of 10,000+ operators: ``from_torch`` + ``summary`` against ``torch.export``.

Run: ``python benchmarks/bench_torch_big.py [--runs 3] [--layers 390] [--width 64]
[--only ours] [--profile FILE]``.

The model is the plain-torch decoder of ``tests/fixtures/decoder.py`` at ``--layers``
blocks of small widths (64 wide, 4 heads, vocabulary 1,000, context 128). 390 layers make
11,316 ATen operator calls in ``torch.export``'s graph (16,393 nodes with the parameters)
and 10,146 operations for the recorder, with 19.6 M parameters, just under the 20 M from
which the default capture records on the meta device (``--width 256`` goes over).
Three scripts, each a fresh process that imports torch and builds the same model
(seeded) before its work:

- floor: ``torch.export.export(model, (tokens,), strict=False)``;
- ours: ``from_torch(model, tokens)`` (the default capture, the ``__torch_function__``
  recorder) + ``summary`` to a string;
- ours, export: the same with ``capture="export"`` (which runs ``torch.export`` itself).

CPU seconds (user + system) and peak resident memory are the operating system's own
accounting of each child (``os.wait4``); each ratio is the median of the ratios of runs
made in turn (ours, floor, ours, floor...), as in ``bench_big.py``. torch runs one thread
in every script (``torch.set_num_threads(1)``), so the figures do not depend on how
busy the other core is. Target (issue 22): both ratios at most 2.5× in time and memory.
``--profile FILE`` writes a cProfile of one ``from_torch`` + ``summary`` (default capture)
instead. Skipped (a message, exit 0) when torch is not installed. Not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import tempfile
from pathlib import Path

from bench_big import ENV, PY, ROOT, paired  # fresh processes timed by os.wait4, paired

BUILD = """\
import sys
import torch
torch.set_num_threads(1)
sys.path.insert(0, {fixtures!r})
from decoder import GPT
torch.manual_seed(0)
model = GPT({layers}, {width}, 4, 1000, 128).eval()
tokens = torch.zeros(1, 128, dtype=torch.long)
"""
WORK = {
    "floor": "torch.export.export(model, (tokens,), strict=False)\n",
    "ours": "import modelviz\nlines = []\n"
            "modelviz.summary(modelviz.from_torch(model, tokens), print_fn=lines.append)\n",
    "ours_export": "import modelviz\nlines = []\n"
                   "modelviz.summary(modelviz.from_torch(model, tokens, capture='export'),\n"
                   "                 print_fn=lines.append)\n",
    "profile": "import cProfile, modelviz\nlines = []\n"
               "cProfile.run('modelviz.summary(modelviz.from_torch(model, tokens), "
               "print_fn=lines.append)', sys.argv[1])\n",
}


def scripts(folder: Path, layers: int, width: int) -> dict[str, Path]:
    build = BUILD.format(fixtures=str(ROOT / "tests" / "fixtures"), layers=layers, width=width)
    paths = {}
    for name, work in WORK.items():
        paths[name] = folder / f"bench_{name}.py"  # not profile.py: the stdlib has one
        paths[name].write_text(build + work)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--layers", type=int, default=390)
    parser.add_argument("--width", type=int, default=64, help="256: 190 M parameters, so the "
                        "default capture records on the meta device")
    parser.add_argument("--profile", help="write a cProfile of from_torch + summary here")
    parser.add_argument("--only", choices=("ours", "ours_export"), help="one comparison")
    args = parser.parse_args()
    if importlib.util.find_spec("torch") is None:
        print("torch is not installed: nothing to measure")
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = scripts(Path(tmp), args.layers, args.width)
        if args.profile:
            subprocess.run([PY, str(paths["profile"]), args.profile], env=ENV, check=True)
            return
        print(f"decoder of {args.layers} layers ({args.width} wide), {args.runs} paired runs\n")
        print("| work | modelviz | torch.export | ratio |\n|---|---|---|---|")
        labels = {"ours": "from_torch + summary (default capture)",
                  "ours_export": "from_torch(capture=\"export\") + summary"}
        for name, label in labels.items():
            if args.only and name != args.only:
                continue
            r = paired([PY, str(paths[name])], [PY, str(paths["floor"])], args.runs)
            print(f"| {label} | {r['a_cpu']:.2f} s, {r['a_mb']:.0f} MB | {r['b_cpu']:.2f} s, "
                  f"{r['b_mb']:.0f} MB | {r['cpu']:.2f}x time, {r['mb']:.2f}x memory |",
                  flush=True)


if __name__ == "__main__":
    main()
