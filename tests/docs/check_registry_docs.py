#!/usr/bin/env python3
"""Every metric and lever-effect target the engine has is documented.

Reads the registries from `fundsim schema --format json` and checks that each metric has a
row in the outputs table of docs/model.md section 7 and in the per-replicate table of
docs/output-format.md, and that each effect target has a row in the table of docs/model.md
section 3 ("What the effects change"). A row is a table line that starts with the name in
backticks. Usage: check_registry_docs.py FUNDSIM REPO_ROOT; exit 1 with one line per gap.
"""
import json
import re
import subprocess
import sys
from pathlib import Path


def section(text, heading):
    """The text from the heading line to the next heading of the same or a higher level."""
    start = text.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    rest = text[start + len(heading):]
    end = re.search(r"^#{1,%d} " % level, rest, flags=re.M)
    return rest[: end.start()] if end else rest


def table_rows(text):
    return {m.group(1) for m in re.finditer(r"^\| `([a-z_]+)` \|", text, flags=re.M)}


def gaps(schema, model_md, output_md):
    out = []
    metrics = [m["name"] for m in schema["metrics"]]
    targets = [t["name"] for t in schema["effect_targets"]]
    outputs = table_rows(section(model_md, "## 7. Outputs"))
    effects = table_rows(section(model_md, "### What the effects change"))
    per_replicate = table_rows(output_md)
    out += [f"docs/model.md section 7: no row for metric `{m}`" for m in metrics if m not in outputs]
    out += [f"docs/output-format.md: no variable row for metric `{m}`"
            for m in metrics if m not in per_replicate]
    out += [f"docs/model.md section 3: no row for effect target `{t}`"
            for t in targets if t not in effects]
    return out


def main(argv):
    fundsim, root = argv[1], Path(argv[2])
    schema = json.loads(subprocess.run([fundsim, "schema", "--format", "json"], check=True,
                                       capture_output=True, text=True).stdout)
    found = gaps(schema, (root / "docs/model.md").read_text(),
                 (root / "docs/output-format.md").read_text())
    for line in found:
        print(line)
    print(f"{len(schema['metrics'])} metrics, {len(schema['effect_targets'])} effect targets, "
          f"{len(found)} undocumented")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
