"""Reading fundsim output files with h5py: the small conversions every test needs."""
import h5py
import numpy as np


def text(value):
    """An HDF5 string attribute or element as str (h5py gives bytes for fixed-length strings)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def names(dataset):
    """A string coordinate (scenario, class, parameter, ...) as a list of str."""
    return [text(v) for v in dataset[()]]


def scenario_index(f, name):
    return names(f["scenario"]).index(name)


def baseline_index(f):
    """Index of the study's baseline scenario (root attribute `baseline`)."""
    return scenario_index(f, text(f.attrs["baseline"]))


def stored_scenarios(f):
    """Indices of the scenarios whose per-replicate arrays are in the file."""
    return [int(s) for s in np.nonzero(f["replicates_stored"][()] == 1)[0]]


def class_total(f, metric):
    """Per-replicate values of a metric summed over classes, as int64: (scenario, replicate, month)."""
    values = f[metric][()].astype(np.int64)
    return values.sum(axis=3) if values.ndim == 4 else values


def open_file(path):
    return h5py.File(path, "r")
