"""What a new user meets on the command line (issue 15 items 3 and 4): progress lines in batch
logs, `validate` naming the baseline, abbreviated options refused with the full name suggested.
Study-file messages (baseline under [run], unclosed string, shares in percent) are malformed
studies in tests/data/malformed, checked by test_malformed_cli.py.
"""
import re

# "2026-12-01T02:47:54Z small:  53.6% done, 0.0344 M replicate-months/s, elapsed 1 s, about 1 s left"
PROGRESS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ small: +(\d+\.\d)% done, [0-9.e+]+ M "
                      r"replicate-months/s, elapsed \d+ (s|min), about \d+ (s|min) left$")


def progress_lines(stderr):
    return [line for line in stderr.splitlines() if "% done" in line]


def test_progress_lines_in_a_log_every_interval_with_percent_rate_and_time_left(fundsim, tmp_path):
    # About 1.7 M replicate-months: seconds of work, so several of the runner's progress updates
    # (every 250 ms) fall inside the run.
    p = fundsim.call("run", fundsim.study("small.toml"), "--replicates", "10000", "--threads", "1",
                     "--summary-only", "--progress-every", "0", "-o", tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    lines = progress_lines(p.stderr)
    # --progress-every 0: a line at every update of the runner.
    assert len(lines) >= 2, p.stderr
    percents = []
    for line in lines:
        m = PROGRESS.match(line)
        assert m, f"not a progress line: {line!r}"
        percents.append(float(m.group(1)))
    assert percents == sorted(percents) and percents[-1] == 100.0, percents
    assert "\r" not in p.stderr  # a log gets whole lines, not a line rewritten in place


def test_default_interval_keeps_a_short_run_to_its_first_and_last_line(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study("small.toml"), "--replicates", "300", "--threads", "1",
                     "-o", tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    lines = progress_lines(p.stderr)
    assert 1 <= len(lines) <= 2, p.stderr  # a run of a few seconds, lines every 60 s
    assert PROGRESS.match(lines[-1]) and " 100.0% done" in lines[-1], lines


def test_quiet_prints_no_progress(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study("small.toml"), "--replicates", "100", "--quiet",
                     "--progress-every", "0", "-o", tmp_path / "out.h5")
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""


def test_progress_every_rejects_a_negative_interval(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study("small.toml"), "--progress-every", "-1",
                     "-o", tmp_path / "out.h5")
    assert p.returncode == 2
    assert "--progress-every must be a number of seconds >= 0" in p.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_names_the_baseline(fundsim):
    p = fundsim.call("validate", fundsim.study("uk-2018.toml"))
    assert p.returncode == 0, p.stderr
    assert "; baseline 'baseline')" in p.stdout, p.stdout


def test_abbreviated_option_is_refused_and_the_full_name_suggested(fundsim, tmp_path):
    p = fundsim.call("run", fundsim.study("small.toml"), "--thread", "1", "-o", tmp_path / "out.h5")
    assert p.returncode == 2
    assert "unrecognised option '--thread'; did you mean '--threads'?" in p.stderr, p.stderr
    assert "not abbreviated" in p.stderr
    assert list(tmp_path.iterdir()) == []
