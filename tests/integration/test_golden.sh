#!/usr/bin/env bash
# Golden regression: a fixed run of scenarios/small.toml must reproduce tests/golden/small-summary.json.
exec /usr/bin/python3 "$2/tests/golden/golden.py" check "$1" "$2"
