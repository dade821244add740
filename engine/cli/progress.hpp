#pragma once
// Progress on stderr when it is a terminal: percent, replicate-months per second, ETA.
#include <string>

#include "run/runner.hpp"

namespace fundsim::cli {

class ProgressPrinter {
 public:
  ProgressPrinter(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled) {}
  void update(const RunProgress& progress);
  void finish();  // ends the progress line

 private:
  std::string label_;
  bool enabled_;
  bool printed_ = false;
};

}  // namespace fundsim::cli
