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
# tests/data/studies/briefing.toml (six named scenarios, a 15-point sweep, a weighted objective):
# the plot checks (test_plots_briefing.py) and the examples of docs/examples (test_examples.py)
BRIEFING = "../tests/data/studies/briefing.toml"  # relative to scenarios/, as runs.run resolves it
BRIEFING_FULL_200 = (BRIEFING, "--replicates", "200")
BRIEFING_SUMMARY_200 = (BRIEFING, "--replicates", "200", "--summary-only")
