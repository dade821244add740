// Precompiled for the engine libraries when FUNDSIM_PCH is on (the sanitizer trees of CI,
// docs/architecture.md §5): the standard and third-party headers most files include. Never
// included by name: every source file includes what it uses, and the Release build compiles
// without this header, so a missing include still fails there.
#pragma once
#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
