"""Build hook: compile the one C loop (src/transclean/_capwords.c) into the wheel.

The extension is optional. Without a C compiler the build warns and makes a pure-Python
wheel, and transclean reads capitalised words with a regex instead (same results, ~10 ms
more per megabyte with the fuzzy pass on). TRANSCLEAN_PURE_PYTHON=1 skips the build.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "transclean._capwords"
SOURCE = "src/transclean/_capwords.c"


def _compile(root: Path, into: Path) -> Path:
    """Compile the extension into `into` with setuptools (which knows each platform's
    compiler and flags); the path of the built file."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(MODULE, [str(root / SOURCE)], optional=False)
    command = build_ext(Distribution({"name": "transclean", "ext_modules": [extension]}))
    with tempfile.TemporaryDirectory() as scratch:
        command.build_lib = str(into)
        command.build_temp = scratch
        command.ensure_finalized()
        command.run()
        return Path(command.get_ext_fullpath(MODULE))


class CapwordsBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("TRANSCLEAN_PURE_PYTHON") == "1":
            return
        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="transclean-ext-"))
        try:
            built = _compile(root, out)
        except Exception as error:  # no compiler, no headers: a pure-Python wheel
            print(
                f"transclean: the C loop was not built ({error}); using the regex instead",
                file=sys.stderr,
            )
            return
        if version == "editable":
            # An editable install imports from src/: the module goes beside its source.
            shutil.copy2(built, root / "src" / "transclean" / built.name)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(built)] = f"transclean/{built.name}"
