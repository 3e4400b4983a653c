"""Reading a data file: the one place a TOML error becomes a Problem naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transclean.errors import Problem


def read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """The file's tables, or None with the reason added to `problems`."""
    # Imported here: a start-up from the cache reads no TOML (~8 ms saved at every start).
    import tomllib

    try:
        with Path(path).open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.append(Problem(str(path), None, None, "no such file"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(str(path), None, None, f"not valid TOML: {exc}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, None, f"cannot read: {exc}"))
    return None
