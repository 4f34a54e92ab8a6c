"""Every test and doctest starts with fresh automatic layer names, as after clear_session()."""

import pytest

from modelviz.layers.base import clear_session


@pytest.fixture(autouse=True)
def _fresh_names() -> None:
    clear_session()
