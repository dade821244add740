#include "cli/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "support/calendar.hpp"

namespace fundsim::cli {

ProgressStyle stderr_progress(bool quiet, double every_seconds) {
  return ProgressStyle{!quiet, ::isatty(STDERR_FILENO) == 1, every_seconds};
}

namespace {

// "about 3 min left", "about 2 h 5 min left": a log reader wants the order of magnitude.
std::string time_text(double seconds) {
  char buf[64];
  if (!std::isfinite(seconds)) return "unknown";
  if (seconds < 90) {
    std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  } else if (seconds < 5400) {
    std::snprintf(buf, sizeof buf, "%.0f min", seconds / 60);
  } else {
    const double minutes = std::round(seconds / 60);
    std::snprintf(buf, sizeof buf, "%.0f h %.0f min", std::floor(minutes / 60),
                  std::fmod(minutes, 60.0));
  }
  return buf;
}

}  // namespace

std::string ProgressPrinter::line(double done, double total, double seconds) const {
  const double rate = seconds > 0 ? done / seconds : 0.0;
  const double left = rate > 0 ? (total - done) / rate : INFINITY;
  char buf[256];
  const bool millions = unit_ == "replicate-months";
  const double shown = millions ? rate / 1e6 : rate;
  std::snprintf(buf, sizeof buf,
                shown >= 1000 ? "%5.1f%% done, %.0f %s%s/s, elapsed %s, about %s left"
                              : "%5.1f%% done, %.3g %s%s/s, elapsed %s, about %s left",
                100.0 * done / total, shown, millions ? "M " : "", unit_.c_str(),
                time_text(seconds).c_str(), time_text(left).c_str());
  return label_ + ": " + buf;
}

void ProgressPrinter::update(double done, double total, double seconds) {
  if (!style_.enabled || !(total > 0)) return;
  last_done_ = done;
  last_total_ = total;
  last_seconds_ = seconds;
  if (style_.terminal) {
    std::fprintf(stderr, "\r%s   ", line(done, total, seconds).c_str());
    std::fflush(stderr);
    printed_ = true;
    return;
  }
  last_logged_ = false;
  if (last_log_ >= 0 && seconds - last_log_ < style_.every_seconds) return;
  std::fprintf(stderr, "%s %s\n", utc_timestamp().c_str(), line(done, total, seconds).c_str());
  std::fflush(stderr);
  last_log_ = seconds;
  last_logged_ = true;
}

void ProgressPrinter::finish() {
  if (printed_) std::fputc('\n', stderr);
  printed_ = false;
  if (!style_.enabled || style_.terminal || last_logged_ || !(last_total_ > 0)) return;
  std::fprintf(stderr, "%s %s\n", utc_timestamp().c_str(),
               line(last_done_, last_total_, last_seconds_).c_str());
  last_logged_ = true;
}

}  // namespace fundsim::cli
