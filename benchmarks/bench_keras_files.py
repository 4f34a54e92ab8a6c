"""Loading saved files: peak memory of a large ``.keras`` against its JSON, and load time.

Run: ``python benchmarks/bench_keras_files.py [--megabytes 400]`` (needs h5py and numpy).

Writes, in a temporary folder, a ``.keras`` whose ``model.weights.h5`` holds about
``--megabytes`` MiB (stored uncompressed, as Keras does) and the same model's
``config.json`` alone, then runs ``modelviz summary`` on each in a fresh process and
prints the peak resident memory (``VmHWM``, Linux) of both. modelviz reads the weights member
in place through a window on the archive, so the two peaks should stay within 50 MB.
Also times loading ``app_resnet50.json`` (medians). Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SMALL = ROOT / "tests" / "fixtures" / "keras3" / "files" / "seed_mlp.keras"
RESNET = ROOT / "tests" / "fixtures" / "keras3" / "configs" / "app_resnet50.json"
# VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's at fork.
_PEAK = ("import sys; from modelviz.cli import main; main(['summary', sys.argv[1]]); "
         "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0],"
         " file=sys.stderr)")


def _write_files(folder: Path, megabytes: int) -> tuple[Path, Path]:
    import h5py
    import numpy as np

    config = zipfile.ZipFile(SMALL).read("config.json")
    weights = folder / "model.weights.h5"
    per_var = megabytes * 2**20 // 4 // 4
    with h5py.File(weights, "w") as handle:
        for index in range(4):
            handle.create_dataset(f"layers/dense_{index}/vars/0",
                                  data=np.ones((per_var,), "float32"))
    keras_path, json_path = folder / "big.keras", folder / "big.json"
    with zipfile.ZipFile(keras_path, "w") as archive:
        archive.writestr("config.json", config)
        archive.write(weights, "model.weights.h5")
    json_path.write_bytes(config)
    return keras_path, json_path


def _peak_kib(path: Path) -> int:
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", _PEAK, str(path)],
                            capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT / "src")})
    return int(result.stderr.strip().splitlines()[-1])


def _load_ms(path: Path, runs: int = 7) -> float:
    from modelviz.importers import load
    from modelviz.layers.base import clear_session

    times = []
    for _ in range(runs):
        clear_session()
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        keras_path, json_path = _write_files(Path(tmp), args.megabytes)
        size = keras_path.stat().st_size / 2**20
        keras_peak, json_peak = _peak_kib(keras_path), _peak_kib(json_path)
    print(f".keras of {size:.0f} MiB: peak {keras_peak / 1024:.0f} MiB; "
          f"its JSON alone: {json_peak / 1024:.0f} MiB "
          f"(difference {(keras_peak - json_peak) / 1024:.0f} MiB)")
    print(f"load app_resnet50.json: {_load_ms(RESNET):.0f} ms (median)")


if __name__ == "__main__":
    main()
