"""Every test and doctest starts with fresh automatic layer names, as after clear_session()."""

import importlib.util

import pytest

from modelviz.layers.base import clear_session

# The torch fixture models need torch to import; --doctest-modules would collect them.
collect_ignore = [] if importlib.util.find_spec("torch") else ["tests/fixtures/torch_models.py"]


@pytest.fixture(autouse=True)
def _fresh_names() -> None:
    clear_session()
