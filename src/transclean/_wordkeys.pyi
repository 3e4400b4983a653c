def find(
    text: str,
    table: bytes,
    strings: tuple[str, ...],
    classes: bytes,
    longest: int,
    folds: bytes,
    /,
) -> list[tuple[int, int, int]] | None: ...
def build(strings: tuple[str, ...], keys: int, /) -> bytes: ...
