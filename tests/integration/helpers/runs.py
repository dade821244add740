"""Running the fundsim CLI, and a cache of runs shared by tests and by test processes.

A run is identified by the fundsim binary (its bytes), the study file (its bytes) and the command
line arguments. The cache keeps the output file, stdout and stderr of each successful run under
that key, so that a run made by one ctest entry (a pytest process) is reused by the others: the
engine is deterministic, so the same binary, study and arguments give the same file. A file lock
per key makes a second process wait for a run the first one is making instead of making it too.
Cached files are shared: tests open them read-only and never change them.
"""
import contextlib
import fcntl
import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Fundsim:
    """The fundsim executable under test."""

    def __init__(self, path, source_dir):
        self.path = Path(path).resolve()
        self.source_dir = Path(source_dir).resolve()
        self.sha256 = _sha256(self.path)

    def study(self, name):
        """A study file: a name in scenarios/ ("small.toml") or a path."""
        p = Path(name)
        return p if p.is_absolute() else self.source_dir / "scenarios" / p

    def call(self, *args, cwd=None, timeout=600, env=None):
        """Runs `fundsim ARGS...`; returns the CompletedProcess (text stdout and stderr)."""
        return subprocess.run([str(self.path), *map(str, args)], cwd=cwd, capture_output=True,
                              text=True, timeout=timeout, env=env)


@dataclass(frozen=True)
class Run:
    """A finished, successful run: its output file and what it printed."""
    path: Path
    stdout: str
    stderr: str
    args: tuple


class RunFailed(Exception):
    pass


class RunCache:
    """Runs `fundsim run STUDY ARGS... -o FILE` once per (binary, study, arguments).

    root/<binary hash>/<run key>/ holds run.h5, stdout.txt, stderr.txt and done.json (written
    last: a run without it never finished and is made again). Directories of other binaries are
    removed when the cache is opened, so that a rebuild does not leave old runs behind.
    """

    def __init__(self, fundsim, root):
        self.fundsim = fundsim
        self.root = Path(root)
        self.dir = self.root / fundsim.sha256[:16]
        self.dir.mkdir(parents=True, exist_ok=True)
        with self._lock(self.root / "prune.lock"):
            for other in self.root.iterdir():
                if other.is_dir() and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)

    @staticmethod
    @contextlib.contextmanager
    def _lock(path):
        """An exclusive lock on PATH, held by this process until the block ends."""
        with open(path, "w") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            yield

    def key(self, study, args):
        h = hashlib.sha256()
        h.update(_sha256(study).encode())
        h.update(json.dumps([str(study), list(args)]).encode())
        return h.hexdigest()[:20]

    def run(self, study, *args, timeout=900):
        """The Run of `fundsim run STUDY ARGS --quiet`, made now or earlier. Raises RunFailed."""
        study = self.fundsim.study(study)
        args = tuple(str(a) for a in args)
        entry = self.dir / self.key(study, args)
        with self._lock(str(entry) + ".lock"):
            done = entry / "done.json"
            if not done.exists():
                shutil.rmtree(entry, ignore_errors=True)
                entry.mkdir()
                p = self.fundsim.call("run", study, *args, "--quiet", "-o", entry / "run.h5",
                                      cwd=entry, timeout=timeout)
                (entry / "stdout.txt").write_text(p.stdout)
                (entry / "stderr.txt").write_text(p.stderr)
                if p.returncode != 0:
                    shutil.rmtree(entry, ignore_errors=True)
                    raise RunFailed(f"fundsim run {study} {' '.join(args)}: exit {p.returncode}\n"
                                    f"{p.stderr[-2000:]}")
                done.write_text(json.dumps({"study": str(study), "args": list(args)}))
        return Run(entry / "run.h5", (entry / "stdout.txt").read_text(),
                   (entry / "stderr.txt").read_text(), args)
