#pragma once
// The one place the calibration meets the simulator. The algorithm hands over a batch of
// requests; request i asks for `replicates` independent runs at the u-point point(i), replicate
// r with the random-number stream id first_stream[i] + r (the engine uses it as the replicate
// index of its StreamKey). Stream ids are never reused within one calibration. The callback
// fills every simulated observation value and may compute the requests in any order, in
// parallel or on other MPI ranks: the algorithm reads them by position only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "calibration/observation_model.hpp"

namespace fundsim::calibration {

struct SimulationBatch {
  std::size_t dimensions = 0;
  std::size_t replicates = 0;
  std::size_t observations = 0;
  std::vector<double> points;               // size() x dimensions, row-major, in (0,1)
  std::vector<std::uint64_t> first_stream;  // one per request

  std::size_t size() const { return first_stream.size(); }
  std::span<const double> point(std::size_t i) const {
    return std::span<const double>(points).subspan(i * dimensions, dimensions);
  }
  // Position of (request i, replicate r, observation j) in the outputs.
  std::size_t output_index(std::size_t i, std::size_t r, std::size_t j) const {
    return (i * replicates + r) * observations + j;
  }
};

// Fills outputs[batch.output_index(i, r, j)] with observation j's simulated value (in the
// observation's units: its sum or monthly mean over the period, see simulated_value) in
// replicate r of request i. outputs.size() = size() * replicates * observations.
using BatchSimulator = std::function<void(const SimulationBatch& batch, std::span<double> outputs)>;

// Calls `simulate` on outputs pre-filled with NaN and checks what came back: every value finite,
// and >= 0 for count observations. Throws fundsim::Error naming the request, replicate and
// observation otherwise.
std::vector<double> run_batch(const BatchSimulator& simulate, const SimulationBatch& batch,
                              std::span<const Target> targets);

}  // namespace fundsim::calibration
