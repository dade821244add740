#pragma once
// One row of a sensitivity design: where to evaluate the model.
#include <cstdint>
#include <vector>

namespace fundsim::sensitivity {

struct DesignPoint {
  // One uniform in (0,1) per uncertain parameter; the engine maps u_j to the parameter's value
  // through its quantile function.
  std::vector<double> u;
  // Selects the model's internal random numbers (the replicate word of its StreamKey): rows
  // with the same stream id see the same random numbers (common random numbers).
  std::uint64_t stream_id = 0;
};

}  // namespace fundsim::sensitivity
