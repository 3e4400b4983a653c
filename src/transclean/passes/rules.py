"""The rules pass: literal-translation artefacts fixed by rules that are data.

Each rule in `lexicons/rules/*.toml` (and in any file a user adds) is a `regex` pattern, a
replacement template, a reason, and examples and counter-examples that are checked when the
file loads, so a rule that does not do what it says never runs. Rules that share flags are
compiled into one alternation, so a text costs one C-level scan per flag group plus work
proportional to the hits. Matches are resolved leftmost-first (at one position, the rule
listed first wins) and never overlap.

A user's pattern may backtrack catastrophically; every scan therefore runs under the
`regex` module's `timeout`, and a scan that runs out names the file and the rule.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from transclean.edits import Edit, apply_edits
from transclean.errors import LexiconError, Problem, TranscleanError
from transclean.resources import builtin_lexicon_dir
from transclean.text import Automaton, find_all
from transclean.tomlfile import read_toml

NAME = "rules"
# Seconds a scan may take: this much per text, plus this much per million characters
# (a correct pattern scans far faster than 1 MB/s; a catastrophic one never finishes).
DEFAULT_TIMEOUT = 1.0

_ID = regex.compile(r"[a-z0-9][a-z0-9-]*\Z")
_LIST_NAME = regex.compile(r"[a-z_][a-z0-9_]*\Z")
# `{name}` in a pattern is a list placeholder, but not in `\p{...}`, `\P{...}`, `\N{...}`;
# regex quantifiers ({2}, {0,8}) start with a digit and never look like a name.
_PLACEHOLDER = regex.compile(r"(?<!\\[pPN])\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Numbered backreferences depend on group numbers, which change inside a combined pattern.
_NUMBERED_BACKREF = regex.compile(r"\\[1-9]|\\g<\d+>|\(\?P=\d")
_TOKEN = regex.compile(r"\w+|\W", regex.UNICODE)

_TOP_LEVEL = {"meta", "lists", "rule"}
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "pattern": str,
    "replacement": str,
    "reason": str,
    "examples": list,
    "counterexamples": list,
    "case_sensitive": bool,
    "match_case": bool,
    "conditions": dict,
    "triggers": list,
}
_REQUIRED = ("id", "pattern", "replacement", "reason", "examples", "counterexamples")
_CONDITIONS: dict[str, type] = {"max_line_length": int}
_BASE_FLAGS = regex.MULTILINE | regex.UNICODE


@dataclass(frozen=True)
class Rule:
    """One artefact rule, compiled, with the file it came from (errors name both)."""

    id: str
    path: str
    source: str  # the pattern as written, placeholders unexpanded
    pattern: str  # placeholders expanded: what is compiled
    replacement: str
    reason: str
    case_sensitive: bool
    match_case: bool
    max_line_length: int | None
    triggers: tuple[str, ...]
    examples: tuple[tuple[str, str], ...]
    counterexamples: tuple[str, ...]
    compiled: regex.Pattern[str]

    @property
    def shareable(self) -> bool:
        """Can this rule join a combined alternation? Not with its own global flags or \\1."""
        own_flags = _BASE_FLAGS | (0 if self.case_sensitive else regex.IGNORECASE)
        return (self.compiled.flags & ~regex.VERSION0) == (
            own_flags & ~regex.VERSION0
        ) and not _NUMBERED_BACKREF.search(self.pattern)

    def where(self) -> str:
        return f"{self.path}: rule {self.id!r}"


@dataclass(frozen=True)
class RuleSet:
    """Validated rules in order (files sorted, rules in file order) and the lists they use."""

    rules: tuple[Rule, ...]
    lists: dict[str, tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)


def builtin_rules_dir() -> Path:
    return builtin_lexicon_dir() / "rules"


def _rule_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def load_rules(paths: Sequence[Path], timeout: float = DEFAULT_TIMEOUT) -> RuleSet:
    """Load, compile and check rule files (or folders of them); every problem in one error.

    Lists are shared by all the files loaded together, so a user's rule may use `{agency}`.
    Each rule's examples must reproduce, its outputs must not change again, and its
    counter-examples must not change, running the rule alone (so a failure names it).
    """
    problems: list[Problem] = []
    raws: list[tuple[Path, int, dict[str, Any]]] = []
    lists: dict[str, tuple[str, ...]] = {}
    list_origin: dict[str, Path] = {}
    for path in _rule_files(paths):
        data = read_toml(path, problems)
        if data is None:
            continue
        for key in data:
            if key not in _TOP_LEVEL:
                problems.append(
                    Problem(
                        str(path), None, key, f"unknown table; expected one of {sorted(_TOP_LEVEL)}"
                    )
                )
        raw_lists = data.get("lists", {})
        if not isinstance(raw_lists, dict):
            problems.append(Problem(str(path), None, "lists", "must be a table of name = [...]"))
            raw_lists = {}
        for name, items in raw_lists.items():
            checked = _list_items(path, name, items, problems)
            if name in lists:
                problems.append(
                    Problem(
                        str(path),
                        f"lists.{name}",
                        None,
                        f"list already declared in {list_origin[name]}",
                    )
                )
            elif checked is not None:
                lists[name] = checked
                list_origin[name] = path
        raw_rules = data.get("rule", [])
        if not isinstance(raw_rules, list):
            problems.append(Problem(str(path), None, "rule", "must be an array of [[rule]] tables"))
            continue
        for i, raw in enumerate(raw_rules):
            raws.append((path, i, raw))

    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path, i, raw in raws:
        rule = _rule(path, i, raw, lists, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(
                Problem(str(path), rule.id, "id", f"duplicate id; first defined in {seen[rule.id]}")
            )
            continue
        seen[rule.id] = path
        rules.append(rule)
    for rule in rules:
        _check_examples(rule, timeout, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LexiconError(errors)
    return RuleSet(tuple(rules), lists)


def _list_items(
    path: Path, name: str, items: Any, problems: list[Problem]
) -> tuple[str, ...] | None:
    entry = f"lists.{name}"
    if not _LIST_NAME.match(name):
        problems.append(Problem(str(path), entry, None, "list names are [a-z_][a-z0-9_]*"))
        return None
    if not isinstance(items, list) or not items:
        problems.append(Problem(str(path), entry, None, "must be a non-empty list of strings"))
        return None
    out: list[str] = []
    for j, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            problems.append(Problem(str(path), entry, None, f"item {j} must be a non-empty string"))
        else:
            out.append(item)
    return tuple(out)


def _alternation(items: Sequence[str]) -> str:
    """A list as a non-capturing alternation, longest first (so `AP Photo` beats `AP`)."""
    ordered = sorted(set(items), key=lambda s: (-len(s), s))
    return "(?:" + "|".join(regex.escape(item) for item in ordered) + ")"


def _expand(
    source: str,
    lists: dict[str, tuple[str, ...]],
    path: Path,
    rule_id: str,
    problems: list[Problem],
) -> str | None:
    missing = [m.group(1) for m in _PLACEHOLDER.finditer(source) if m.group(1) not in lists]
    if missing:
        known = ", ".join(sorted(lists)) or "none"
        problems.append(
            Problem(
                str(path),
                rule_id,
                "pattern",
                f"unknown list placeholder {{{missing[0]}}} (lists declared: {known})",
            )
        )
        return None
    return _PLACEHOLDER.sub(lambda m: _alternation(lists[m.group(1)]), source)


def _rule(
    path: Path,
    index: int,
    raw: Any,
    lists: dict[str, tuple[str, ...]],
    problems: list[Problem],
) -> Rule | None:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), label, None, "each [[rule]] must be a table"))
        return None
    if isinstance(raw.get("id"), str):
        label = raw["id"]
    before = len(problems)

    def bad(fld: str | None, message: str) -> None:
        problems.append(Problem(str(path), label, fld, message))

    for key in raw:
        if key not in _FIELDS:
            bad(key, f"unknown field; expected one of {sorted(_FIELDS)}")
    for key in _REQUIRED:
        if key not in raw:
            bad(key, "missing")
    for key, kind in _FIELDS.items():
        if key in raw and not isinstance(raw[key], kind):
            bad(
                key,
                f"must be {kind.__name__ if isinstance(kind, type) else kind}, "
                f"not {type(raw[key]).__name__}",
            )
    if isinstance(raw.get("id"), str) and not _ID.match(raw["id"]):
        bad("id", "ids are [a-z0-9][a-z0-9-]* (e.g. credit-via-agency)")
    for key in ("pattern", "reason"):
        if isinstance(raw.get(key), str) and not raw[key].strip():
            bad(key, "is empty")
    examples = _examples(raw.get("examples"), bad)
    counterexamples = _counterexamples(raw.get("counterexamples"), bad)
    max_line_length = _conditions(raw.get("conditions"), bad)
    triggers = _triggers(raw.get("triggers"), bad)
    if len(problems) > before:
        return None

    case_sensitive = bool(raw.get("case_sensitive", True))
    pattern = _expand(raw["pattern"], lists, path, label, problems)
    if pattern is None:
        return None
    expanded: list[str] = []
    for trigger in triggers:
        whole = _PLACEHOLDER.fullmatch(trigger)
        if whole is None:
            expanded.append(trigger)
        elif whole.group(1) in lists:
            expanded.extend(lists[whole.group(1)])
        else:
            bad("triggers", f"unknown list placeholder {trigger}")
            return None
    flags = _BASE_FLAGS | (0 if case_sensitive else regex.IGNORECASE)
    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, OverflowError, RecursionError) as exc:
        bad("pattern", f"does not compile: {exc}")
        return None
    try:
        compiled.sub(raw["replacement"], "-")  # compiles the template: unknown groups fail here
    except (regex.error, IndexError) as exc:
        bad("replacement", f"not a valid template for this pattern: {exc}")
        return None
    return Rule(
        id=label,
        path=str(path),
        source=raw["pattern"],
        pattern=pattern,
        replacement=raw["replacement"],
        reason=raw["reason"].strip(),
        case_sensitive=case_sensitive,
        match_case=bool(raw.get("match_case", False)),
        max_line_length=max_line_length,
        triggers=tuple(dict.fromkeys(expanded)),
        examples=examples,
        counterexamples=counterexamples,
        compiled=compiled,
    )


def _examples(value: Any, bad: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    if not value:
        bad("examples", "needs at least one [input, output] pair")
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(value):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(s, str) and s for s in pair)
        ):
            bad("examples", f"item {i} must be a pair of non-empty strings [input, output]")
        elif pair[0] == pair[1]:
            bad("examples", f"item {i}: input equals output; put it in counterexamples")
        else:
            out.append((pair[0], pair[1]))
    return tuple(out)


def _counterexamples(value: Any, bad: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    if not value:
        bad("counterexamples", "needs at least one text the rule must leave alone")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            bad("counterexamples", f"item {i} must be a non-empty string")
        else:
            out.append(item)
    return tuple(out)


def _triggers(value: Any, bad: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    if not value:
        bad("triggers", "leave it out, or list at least one literal")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item or "\n" in item:
            bad("triggers", f"item {i} must be a non-empty string on one line")
        else:
            out.append(item)
    return tuple(out)


def _conditions(value: Any, bad: Any) -> int | None:
    if not isinstance(value, dict):
        return None
    for key, item in value.items():
        if key not in _CONDITIONS:
            bad("conditions", f"unknown condition {key!r}; expected one of {sorted(_CONDITIONS)}")
        elif not isinstance(item, int) or isinstance(item, bool) or item <= 0:
            bad("conditions", f"{key} must be a positive integer")
    length = value.get("max_line_length")
    return length if isinstance(length, int) and not isinstance(length, bool) else None


def _check_examples(rule: Rule, timeout: float, problems: list[Problem]) -> None:
    """Run the rule alone on its own examples; a rule that misbehaves is an error in its file."""
    engine = _Engine((rule,), timeout)

    def bad(fld: str, message: str) -> None:
        problems.append(Problem(rule.path, rule.id, fld, message))

    try:
        for i, (source, expected) in enumerate(rule.examples):
            got = apply_edits(source, engine.run(source))
            if got != expected:
                bad("examples", f"item {i}: {source!r} gives {got!r}, expected {expected!r}")
            elif engine.run(got):
                bad("examples", f"item {i}: the output {got!r} would change again")
        for i, text in enumerate(rule.counterexamples):
            edits = engine.run(text)
            if edits:
                changed = apply_edits(text, edits)
                bad("counterexamples", f"item {i}: {text!r} changes to {changed!r}")
    except TranscleanError as exc:
        bad("pattern", str(exc))
    except (regex.error, IndexError) as exc:  # a template is parsed at its first use
        bad("replacement", f"not a valid template for this pattern: {exc}")


@dataclass(frozen=True)
class _Group:
    """Rules scanned together: one pattern whose branch `_r<k>` is rule k of `rules`."""

    rules: tuple[Rule, ...]
    order: tuple[int, ...]  # each rule's position in the whole rule set (for ties)
    pattern: regex.Pattern[str]
    branches: tuple[int, ...]  # the group number of each rule's branch (0: scanned alone)


_Head = tuple[int, int, int, str, Rule]  # (start, order, end, replacement, rule)


class _Engine:
    """Leftmost-first, non-overlapping matching of many rules with few C-level scans.

    Rules with `triggers` run only on the lines where an Aho-Corasick scan (one pass for all
    triggers) finds one of them; the other rules share one combined alternation per flag
    set. The `regex` module scans a single pattern at hundreds of MB/s but an alternation of
    a dozen rules at under 10, so the trigger scan is what keeps the pass fast as rules grow.
    """

    def __init__(self, rules: Sequence[Rule], timeout: float) -> None:
        self._timeout = timeout
        shared: dict[int, list[int]] = {}
        alone: list[int] = []
        trigger_rules: dict[str, list[int]] = {}
        self._single: dict[int, _Group] = {}
        for k, rule in enumerate(rules):
            if rule.triggers:
                self._single[k] = _Group((rule,), (k,), rule.compiled, (0,))
                for trigger in rule.triggers:
                    trigger_rules.setdefault(trigger, []).append(k)
            elif rule.shareable:
                shared.setdefault(rule.compiled.flags, []).append(k)
            else:
                alone.append(k)
        groups: list[_Group] = []
        for flags, members in shared.items():
            if len(members) == 1:
                k = members[0]
                groups.append(_Group((rules[k],), (k,), rules[k].compiled, (0,)))
                continue
            source = "|".join(f"(?P<_r{j}>(?:{rules[k].pattern}))" for j, k in enumerate(members))
            combined = regex.compile(source, flags)
            branches = tuple(combined.groupindex[f"_r{j}"] for j in range(len(members)))
            groups.append(
                _Group(tuple(rules[k] for k in members), tuple(members), combined, branches)
            )
        groups.extend(_Group((rules[k],), (k,), rules[k].compiled, (0,)) for k in alone)
        self._groups = groups
        self.triggers = list(trigger_rules)
        self._trigger_rules = [tuple(trigger_rules[t]) for t in self.triggers]
        self._automaton = Automaton(self.triggers, dfa=True) if self.triggers else None

    def run(self, text: str) -> list[Edit]:
        hits = find_all(self._automaton, text) if self._automaton is not None and text else []
        return self.run_found(text, hits)

    def run_found(self, text: str, hits: Sequence[tuple[int, int, int]]) -> list[Edit]:
        """`run`, given where the trigger strings occur in `text`."""
        if not text:
            return []
        if not hits and not self._groups:
            return []
        deadline = time.monotonic() + self._timeout * (1 + len(text) / 1_000_000)
        lines = _Lines(text)
        found: list[_Head] = []
        sources = 0
        if self._groups:
            found.extend(self._scan(self._groups, text, 0, len(text), deadline, lines))
            sources += 1
        if hits:
            on_line: dict[tuple[int, int], set[int]] = {}
            for t, start, _ in hits:
                lo, hi = lines.bounds(start)
                key = (lo, hi + 1 if hi < len(text) else hi)
                on_line.setdefault(key, set()).update(self._trigger_rules[t])
            for (lo, hi), members in sorted(on_line.items()):
                # A rule whose line limit this line exceeds cannot match on it: not scanned
                # (a long line would otherwise cost a scan per candidate).
                length = lines.trimmed_length(lo)
                groups = [
                    self._single[k]
                    for k in sorted(members)
                    if (limit := self._single[k].rules[0].max_line_length) is None
                    or length <= limit
                ]
                if groups:
                    found.extend(self._scan(groups, text, lo, hi, deadline, lines))
            sources += 1
        if sources > 1:  # untriggered and triggered rules: leftmost first, then rule order
            found.sort(key=lambda h: (h[0], h[1]))
            kept: list[_Head] = []
            for head in found:
                if not kept or head[0] >= kept[-1][2]:
                    kept.append(head)
            found = kept
        return [_minimal_edit(text, h[0], h[2], h[3], h[4]) for h in found]

    def _scan(
        self,
        groups: Sequence[_Group],
        text: str,
        lo: int,
        hi: int,
        deadline: float,
        lines: _Lines,
    ) -> list[_Head]:
        """Matches in text[lo:hi] (lookbehinds see before lo), resolved across the groups."""
        heads = [self._next(g, text, lo, hi, deadline, lines) for g in groups]
        out: list[_Head] = []
        while True:
            live = [h for h in heads if h is not None]
            if not live:
                return out
            best = min(live, key=lambda h: (h[0], h[1]))
            out.append(best)
            end = best[2]
            for g, head in enumerate(heads):
                if head is not None and head[0] < end:
                    heads[g] = self._next(groups[g], text, end, hi, deadline, lines)

    def _next(
        self, group: _Group, text: str, pos: int, hi: int, deadline: float, lines: _Lines
    ) -> _Head | None:
        """The group's first acceptable match in text[pos:hi]."""
        while pos <= hi:
            match = self._call(group, group.pattern.search, text, pos, hi, deadline)
            if match is None:
                return None
            start = match.start()
            first = next((j for j, g in enumerate(group.branches) if match.start(g) >= 0), 0)
            # At this position the first rule that matches wins; a later rule of the group may
            # still match here when the first one's conditions or replacement turn it down.
            for j in range(first, len(group.rules)):
                rule = group.rules[j]
                own: regex.Match[str] | None = match
                if len(group.rules) > 1:
                    own = self._call(group, rule.compiled.match, text, start, hi, deadline, rule)
                if own is None or own.end() == start or "\n" in own.group():
                    continue
                after = own.expand(rule.replacement)
                if rule.match_case and after and text[start].isupper():
                    after = after[0].upper() + after[1:]
                if after == own.group() or not _conditions_hold(rule, lines, start):
                    continue
                return start, group.order[j], own.end(), after, rule
            pos = start + 1
        return None

    def _call(
        self,
        group: _Group,
        method: Any,
        text: str,
        pos: int,
        hi: int,
        deadline: float,
        rule: Rule | None = None,
    ) -> regex.Match[str] | None:
        remaining = max(deadline - time.monotonic(), 0.001)
        try:
            result: regex.Match[str] | None = method(text, pos, hi, timeout=remaining)
        except TimeoutError:
            raise self._timeout_error(group, text, rule) from None
        return result

    def _timeout_error(self, group: _Group, text: str, rule: Rule | None) -> TranscleanError:
        """Name the rule that ran out of time: alone if it can be found, else the group."""
        suspects = [rule] if rule is not None else list(group.rules)
        if len(suspects) > 1:
            slow = []
            for candidate in suspects:
                try:
                    candidate.compiled.search(text, timeout=self._timeout)
                except TimeoutError:
                    slow.append(candidate)
            suspects = slow or suspects
        names = "; ".join(r.where() for r in suspects)
        return TranscleanError(
            f"{names}: pattern took longer than the time limit on a text of {len(text)} "
            "characters (catastrophic backtracking?); simplify the pattern"
        )


class _Lines:
    """The lines of one text that the pass has looked at: each found once (a scan back to
    its start and on to its end) and then looked up, so placing many candidates on a long
    line costs one scan of it, not one each (on a 50 MB line with a candidate per sentence,
    scanning back per candidate made the pass quadratic). Indexing every line start up
    front cost ~8 ms/MB of news, which has a candidate on few of its lines."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] = []  # the lines found so far, by start
        self._ends: list[int] = []
        self._trimmed: dict[int, int] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line holding `pos`: `end` is its "\n" or the end of the text."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos <= self._ends[i]:
            return self._starts[i], self._ends[i]
        text = self._text
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        self._starts.insert(i + 1, start)
        self._ends.insert(i + 1, end)
        return start, end

    def trimmed_length(self, pos: int) -> int:
        """The length of the line holding `pos`, without its leading and trailing space."""
        lo, hi = self.bounds(pos)
        known = self._trimmed.get(lo)
        if known is None:
            known = self._trimmed[lo] = len(self._text[lo:hi].strip())
        return known


def _conditions_hold(rule: Rule, lines: _Lines, start: int) -> bool:
    if rule.max_line_length is None:
        return True
    return lines.trimmed_length(start) <= rule.max_line_length


def _minimal_edit(text: str, start: int, end: int, after: str, rule: Rule) -> Edit:
    """Trim whole tokens the match and its replacement share, so an edit covers only the change.

    "shaking his hands with" -> "shaking hands with" becomes the edit "his " -> "".
    """
    before = text[start:end]
    old = _TOKEN.findall(before)
    new = _TOKEN.findall(after)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    cut_start = sum(len(t) for t in old[:head])
    cut_end = sum(len(t) for t in old[len(old) - tail :])
    new_start = sum(len(t) for t in new[:head])
    new_end = len(after) - sum(len(t) for t in new[len(new) - tail :])
    s, e = start + cut_start, end - cut_end
    return Edit(s, e, text[s:e], after[new_start:new_end], NAME, rule.id, rule.reason)


class RulesPass:
    """Apply artefact rules (built-in and user files) as non-overlapping edits."""

    name = NAME

    def __init__(self, rules: RuleSet, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.rules = rules
        self._engine = _Engine(rules.rules, timeout)

    @classmethod
    def builtin(
        cls, extra_paths: Sequence[Path] = (), timeout: float = DEFAULT_TIMEOUT
    ) -> RulesPass:
        """The shipped rules in `lexicons/rules/`, then the user's files (their lists shared)."""
        return cls(load_rules([builtin_rules_dir(), *extra_paths], timeout), timeout)

    @property
    def strings(self) -> tuple[str, ...]:
        """The trigger strings of its rules (exact case), for a scan shared with others."""
        return tuple(self._engine.triggers)

    @property
    def whole_word_strings(self) -> frozenset[int]:
        """None: a trigger only marks a line for the rules' patterns, which match as they will."""
        return frozenset()

    def run(self, text: str) -> list[Edit]:
        return self._engine.run(text)

    def run_found(self, text: str, found: Sequence[tuple[int, int, int]]) -> list[Edit]:
        """`run`, given where `strings` occur in `text` (index, start, end)."""
        return self._engine.run_found(text, found)
