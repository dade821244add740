"""The engine's registries, from `fundsim schema --format json`.

Tests take metric names and their properties from here instead of spelling them out, so that a
metric added to (or renamed in) the engine is checked everywhere at once. Format:

    {"metrics": [{"name": "arrests", "per_class": true, "kind": "flow" | "stock" | "level",
                  "better": "lower" | "higher" | "none", "units": "...", "long_name": "...",
                  "dtype": "int32" | "float32", "in_differences": true | false}, ...],
     "effect_targets": [...], "distributions": [...], "study_keys": {...}}
"""
import json
import subprocess
from dataclasses import dataclass


class SchemaUnavailable(Exception):
    """The binary cannot print its schema: every test that needs it must fail with this message."""


@dataclass(frozen=True)
class Metric:
    name: str
    per_class: bool
    kind: str            # "flow" (summed over months), "stock" (end of month), "level" (capacity)
    better: str          # direction of an improvement in a paired difference
    units: str
    long_name: str
    dtype: str           # storage type of the per-replicate array
    in_differences: bool  # has NAME_horizon_* and NAME_diff_* summaries

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class Schema:
    raw: dict

    @property
    def metrics(self):
        fields = Metric.__dataclass_fields__
        return [Metric(**{k: m[k] for k in fields}) for m in self.raw["metrics"]]

    def metric(self, name):
        for m in self.metrics:
            if m.name == name:
                return m
        raise KeyError(f"metric '{name}' is not in `fundsim schema`")

    @property
    def difference_metrics(self):
        """The metrics with horizon summaries and paired differences (output-format.md 2.5-2.6)."""
        return [m for m in self.metrics if m.in_differences]


_loaded = {}


def load(fundsim_path):
    """The schema of a fundsim binary (read once per process). Raises SchemaUnavailable."""
    key = str(fundsim_path)
    if key not in _loaded:
        try:
            p = subprocess.run([key, "schema", "--format", "json"], capture_output=True, text=True,
                               timeout=60)
        except OSError as e:
            _loaded[key] = SchemaUnavailable(f"cannot run {key}: {e}")
        else:
            if p.returncode != 0:
                _loaded[key] = SchemaUnavailable(
                    f"`{key} schema --format json` exited {p.returncode} "
                    f"({(p.stderr.strip().splitlines() or [''])[0][:200]}). "
                    "This test takes metric names from the engine's schema command; it fails until "
                    "the engine has it.")
            else:
                try:
                    schema = Schema(json.loads(p.stdout))
                    schema.metrics  # every metric has every field
                    _loaded[key] = schema
                except (ValueError, KeyError, TypeError) as e:
                    _loaded[key] = SchemaUnavailable(
                        f"`{key} schema --format json` printed something else than the documented "
                        f"format ({type(e).__name__}: {e}): {p.stdout[:300]}")
    result = _loaded[key]
    if isinstance(result, SchemaUnavailable):
        raise result
    return result
