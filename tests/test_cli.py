"""The `transclean` filter as a user's shell meets it: bytes in, bytes out, exit codes."""

from __future__ import annotations

import ast
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "transclean"]


def run(args: list[str], data: bytes = b"", **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *args], input=data, capture_output=True, timeout=120, **kw)  # type: ignore[call-overload, no-any-return]


def test_stdin_to_stdout() -> None:
    out = run([], b"Officials in Kiev said Kharkov was shelled.\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout == b"Officials in Kyiv said Kharkiv was shelled.\n"


def test_console_script_installed() -> None:
    exe = shutil.which("transclean")
    if exe is None:
        pytest.skip("package not installed (running from a source tree)")
    out = subprocess.run([exe], input=b"Kiev\n", capture_output=True, timeout=120)
    assert out.stdout == b"Kyiv\n"


def test_bytes_outside_edits_are_kept() -> None:
    data = b"Kiev\r\n\tKharkov  \r\nno final newline Odessa"
    out = run([], data)
    assert out.stdout == b"Kyiv\r\n\tKharkiv  \r\nno final newline Odesa"


def test_invalid_utf8_passes_through_and_rest_is_cleaned() -> None:
    data = b"\xff\xfe Kiev \xc3\x28 caf\xc3\xa9 \xed\xa0\x80\n"
    out = run([], data)
    assert out.returncode == 0
    assert out.stdout == data.replace(b"Kiev", b"Kyiv")


def test_binary_junk_unchanged() -> None:
    # Binary data (it has NUL bytes) passes through untouched, even where random bytes
    # happen to spell Kiev or a Cyrillic look-alike.
    junk = bytes(range(256)) * 64 + random.Random(7).randbytes(1 << 16) + b" Kiev \xd0\xbe"
    out = run([], junk)
    assert out.returncode == 0
    assert out.stdout == junk


def test_empty_input() -> None:
    out = run([], b"")
    assert (out.returncode, out.stdout, out.stderr) == (0, b"", b"")


def test_files_and_stdin_dash(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(b"Kiev\n")
    out = run([str(a), "-"], b"Lvov\n")
    assert out.stdout == b"Kyiv\nLviv\n"


def test_check_lists_edits_and_exits_1(tmp_path: Path) -> None:
    f = tmp_path / "news.txt"
    f.write_bytes(b"Fine line.\nShelling in Kharkov and Kiev.\n")
    out = run(["--check", str(f)])
    assert out.returncode == 1
    lines = out.stdout.decode().splitlines()
    assert lines[0].startswith(f"{f}:2:13: ")
    assert lines[0].endswith(": Kharkov -> Kharkiv")
    assert lines[1].startswith(f"{f}:2:25: ") and lines[1].endswith("Kiev -> Kyiv")
    assert f.read_bytes() == b"Fine line.\nShelling in Kharkov and Kiev.\n"


def test_check_clean_input_exits_0() -> None:
    out = run(["--check"], b"Officials in Kyiv said.\n")
    assert (out.returncode, out.stdout) == (0, b"")


def test_diff_is_a_unified_diff_that_patch_applies(tmp_path: Path) -> None:
    f = tmp_path / "news.txt"
    lines = [f"line {i}\n" for i in range(20)]
    lines[2] = "in Kiev\n"
    lines[15] = "in Odessa\n"
    f.write_text("".join(lines))
    out = run(["--diff", str(f)])
    assert out.returncode == 0
    text = out.stdout.decode()
    assert text.startswith(f"--- a/{f}\n+++ b/{f}\n@@ -1,6 +1,6 @@\n")
    assert "-in Kiev\n+in Kyiv\n" in text and "-in Odessa\n+in Odesa\n" in text
    if shutil.which("patch"):
        copy = tmp_path / "copy.txt"
        shutil.copy(f, copy)
        subprocess.run(["patch", "-s", str(copy)], input=out.stdout, check=True)
        assert copy.read_text() == "".join(lines).replace("Kiev", "Kyiv").replace("Odessa", "Odesa")


def test_diff_without_final_newline() -> None:
    out = run(["--diff"], b"Kiev")
    assert out.stdout.endswith(
        b"-Kiev\n\\ No newline at end of file\n+Kyiv\n\\ No newline at end of file\n"
    )


def test_explain_prints_json_lines() -> None:
    out = run(["--explain"], b"a\nb Kiev\n")
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert (row["line"], row["col"], row["before"], row["after"], row["pass"]) == (
        2,
        3,
        "Kiev",
        "Kyiv",
        "names",
    )
    assert row["start"] == 4 and row["rule"] and row["reason"]


def test_in_place_is_atomic_and_leaves_nothing(tmp_path: Path) -> None:
    f = tmp_path / "news.txt"
    f.write_bytes(b"Kiev\r\n")
    os.chmod(f, 0o640)
    clean = tmp_path / "clean.txt"
    clean.write_bytes(b"Kyiv\n")
    before = clean.stat().st_mtime_ns
    out = run(["--in-place", str(f), str(clean)])
    assert out.returncode == 0, out.stderr
    assert f.read_bytes() == b"Kyiv\r\n"
    assert f.stat().st_mode & 0o777 == 0o640
    assert clean.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt", "news.txt"]


def test_in_place_refuses_stdin() -> None:
    out = run(["--in-place"], b"Kiev")
    assert out.returncode == 2
    assert len(out.stderr.splitlines()) == 1


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Shelling in Kiev and Kharkov overnight.\n" * 200_000)
    cmd = " ".join([*CMD, str(big)]) + " | head -c 100"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, timeout=120)
    assert out.stdout == (b"Shelling in Kyiv and Kharkiv overnight.\n" * 3)[:100]
    assert out.stderr == b""
    assert out.returncode == 0


def test_missing_file_exit_2_one_line(tmp_path: Path) -> None:
    out = run([str(tmp_path / "missing.txt")])
    assert out.returncode == 2
    assert out.stderr.decode().count("\n") == 1
    assert "missing.txt" in out.stderr.decode()


def test_directory_argument_exit_2(tmp_path: Path) -> None:
    out = run([str(tmp_path)])
    assert out.returncode == 2
    assert b"Traceback" not in out.stderr


def test_bad_lexicon_exit_2_names_file_entry_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nid = "x-town"\nkind = "place"\ncanonical = 5\n')
    out = run(["--lexicon", str(bad)], b"Kiev\n")
    assert out.returncode == 2
    err = out.stderr.decode()
    assert str(bad) in err and "'x-town'" in err and "'canonical'" in err
    assert "Traceback" not in err
    assert out.stdout == b""


def test_usage_error_one_line() -> None:
    out = run(["--no-such-flag"])
    assert out.returncode == 2
    assert out.stderr.decode().count("\n") == 1


def test_passes_switch_on_and_off() -> None:
    assert run(["--skip", "names"], b"Kiev\n").stdout == b"Kiev\n"
    assert run(["--only", "names"], b"Kiev\n").stdout == b"Kyiv\n"
    bad = run(["--only", "nope"], b"Kiev\n")
    assert bad.returncode == 2 and b"unknown pass" in bad.stderr


def test_translit_subcommand() -> None:
    out = run(["translit", "Олександр Сирський", "--scheme", "kmu2010"])
    assert out.returncode == 0, out.stderr
    assert out.stdout == b"Oleksandr Syrskyi\n"
    bad = run(["translit", "x", "--scheme", "nope"])
    assert bad.returncode == 2


def test_lexicon_validate_builtin_ok() -> None:
    root = Path(__file__).resolve().parents[1] / "lexicons"
    out = run(["lexicon", "validate", "--quiet", str(root)])
    assert out.returncode == 0, out.stdout.decode()[-2000:]
    assert out.stdout.decode().splitlines()[-1].startswith("0 errors")


def test_lexicon_validate_reports_all_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[entity]]\nid = "x"\nkind = "rock"\ncanonical = "X"\n'
        '[[entity]]\nid = "y"\nkind = "place"\n'
    )
    out = run(["lexicon", "validate", str(bad)])
    assert out.returncode == 2
    text = out.stdout.decode()
    assert "'kind'" in text and "'canonical'" in text and "2 errors" in text


def test_check_reports_suggestions_below_min_score() -> None:
    data = b"In Ukraine, shelling hit Sudzhha overnight.\n"
    out = run(["--check", "--min-score", "0.95"], data)
    assert out.returncode == 0  # suggestions alone are not changes
    assert out.stdout.decode().endswith("Sudzhha -> Sudzha (suggestion, score 0.875)\n")
    assert run(["--min-score", "0.95"], data).stdout == data
    assert run([], data).stdout == data.replace(b"Sudzhha", b"Sudzha")


def test_explain_marks_applied_and_suggested() -> None:
    out = run(["--explain", "--min-score", "0.95"], b"In Ukraine, Sudzhha fell.\n")
    (row,) = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert row["applied"] is False and row["score"] == 0.875 and row["pass"] == "fuzzy"


def test_min_score_out_of_range() -> None:
    out = run(["--min-score", "1.5"], b"x")
    assert out.returncode == 2 and b"min_score" in out.stderr


def test_user_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "house.toml"
    rules.write_text(
        '[[rule]]\nid = "house-oblast"\npattern = "\\\\bregion of (Kharkiv|Sumy)\\\\b"\n'
        'replacement = "\\\\1 Oblast"\nreason = "house style"\n'
        'examples = [["the region of Sumy", "the Sumy Oblast"]]\n'
        'counterexamples = ["the region of Kent"]\n',
        encoding="utf-8",
    )
    out = run(["--rules", str(rules)], b"Shelling in the region of Kharkiv.\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout == b"Shelling in the Kharkiv Oblast.\n"
    checked = run(["lexicon", "validate", str(rules)])
    assert checked.returncode == 0 and checked.stdout.decode().endswith("0 errors, 0 warnings\n")


def test_bad_rules_file_exit_2(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rule]]\nid = "x"\npattern = "("\n', encoding="utf-8")
    out = run(["--rules", str(rules)], b"text\n")
    assert out.returncode == 2
    assert str(rules) in out.stderr.decode() and "Traceback" not in out.stderr.decode()
    checked = run(["lexicon", "validate", str(rules)])
    assert checked.returncode == 2 and "'x'" in checked.stdout.decode()


@pytest.mark.parametrize("folder", ["pronouns", "repeats", "script", "declension"])
def test_lexicon_validate_checks_pass_data_folders(tmp_path: Path, folder: str) -> None:
    root = Path(__file__).resolve().parents[1] / "lexicons"
    copy = tmp_path / "lexicons"
    shutil.copytree(root, copy)
    broken = sorted((copy / folder).glob("*.toml"))[0]
    with broken.open("a", encoding="utf-8") as handle:
        handle.write("\n[[bogus_table]]\n")
    out = run(["lexicon", "validate", "--quiet", str(copy)])
    assert out.returncode == 2
    assert str(broken) in out.stdout.decode()


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    # Sets iterate in a different order under each seed; results must not.
    data = Path(__file__).resolve().parent / "data" / "fuzzy_dev.tsv"
    lines = [line.split("\t")[0] for line in data.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "in.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = run([str(source)], env=env)
        assert out.returncode == 0, out.stderr
        outputs.add(out.stdout)
    assert len(outputs) == 1


# -- -j N, the progress bar, and interruption ----------------------------------------------

PROSE = Path(__file__).resolve().parent / "data" / "prose"


def _mixed_file(tmp_path: Path, size: int) -> Path:
    """Real prose with damaged names, CRLF lines, invalid UTF-8 and no final newline,
    spanning several 1 MB chunks."""
    lines = (PROSE / "fortunes_1.txt").read_bytes().splitlines(keepends=True)
    names = [b"Kiev", b"Kharkov", b"Sudzhha", b"Olexisiy candle", b"Lvov", b"\xff\xfeKiev"]
    out = bytearray()
    for i, line in enumerate(itertools.cycle(lines)):
        if len(out) >= size:
            break
        if i % 7 == 0:
            line = line.rstrip(b"\n") + b" in " + names[i % len(names)] + b".\r\n"
        out += line
    path = tmp_path / "mixed.txt"
    path.write_bytes(bytes(out).rstrip(b"\n") + b" Odessa")
    return path


def test_jobs_output_is_byte_identical(tmp_path: Path) -> None:
    f = _mixed_file(tmp_path, 2_500_000)
    one = run([str(f)])
    assert one.returncode == 0, one.stderr
    assert one.stdout.endswith(b" Odesa") and b"\xff\xfeKyiv.\r\n" in one.stdout
    for jobs in ("2", "0"):
        other = run(["-j", jobs, str(f)])
        assert (other.returncode, other.stderr) == (0, b"")
        assert other.stdout == one.stdout, jobs
    for mode in ("--check", "--diff"):
        assert run([mode, str(f)]).stdout == run([mode, "--jobs", "2", str(f)]).stdout, mode


def test_jobs_in_place(tmp_path: Path) -> None:
    f = _mixed_file(tmp_path, 1_500_000)
    expected = run([str(f)]).stdout
    out = run(["-j", "2", "--in-place", str(f)])
    assert out.returncode == 0, out.stderr
    assert f.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == ["mixed.txt"]


def test_jobs_must_not_be_negative() -> None:
    out = run(["-j", "-1"], b"Kiev\n")
    assert out.returncode == 2 and out.stderr.decode().count("\n") == 1


def test_jobs_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Shelling in Kiev and Kharkov overnight.\n" * 200_000)
    cmd = " ".join([*CMD, "-j", "2", str(big)]) + " | head -c 100"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, timeout=120)
    assert out.stdout == (b"Shelling in Kyiv and Kharkiv overnight.\n" * 3)[:100]
    assert (out.returncode, out.stderr) == (0, b"")


def test_interrupt_with_jobs_exits_130_without_hanging(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Shelling in Kiev and Kharkov overnight, said Olexisiy candle.\n" * 400_000)
    proc = subprocess.Popen(
        [*CMD, "-j", "2", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    proc.stdout.read(1)  # cleaning has started
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == b"transclean: interrupted\n"


def _big_text(tmp_path: Path) -> Path:
    big = tmp_path / "big.txt"
    big.write_bytes(b"A quiet line of text with nothing to do.\n" * 230_000)  # 9.4 MB
    return big


def test_no_progress_bar_in_a_pipe(tmp_path: Path) -> None:
    out = run(["--only", "names", str(_big_text(tmp_path))])
    assert out.returncode == 0 and out.stderr == b""


def _stderr_on_a_terminal(args: list[str]) -> bytes:
    """Run with stderr on a pseudo-terminal; what was written there."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, and tqdm would draw a bar of nothing.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen([*CMD, *args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closed: the process is gone
            break
        if not data:
            break
        seen += data
    proc.wait(timeout=120)
    os.close(master)
    assert proc.returncode == 0, bytes(seen)
    return bytes(seen)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_unless_quiet(tmp_path: Path) -> None:
    big = str(_big_text(tmp_path))
    shown = _stderr_on_a_terminal(["--only", "names", big])
    assert b"B/s" in shown or b"%|" in shown, shown
    assert _stderr_on_a_terminal(["--only", "names", "-q", big]) == b""


@pytest.mark.parametrize(("given", "kept"), [(None, "1"), ("4", "4")])
def test_the_command_keeps_numpys_blas_threads_off_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    given: str | None,
    kept: str,
) -> None:
    """numpy's OpenBLAS pool spins on import (~0.1 s of CPU) and transclean never uses it."""
    from transclean import cli

    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert os.environ["OPENBLAS_NUM_THREADS"] == kept


_WARM_START = """
import sys
from transclean import cli, text, wordkeys
built = []
build = text.Automaton._build
text.Automaton._build = lambda self, kind: built.append(len(self.patterns)) or build(self, kind)
try:
    cli.main([])
except SystemExit:
    pass
heavy = [m for m in ("multiprocessing", "tomllib", "rapidfuzz", "numpy") if m in sys.modules]
sys.stderr.write(repr((heavy, built, wordkeys.compiled())))
"""


def test_a_warm_start_on_one_line_loads_only_what_it_needs(tmp_path: Path) -> None:
    """`echo Kiev | transclean` with a warm cache: no module it does not use is imported
    (workers, TOML, fuzzy search, numpy: ~50 ms), and no large automaton is built (the
    names pass's 24k keys: ~25 ms) where the C loop reads the line."""
    env = {**os.environ, "TRANSCLEAN_CACHE_DIR": str(tmp_path)}
    env.pop("TRANSCLEAN_NO_CACHE", None)
    cold = run([], b"Kiev\n", env=env)
    assert cold.returncode == 0 and cold.stdout == b"Kyiv\n", cold.stderr
    warm = subprocess.run(
        [sys.executable, "-c", _WARM_START], input=b"Kiev\n", capture_output=True, env=env
    )
    assert warm.returncode == 0 and warm.stdout == b"Kyiv\n", warm.stderr
    heavy, built, compiled = ast.literal_eval(warm.stderr.decode())
    assert heavy == []
    if compiled:  # only the small shared-scan automaton, on its cheap NFA
        assert max(built, default=0) < 5_000, built
