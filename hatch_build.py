"""Build hook: compile the three C loops into the wheel.

`_capwords.c` reads a text's capitalised words for the fuzzy pass; `_doubled.c` is the
repeats pass's prefilter; `_wordkeys.c` is the names pass's scan. All are optional: without
a C compiler the build warns and makes a pure-Python wheel, and regexes and an automaton do
the same work with the same results (~30 ms more per megabyte with every pass on).
TRANSCLEAN_PURE_PYTHON=1 skips the build.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULES = ("_capwords", "_doubled", "_wordkeys")  # each from src/transclean/<name>.c


def _compile(root: Path, into: Path) -> list[Path]:
    """Compile the extensions into `into` with setuptools (which knows each platform's
    compiler and flags); the paths of the built files."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extensions = [
        Extension(f"transclean.{name}", [str(root / "src" / "transclean" / f"{name}.c")])
        for name in MODULES
    ]
    command = build_ext(Distribution({"name": "transclean", "ext_modules": extensions}))
    with tempfile.TemporaryDirectory() as scratch:
        command.build_lib = str(into)
        command.build_temp = scratch
        command.ensure_finalized()
        command.run()
        return [Path(command.get_ext_fullpath(f"transclean.{name}")) for name in MODULES]


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
                f"transclean: the C loops were not built ({error}); regexes do their work",
                file=sys.stderr,
            )
            return
        for path in built:
            if version == "editable":
                # An editable install imports from src/: the module goes beside its source.
                shutil.copy2(path, root / "src" / "transclean" / path.name)
            else:
                build_data["force_include"][str(path)] = f"transclean/{path.name}"
        if version != "editable":
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
