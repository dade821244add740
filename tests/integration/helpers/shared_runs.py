"""Runs several test modules read, by name (conftest.py makes them fixtures of the same names):
the run cache makes each once per binary however many modules ask for it."""

# small.toml, 2,000 replicates, full file (per-replicate arrays of the named scenarios)
SMALL_FULL_2000 = ("small.toml", "--replicates", "2000", "--threads", "2")
# the same replicates, summary-only, with another thread count
SMALL_SUMMARY_2000 = ("small.toml", "--replicates", "2000", "--threads", "1", "--summary-only")
SMALL_FULL_200 = ("small.toml", "--replicates", "200")
SMALL_SUMMARY_200 = ("small.toml", "--replicates", "200", "--summary-only")
# uk-2018.toml (the default study), summary-only
UK_SUMMARY_400 = ("uk-2018.toml", "--replicates", "400", "--summary-only")
