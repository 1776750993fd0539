"""Check corpora/gold.jsonl against the garbled stories it annotates.

Standalone, standard library only:  python corpora/verify_gold.py [path/to/gold.jsonl]
Exits 0 when every entry is sound, 1 otherwise (each problem is printed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# The ids of GARBLES.md (kept here so the script needs nothing from the package).
CATEGORIES = frozenset(
    {
        "duplicated-word",
        "stray-punctuation",
        "verb-form",
        "agreement",
        "article",
        "broken-compound",
        "literal-compound",
        "spurious-words",
        "split-attribution",
        "preposition",
        "mistranslation",
        "word-order",
        "punctuation",
        "number-date",
    }
)
KEYS = {"file", "start", "end", "text", "category", "fix"}


def check_text_file(path: Path, rel: str) -> list[str]:
    """UTF-8, LF line endings, one trailing newline."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{rel}: not UTF-8 ({exc})"]
    problems = []
    if b"\r" in raw:
        problems.append(f"{rel}: has CR characters (want LF line endings)")
    if not raw.endswith(b"\n") or raw.endswith(b"\n\n"):
        problems.append(f"{rel}: must end with exactly one newline")
    return problems


def verify(gold: Path) -> list[str]:
    root = gold.parent
    problems: list[str] = []
    contents: dict[str, str] = {}
    spans: dict[str, list[tuple[int, int, int]]] = {}

    for lineno, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{gold.name}:{lineno}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(entry, dict) or set(entry) != KEYS:
            problems.append(f"{where}: want exactly the keys {sorted(KEYS)}")
            continue
        rel, start, end, text = entry["file"], entry["start"], entry["end"], entry["text"]
        if entry["category"] not in CATEGORIES:
            problems.append(f"{where}: unknown category {entry['category']!r}")
        if entry["fix"] is not None and not isinstance(entry["fix"], str):
            problems.append(f"{where}: fix must be a string or null")
        if entry["fix"] == text:
            problems.append(f"{where}: fix is the same as the garbled text")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            problems.append(f"{where}: bad span {start!r}..{end!r}")
            continue
        if rel not in contents:
            path = root / rel
            if not path.is_file():
                problems.append(f"{where}: no such file {rel}")
                continue
            problems.extend(check_text_file(path, rel))
            contents[rel] = path.read_text(encoding="utf-8")
        content = contents[rel]
        if content[start:end] != text:
            problems.append(f"{where}: content[{start}:{end}] is {content[start:end]!r}, not {text!r}")
        spans.setdefault(rel, []).append((start, end, lineno))

    for rel, file_spans in spans.items():
        file_spans.sort()
        for (s1, e1, l1), (s2, e2, l2) in zip(file_spans, file_spans[1:]):
            if s2 < e1:
                problems.append(f"{rel}: spans on lines {l1} ({s1}..{e1}) and {l2} ({s2}..{e2}) overlap")

    garbled = root / "garbled"
    if garbled.is_dir():
        for path in sorted(garbled.glob("*.txt")):
            if f"garbled/{path.name}" not in spans:
                problems.append(f"garbled/{path.name}: has no gold entries")
    clean = root / "clean"
    if clean.is_dir():
        for path in sorted(clean.glob("*.txt")):
            problems.extend(check_text_file(path, f"clean/{path.name}"))
    return problems


def main(argv: list[str]) -> int:
    gold = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "gold.jsonl"
    problems = verify(gold)
    for problem in problems:
        print(problem, file=sys.stderr)
    n = sum(1 for _ in gold.open(encoding="utf-8"))
    print(f"{gold}: {n} entries, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
