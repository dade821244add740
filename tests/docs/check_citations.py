#!/usr/bin/python3
"""Every document the code cites exists in the repository, with the cited section.

Scans source, scripts, tests and study files for citations of the form `docs/NAME.md`,
optionally followed by `§N`, `§N.M`, `§N-M` or `section N`, and checks that the file exists and
has a heading numbered N (`## N.` or `### N.M`). Citations of files outside the repository (the
original specifications MODEL.md, STUDY.md, DESIGN.md, HDF5-NOTES.md, or ../shared/) are
errors: a clone must be understandable on its own. Markdown links between the docs and from the
README must point at files that exist.

Usage: check_citations.py SOURCE_DIR     exits 1 and lists every problem
"""
import pathlib
import re
import sys

SCANNED = ["engine", "tests", "scripts", "scenarios", "CMakeLists.txt", ".ci"]
SUFFIXES = {".cpp", ".hpp", ".h", ".py", ".sh", ".toml", ".txt", ".in", ".sbatch", ""}
OUTSIDE = re.compile(r"\b(MODEL|STUDY|DESIGN|HDF5-NOTES)\.md\b|\.\./shared/|/work/shared/")
CITATION = re.compile(r"docs/([\w-]+\.md)(?:,? *(?:§ *|section +)(\d+)(?:\.(\d+))?)?")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def sections(doc):
    found = set()
    for line in doc.read_text().splitlines():
        m = re.match(r"#{2,4}\s+(\d+)(?:\.(\d+))?[.\s]", line)
        if m:
            found.add((m.group(1), m.group(2)))
            found.add((m.group(1), None))
    return found


def scanned_files(root):
    for entry in SCANNED:
        path = root / entry
        if path.is_file():
            yield path
        elif path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix in SUFFIXES and "__pycache__" not in f.parts:
                    yield f


def problems(source):
    root = pathlib.Path(source)
    self_path = pathlib.Path(__file__).resolve()
    cache = {}
    out = []
    for f in scanned_files(root):
        if f.resolve() == self_path or f.name.startswith("test_check_citations"):
            continue
        try:
            lines = f.read_text().splitlines()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(lines, 1):
            where = f"{f.relative_to(root)}:{number}"
            if OUTSIDE.search(line):
                out.append(f"{where}: cites a file outside the repository: {line.strip()[:100]}")
            for m in CITATION.finditer(line):
                doc = root / "docs" / m.group(1)
                if not doc.is_file():
                    out.append(f"{where}: docs/{m.group(1)} does not exist")
                    continue
                if m.group(2):
                    have = cache.setdefault(doc, sections(doc))
                    if (m.group(2), m.group(3)) not in have:
                        cited = m.group(2) + (f".{m.group(3)}" if m.group(3) else "")
                        out.append(f"{where}: docs/{m.group(1)} has no section {cited}")
    for doc in [root / "README.md"] + sorted((root / "docs").glob("*.md")):
        for number, line in enumerate(doc.read_text().splitlines(), 1):
            if OUTSIDE.search(line):
                out.append(f"{doc.relative_to(root)}:{number}: cites a file outside the repository")
            for m in LINK.finditer(line):
                target = (doc.parent / m.group(1)).resolve()
                if not m.group(1).startswith("http") and not target.is_file():
                    out.append(f"{doc.relative_to(root)}:{number}: link to missing {m.group(1)}")
    return out


def main(source):
    found = problems(source)
    for p in found:
        print(p)
    print(f"{len(found)} citation problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
