"""What kind of file a path is, by its content: one table, first match wins.

Each :class:`FileFormat` has a ``matches(path, head)`` test (``head`` is the
first 64 bytes, ``b""`` for a folder) and a ``reader`` that returns a model, or
no reader when modelviz recognises the file but does not read it (a PyTorch
checkpoint, a TF SavedModel): :func:`read_model` then says what the file is and
what modelviz reads. :func:`register_format` adds or replaces an entry, so an
importer for another format (ONNX) hooks in without touching this table.

Example:
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "net.pt"
    >>> _ = path.write_bytes(b"\\x80\\x02\\x8a\\x0alz\\xfc\\x9cF\\xf9 j\\xa8P\\x19.")
    >>> detect(path).name
    'pytorch-pickle'
    >>> read_model(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    modelviz.errors.ModelFileError: ...net.pt: this is a PyTorch checkpoint (pickle), ...
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from modelviz.errors import ModelFileError

__all__ = ["FORMATS", "READS", "FileFormat", "detect", "read_model", "register_format"]

READS: Final = ("modelviz reads Keras .keras, .h5 and .json files (model.save / "
                "model.to_json), TensorFlow.js model.json files or their folders, ONNX .onnx "
                "files, and .py files that define a model")
HDF5_MAGIC: Final = b"\x89HDF\r\n\x1a\n"
ZIP_MAGIC: Final = b"PK\x03\x04"


@dataclass(frozen=True)
class FileFormat:
    """One kind of file: a name, what it is in words, how to spot it, how to read it."""

    name: str
    description: str
    matches: Callable[[Path, bytes], bool]
    reader: Callable[[Path], Any] | None = None
    hint: str = ""


def read_model(path: Path) -> Any:
    """The model in ``path`` via the matching format's reader, or a ModelFileError.

    Example:
        >>> read_model(Path("no/such/file.keras"))
        Traceback (most recent call last):
        ...
        modelviz.errors.ModelFileError: no/such/file.keras: no such file; check the path
    """
    fmt = detect(path)
    if fmt.reader is None:
        hint = f" ({fmt.hint})" if fmt.hint else ""
        raise ModelFileError(
            f"{path}: this is {fmt.description}, not a Keras model{hint}; {READS}"
        )
    return fmt.reader(path)


def detect(path: Path) -> FileFormat:
    """The first format in :data:`FORMATS` that matches ``path``.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "saved_model.pb").write_bytes(b"")
        >>> detect(folder).name, detect(folder / "saved_model.pb").name
        ('tf-savedmodel', 'keras-saved-pb')
    """
    if not path.exists():
        raise ModelFileError(f"{path}: no such file; check the path")
    head = b""
    if path.is_file():
        try:
            with path.open("rb") as handle:
                head = handle.read(64)
        except OSError as err:
            raise ModelFileError(f"{path}: cannot read the file ({err.strerror})") from err
    for fmt in FORMATS:
        if fmt.matches(path, head):
            return fmt
    return _UNKNOWN


def register_format(fmt: FileFormat) -> None:
    """Add ``fmt`` before the catch-all entries, replacing one of the same name.

    Example:
        >>> onnx = next(fmt for fmt in FORMATS if fmt.name == "onnx")
        >>> register_format(onnx)  # an ONNX importer would pass reader=...
        >>> [fmt.name for fmt in FORMATS].count("onnx")
        1
    """
    for index, existing in enumerate(FORMATS):
        if existing.name == fmt.name:
            FORMATS[index] = fmt
            return
    FORMATS.insert(len(FORMATS) - _CATCH_ALL, fmt)


def _read_python(path: Path) -> Any:
    from modelviz.importers.python_file import load_python_file

    return load_python_file(path)


def _read_onnx(path: Path) -> Any:
    from modelviz.importers.onnx_file import load_onnx

    return load_onnx(path)


def _read_keras(path: Path) -> Any:
    from modelviz.importers.keras_files import load_saved

    return load_saved(path)


def _zip_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()[:10_000]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return []


def _zip_with(*markers: str) -> Callable[[Path, bytes], bool]:
    def matches(path: Path, head: bytes) -> bool:
        return head.startswith(ZIP_MAGIC) and any(
            name == marker or name.endswith("/" + marker)
            for name in _zip_names(path) for marker in markers)
    return matches


def _folder_with(*names: str) -> Callable[[Path, bytes], bool]:
    return lambda path, head: path.is_dir() and any((path / n).is_file() for n in names)


def _starts(*magics: bytes) -> Callable[[Path, bytes], bool]:
    return lambda path, head: any(head.startswith(m) for m in magics)


def _is_json(path: Path, head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _is_pickle(path: Path, head: bytes) -> bool:
    return len(head) > 1 and head[0] == 0x80 and 2 <= head[1] <= 5


def _is_onnx(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".onnx" and path.is_file()


def _is_safetensors(path: Path, head: bytes) -> bool:
    return len(head) > 9 and head[8:10] in (b'{"', b"{ ") and head[4:8] == b"\0\0\0\0"


def _suffix(*suffixes: str) -> Callable[[Path, bytes], bool]:
    return lambda path, head: path.is_file() and path.suffix.lower() in suffixes


def _damaged_keras(path: Path) -> Any:
    raise ModelFileError(
        f"{path}: not a valid .keras zip archive (it does not start like a zip file); "
        "the file is truncated or damaged, save the model again"
    )


_SAVED_MODEL: Final = "convert it with Keras: tf.keras.models.load_model(...).save('m.keras')"
_TORCH: Final = "modelviz draws Keras models; rebuild the network with modelviz.layers"
_UNKNOWN: Final = FileFormat("unknown", "not a file modelviz recognises", lambda p, h: True)
_CATCH_ALL: Final = 4

FORMATS: list[FileFormat] = [
    FileFormat("python", "a Python model definition", _suffix(".py"), _read_python),
    FileFormat("tfjs-folder", "a TensorFlow.js model folder", _folder_with("model.json"),
               lambda path: _read_keras(path / "model.json")),
    FileFormat("tf-savedmodel", "a TensorFlow SavedModel folder",
               _folder_with("saved_model.pb", "saved_model.pbtxt"), hint=_SAVED_MODEL),
    FileFormat("folder", "a folder without a model.json", lambda p, h: p.is_dir()),
    FileFormat("keras-hdf5", "a Keras .h5 (HDF5) file", _starts(HDF5_MAGIC), _read_keras),
    FileFormat("keras-zip", "a Keras .keras archive", _zip_with("config.json"), _read_keras),
    FileFormat("pytorch-zip", "a PyTorch checkpoint (torch.save zip)",
               _zip_with("data.pkl", "version"), hint=_TORCH),
    FileFormat("keras-saved-pb", "a TensorFlow SavedModel graph (saved_model.pb)",
               lambda p, h: p.name == "saved_model.pb", hint=_SAVED_MODEL),
    FileFormat("pytorch-pickle", "a PyTorch checkpoint (pickle)", _is_pickle, hint=_TORCH),
    FileFormat("onnx", "an ONNX model", _is_onnx, _read_onnx),
    FileFormat("tflite", "a TensorFlow Lite flatbuffer",
               lambda p, h: h[4:8] == b"TFL3", hint=_SAVED_MODEL),
    FileFormat("safetensors", "a safetensors weights file (weights only, no layers)",
               _is_safetensors),
    FileFormat("gguf", "a GGUF model file", _starts(b"GGUF")),
    FileFormat("numpy", "a NumPy array file", _starts(b"\x93NUMPY")),
    FileFormat("json", "JSON", _is_json, _read_keras),
    # catch-alls (keep _CATCH_ALL in step): empty files, damaged archives and .keras files
    FileFormat("empty", "an empty file", lambda p, h: p.is_file() and not h),
    FileFormat("keras-zip-damaged", "a damaged .keras archive",
               lambda p, h: _suffix(".keras")(p, h) and h.startswith(b"PK"), _read_keras),
    FileFormat("zip", "a zip archive without config.json (not a .keras model)",
               _starts(b"PK")),
    FileFormat("keras-damaged", "a damaged .keras file", _suffix(".keras"), _damaged_keras),
]
