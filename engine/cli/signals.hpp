#pragma once
// SIGINT/SIGTERM request a clean stop: the handler only records the signal number; the runner
// polls it and unwinds, and the pending output removes its temporary file.
#include <atomic>

namespace fundsim::cli {

// Installs the handlers and returns the flag they set (0 until a signal arrives). A signal
// handler can only reach process-wide storage, so this flag is the one static in the program.
const std::atomic<int>& install_stop_handlers();

}  // namespace fundsim::cli
