"""Helpers shared by the CLI end-to-end tests (pytest modules and bash scripts).

One module per concept: running fundsim and caching its runs (runs), the engine's registries
(schema), reading fundsim files (h5), bitwise comparison (h5_compare), statistics of paired
differences (stats), quantile rank error (quantile_rank), study edits (studies, mutants), other
readers of the file (readers), the reference model comparison (reference), images (images).
"""
