#include "cli/progress.hpp"

#include <cstdio>

namespace fundsim::cli {

void ProgressPrinter::update(const RunProgress& p) {
  if (!enabled_ || p.total == 0) return;
  const double fraction = static_cast<double>(p.done) / static_cast<double>(p.total);
  const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0.0;
  std::fprintf(stderr, "\r%s: %5.1f%%  %.2f M replicate-months/s  ETA %.0f s   ", label_.c_str(),
               100.0 * fraction, rate / 1e6, eta);
  std::fflush(stderr);
  printed_ = true;
}

void ProgressPrinter::finish() {
  if (printed_) std::fputc('\n', stderr);
  printed_ = false;
}

}  // namespace fundsim::cli
