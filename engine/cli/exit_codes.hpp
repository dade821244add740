#pragma once
// The one mapping from errors to exit codes (docs/study-format.md §9: 0 success, 2 invalid input, 3
// output problem, 1 anything else; 130/143 on SIGINT/SIGTERM).
#include <exception>

namespace fundsim::cli {

// Prints the error's message to stderr and returns its exit code.
int report_error(std::exception_ptr error);

}  // namespace fundsim::cli
