"""The `transclean` console script: Ctrl-C while the modules load is exit 130, not a
traceback (the filter's own handling takes over once `transclean.cli` has loaded)."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def main() -> int:
    try:
        from transclean.cli import main as cli_main
    except KeyboardInterrupt:
        print("transclean: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return cli_main()
