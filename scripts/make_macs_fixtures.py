"""Write tests/fixtures/macs/xla_flops.json: XLA's FLOPs for every model of macs_zoo.py.

Run with real Keras 3 on JAX (from the repo root):

    KERAS_BACKEND=jax JAX_PLATFORMS=cpu /work/venvs/keras3/bin/python scripts/make_macs_fixtures.py

Each model is jitted for one forward pass at batch size 1 and compiled; XLA's
``cost_analysis()["flops"]`` counts 2 per multiply-accumulate of convolutions and
matrix products. The models have no biases and no activations, so that is all they do.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax
import jax.numpy as jnp
import keras

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from macs_zoo import MACS_ZOO  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "macs" / "xla_flops.json"


def xla_flops(model: keras.Model, shape: tuple[int, ...]) -> float:
    inputs = jnp.zeros((1, *shape))
    variables = [w.value for w in model.trainable_variables]
    forward = jax.jit(lambda values, x: model.stateless_call(values, [], x)[0])
    cost = forward.lower(variables, inputs).compile().cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    return float(cost["flops"])


def main() -> None:
    results = {}
    for name, (builder, shape) in MACS_ZOO.items():
        keras.utils.clear_session()
        results[name] = xla_flops(builder(keras), shape)
        print(f"{name}: {results[name]:,.0f} FLOPs")
    data = {"keras_version": keras.__version__, "jax_version": jax.__version__,
            "backend": keras.backend.backend(), "flops": results}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
