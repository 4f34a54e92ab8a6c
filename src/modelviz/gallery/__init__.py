"""The gallery: models from tutorials and ``keras.applications``, each drawn, summarised and
explained; rebuilt by ``python -m modelviz.gallery gallery/``.

Example:
    >>> [entry.name for entry in ENTRIES][:3]
    ['cifar_cnn', 'stacked_lstm', 'two_inputs']
"""

from modelviz.gallery.build import COMMAND, build_gallery, gallery_files
from modelviz.gallery.entries import ENTRIES, Entry

__all__ = ["COMMAND", "ENTRIES", "Entry", "build_gallery", "gallery_files"]
