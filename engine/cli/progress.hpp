#pragma once
// Progress of a long computation on stderr (docs/study-format.md "Progress"). On a terminal one
// line rewritten in place; in a batch log or notebook (stderr not a terminal) a full line every
// `every_seconds`, with a UTC time stamp, so that logs show how far a job got and how fast.
#include <string>

namespace fundsim::cli {

struct ProgressStyle {
  bool enabled = true;          // false with --quiet (and on MPI ranks other than 0)
  bool terminal = false;        // stderr is a terminal
  double every_seconds = 60.0;  // between log lines when not a terminal (0: every update)
};

// The style for stderr: a terminal or not, and --progress-every.
ProgressStyle stderr_progress(bool quiet, double every_seconds);

class ProgressPrinter {
 public:
  // `unit` names what is counted ("replicate-months", "rows").
  ProgressPrinter(std::string label, std::string unit, ProgressStyle style)
      : label_(std::move(label)), unit_(std::move(unit)), style_(style) {}
  // `done` of `total` units after `seconds` of wall time.
  void update(double done, double total, double seconds);
  void finish();  // ends the terminal line; in a log, a last line if the end was not shown

 private:
  std::string line(double done, double total, double seconds) const;

  std::string label_;
  std::string unit_;
  ProgressStyle style_;
  bool printed_ = false;    // a terminal line is open
  double last_log_ = -1.0;  // seconds of the last log line (-1: none yet)
  double last_done_ = 0.0, last_total_ = 0.0, last_seconds_ = 0.0;
  bool last_logged_ = true;  // the latest update was printed to the log
};

}  // namespace fundsim::cli
