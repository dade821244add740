#pragma once
// The repository's small study (scenarios/small.toml), which many unit tests load.
#include <string>

#include "study/study.hpp"

namespace fundsim::test {

inline Study small_study() {
  return load_study(std::string(FUNDSIM_SOURCE_DIR) + "/scenarios/small.toml");
}

}  // namespace fundsim::test
