"""Every test and doctest starts with fresh automatic layer names, as after clear_session()."""

import importlib.util
import os

import pytest

from modelviz.layers.base import clear_session

# The torch fixture models need torch to import; --doctest-modules would collect them.
collect_ignore = [] if importlib.util.find_spec("torch") else ["tests/fixtures/torch_models.py"]
# The official Keras examples are Keras scripts (tests/test_keras_examples.py runs them swapped).
collect_ignore_glob = ["tests/fixtures/keras_examples/*.py"]


@pytest.fixture(autouse=True)
def _fresh_names() -> None:
    clear_session()


def pytest_configure(config: pytest.Config) -> None:
    """CI sets MODELVIZ_REQUIRE_TORCH=1: the torch tests must run there, never skip."""
    required = os.environ.get("MODELVIZ_REQUIRE_TORCH") == "1"
    if required and importlib.util.find_spec("torch") is None:
        raise pytest.UsageError("MODELVIZ_REQUIRE_TORCH=1 but torch is missing: "
                                "pip install torch==2.13.0 (the CPU build on this machine's disk)")
    missing = [name for name in ("torchvision", "timm", "transformers", "torchinfo")
               if required and importlib.util.find_spec(name) is None]
    if missing:
        raise pytest.UsageError(f"MODELVIZ_REQUIRE_TORCH=1 but {', '.join(missing)} missing: "
                                "see .ci/run for the install lines")
