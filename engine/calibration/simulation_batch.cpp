#include "calibration/simulation_batch.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "errors.hpp"

namespace fundsim::calibration {

std::vector<double> run_batch(const BatchSimulator& simulate, const SimulationBatch& batch,
                              std::span<const Target> targets) {
  std::vector<double> outputs(batch.size() * batch.replicates * batch.observations,
                              std::numeric_limits<double>::quiet_NaN());
  if (batch.size() == 0) return outputs;
  simulate(batch, outputs);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (std::size_t r = 0; r < batch.replicates; ++r) {
      for (std::size_t j = 0; j < batch.observations; ++j) {
        const double y = outputs[batch.output_index(i, r, j)];
        const bool count = targets[j].model != ObservationModel::normal;
        if (!std::isfinite(y) || (count && y < 0))
          throw Error("simulator returned " + std::to_string(y) + " for observation '" +
                      targets[j].label + "' (request " + std::to_string(i) + ", replicate " +
                      std::to_string(r) + ", stream " + std::to_string(batch.first_stream[i] + r) +
                      (count ? "): a count must be finite and >= 0" : "): must be finite"));
      }
    }
  }
  return outputs;
}

}  // namespace fundsim::calibration
