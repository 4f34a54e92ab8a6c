"""``python -m modelviz.gallery OUT_DIR [--configs DIR]``: rebuild the gallery."""

from __future__ import annotations

import argparse
import sys

from modelviz.errors import ModelvizError
from modelviz.gallery.build import build_gallery


def main(argv: list[str] | None = None) -> int:
    """Write the gallery into OUT_DIR; 2 and one line on stderr when that fails."""
    parser = argparse.ArgumentParser(prog="python -m modelviz.gallery",
                                     description="Rebuild the modelviz gallery.")
    parser.add_argument("out_dir", help="the gallery folder, e.g. gallery/")
    parser.add_argument("--configs", help="folder of Keras configs (default: OUT_DIR/configs)")
    args = parser.parse_args(argv)
    try:
        written = build_gallery(args.out_dir, args.configs)
    except ModelvizError as err:
        print(f"modelviz.gallery: error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
