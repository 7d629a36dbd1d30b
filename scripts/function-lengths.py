#!/usr/bin/env python3
"""make test's check that no function in Sources/ is longer than a limit.

usage: function-lengths.py [ROOT] [LIMIT]   (defaults: Sources 80)

Counts the lines of every func, init and deinit from its declaration to its
closing brace, after blanking strings and comments so that braces inside
them do not count. Prints each one over the limit, longest first, and exits
1 if there is any: a long function is usually several steps that want names.
"""
import pathlib
import re
import sys

DECLARATION = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*"
    r"(?:(?:public|private|internal|fileprivate|package|static|class|override|mutating|nonmutating"
    r"|final|nonisolated|convenience|required)\s+)*"
    r"(?:func\s+\S+|init[?!]?|deinit)\b")


def code_lines(source: str) -> list[str]:
    """The file's lines with string literals and comments emptied."""
    keep_newlines = lambda match: "\n" * match.group(0).count("\n")
    source = re.sub(r'"""[\s\S]*?"""', keep_newlines, source)
    source = re.sub(r"/\*[\s\S]*?\*/", keep_newlines, source)
    lines = []
    for line in source.split("\n"):
        line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
        lines.append(re.sub(r"//.*", "", line))
    return lines


def function_lengths(lines: list[str]):
    """(first line, length) of every function body in the file."""
    for start, line in enumerate(lines):
        if not DECLARATION.match(line):
            continue
        depth, opened = 0, False
        for end in range(start, len(lines)):
            depth += lines[end].count("{") - lines[end].count("}")
            opened = opened or "{" in lines[end]
            if opened and depth <= 0:
                yield start + 1, end - start + 1
                break
            if not opened and end > start + 15:
                break  # a protocol requirement: no body


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "Sources")
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 80
    over = []
    for path in sorted(root.rglob("*.swift")):
        for line, length in function_lengths(code_lines(path.read_text(errors="replace"))):
            if length > limit:
                over.append((length, f"{path}:{line}"))
    for length, where in sorted(over, reverse=True):
        print(f"{where}: error: function of {length} lines (at most {limit}): split it into named steps")
    print(f"{len(over)} functions over {limit} lines")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
