#pragma once
// Typed exceptions. Only the CLI maps them to exit codes (docs/study-format.md §9: 2 input, 3
// output, 1 other).
#include <stdexcept>
#include <string>

namespace fundsim {

// Base of every error fundsim raises on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Invalid study file or invalid command-line arguments (exit 2). The message
// starts with "FILE:LINE:COLUMN: " where a location is known.
class InputError : public Error {
 public:
  using Error::Error;
};

// The output cannot be written: exists without --overwrite, unwritable, disk full (exit 3).
class OutputError : public Error {
 public:
  using Error::Error;
};

// A model quantity left the range its storage or sampler supports (exit 1).
class NumericError : public Error {
 public:
  using Error::Error;
};

// The run was stopped by SIGINT/SIGTERM; no output was left behind.
class Interrupted : public Error {
 public:
  explicit Interrupted(int signal_number)
      : Error("interrupted by signal " + std::to_string(signal_number)), signal(signal_number) {}
  int signal;
};

}  // namespace fundsim
