"""Write tests/fixtures/timm_gmacs.json: timm's published GMACs of the models the tests use.

Run from the repo root, with a clone (a bare one will do) of huggingface/pytorch-image-models:

    python scripts/make_timm_gmacs_fixture.py [GIT_DIR] [COMMIT]

(defaults: /work/.mirror/huggingface+pytorch-image-models/repo and its ``HEAD``). It reads
``results/benchmark-infer-amp-nchw-pt240-cu124-rtx3090.csv`` at that commit with
``git show`` and keeps the rows of :data:`MODELS` at ``infer_img_size`` 224, every column
as the file writes it (numbers parsed), with the path and the full commit hash. timm's
``benchmark.py`` fills ``infer_gmacs`` from fvcore's ``FlopCountAnalysis`` (the file's
``infer_macts`` column is fvcore's activation count), rounded to two decimals.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "timm_gmacs.json"
GIT_DIR = "/work/.mirror/huggingface+pytorch-image-models/repo"
CSV_PATH = "results/benchmark-infer-amp-nchw-pt240-cu124-rtx3090.csv"
MODELS = ("resnet50", "efficientnet_b0", "convnext_tiny", "vit_small_patch16_224",
          "deit_small_patch16_224", "mobilenetv3_large_100", "regnety_016",
          "swin_tiny_patch4_window7_224")
SIZE = "224"


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True, text=True).stdout


def _number(text: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def main() -> None:
    git_dir = sys.argv[1] if len(sys.argv) > 1 else GIT_DIR
    commit = _git(git_dir, "rev-parse", sys.argv[2] if len(sys.argv) > 2 else "HEAD").strip()
    table = csv.DictReader(io.StringIO(_git(git_dir, "show", f"{commit}:{CSV_PATH}")))
    rows = {row["model"]: {k: _number(v) for k, v in row.items() if k != "model"}
            for row in table if row["model"] in MODELS and row["infer_img_size"] == SIZE}
    missing = [name for name in MODELS if name not in rows]
    if missing:
        raise SystemExit(f"{CSV_PATH} at {commit} has no row at {SIZE} for {missing}")
    record = {"repository": "huggingface/pytorch-image-models", "path": CSV_PATH,
              "commit": commit, "columns": list(table.fieldnames or []),
              "rows": {name: rows[name] for name in MODELS}}
    OUT.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} rows from {CSV_PATH} at {commit}")


if __name__ == "__main__":
    main()
