"""Plots of the files fundsim writes other than a run's (docs/output-format.md): one module per
kind of file (the root attribute `file_kind`; a run file has none). scripts/plot dispatches to
`draw(path, outdir, fmt, only)` of the module named after the kind, which returns the paths it
wrote."""
