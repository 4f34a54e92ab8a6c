"""Test session set-up shared by every test module."""

from __future__ import annotations

import os

from tests import torchvision_ops

# Model constructors from torchvision, timm and transformers: no network, no hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
torchvision_ops.install()
